#include "search/searcher.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>
#include <string_view>
#include <unordered_map>

#include "search/cjk.h"

namespace jobmatch {

namespace {

// Counts the values of a slot that may hold several, separated by
// kListSeparator; `pick` >= 0 counts only the pick-th value (a region level).
// It sees the first kFacetSample matches and those ranked above them after
// (every match when sorting by value): values are looked up as views, and
// copied only the first time they are seen.
class ListCountSpy : public Xapian::MatchSpy {
 public:
  ListCountSpy(Xapian::valueno slot, int pick) : slot_(slot), pick_(pick) {}

  void operator()(const Xapian::Document& doc, double) override {
    ++seen_;
    const std::string v = doc.get_value(slot_);
    if (v.empty()) return;
    int index = 0;
    for (std::size_t start = 0;; ++index) {
      const std::size_t end = std::min(v.find(kListSeparator, start), v.size());
      if (pick_ < 0 || index == pick_) {
        const std::string_view value(v.data() + start, end - start);
        if (auto it = counts_.find(value); it != counts_.end()) {
          ++it->second;
        } else {
          counts_.emplace(value, 1);
        }
      }
      if (end == v.size()) break;
      start = end + 1;
    }
  }

  struct Hash : std::hash<std::string_view> {
    using is_transparent = void;
  };
  using Counts = std::unordered_map<std::string, int64_t, Hash, std::equal_to<>>;
  const Counts& counts() const { return counts_; }
  int64_t seen() const { return seen_; }  // documents looked at

 private:
  int64_t seen_ = 0;
  Xapian::valueno slot_;
  int pick_;
  Counts counts_;
};

// Splits on ASCII white space and the ideographic space U+3000.
std::vector<std::string> SplitWords(const std::string& text) {
  std::vector<std::string> out;
  std::string cur;
  for (std::size_t i = 0; i < text.size();) {
    if (text.compare(i, 3, "\xE3\x80\x80") == 0) {
      i += 3;
    } else if (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r') {
      ++i;
    } else {
      cur += text[i++];
      continue;
    }
    if (!cur.empty()) out.push_back(std::move(cur));
    cur.clear();
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

Xapian::Query AnyTerm(const std::string& prefix, const std::vector<std::string>& values) {
  std::vector<Xapian::Query> terms;
  for (const auto& v : values) terms.emplace_back(prefix + v);
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

// Counts by value, scaled up to `total` matches when the spy saw fewer.
std::vector<FacetCount> TopCounts(const ListCountSpy& spy, int64_t total,
                                  const std::function<std::string(const std::string&)>& name) {
  const double scale =
      spy.seen() > 0 && total > spy.seen() ? static_cast<double>(total) / spy.seen() : 1.0;
  std::vector<FacetCount> out;
  for (const auto& [value, n] : spy.counts()) {
    out.push_back({value, name(value), std::llround(n * scale)});
  }
  std::sort(out.begin(), out.end(), [](const FacetCount& a, const FacetCount& b) {
    return a.count != b.count ? a.count > b.count : a.value < b.value;
  });
  return out;
}

// The documents of a filter, listed once (Searcher::Retrieve), as a Xapian
// posting list without weights.
class DocidList final : public Xapian::PostingSource {
 public:
  DocidList(std::shared_ptr<const std::vector<Xapian::docid>> ids, std::string key)
      : ids_(std::move(ids)), key_(std::move(key)) {}

  void init(const Xapian::Database&) override {
    pos_ = 0;
    started_ = false;
  }
  Xapian::doccount get_termfreq_min() const override { return ids_->size(); }
  Xapian::doccount get_termfreq_est() const override { return ids_->size(); }
  Xapian::doccount get_termfreq_max() const override { return ids_->size(); }
  void next(double) override {
    if (started_) ++pos_;
    started_ = true;
  }
  void skip_to(Xapian::docid did, double) override {
    started_ = true;
    pos_ = std::lower_bound(ids_->begin() + pos_, ids_->end(), did) - ids_->begin();
  }
  bool at_end() const override { return pos_ >= ids_->size(); }
  Xapian::docid get_docid() const override { return (*ids_)[pos_]; }
  DocidList* clone() const override { return new DocidList(ids_, key_); }
  // So that a query holding it can be serialised.
  std::string name() const override { return "jobmatch.DocidList"; }
  std::string serialise() const override { return key_; }

 private:
  std::shared_ptr<const std::vector<Xapian::docid>> ids_;
  std::string key_;
  std::size_t pos_ = 0;
  bool started_ = false;
};

// Every document matching a boolean query, in docid order.
std::vector<Xapian::docid> AllMatches(Xapian::Database& db, const Xapian::Query& query) {
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  enquire.set_docid_order(Xapian::Enquire::ASCENDING);
  Xapian::MSet mset = enquire.get_mset(0, db.get_doccount());
  std::vector<Xapian::docid> out;
  out.reserve(mset.size());
  for (auto it = mset.begin(); it != mset.end(); ++it) out.push_back(*it);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

Searcher::Searcher(std::string path, const IndexSchema& schema, const Taxonomy& taxonomy,
                   const Regions& regions, const Indexer& indexer, const SearchCaches& caches)
    : path_(std::move(path)),
      schema_(schema),
      taxonomy_(taxonomy),
      regions_(regions),
      indexer_(indexer),
      summaries_(caches.summaries),
      retrievals_(caches.retrievals),
      filters_(caches.filters) {}

Searcher::Reader Searcher::Acquire() {
  Reader r;
  {
    std::lock_guard lock(mu_);
    if (!idle_.empty()) {
      r = std::move(idle_.back());
      idle_.pop_back();
    }
  }
  uint64_t now = indexer_.generation();
  if (!r.db) {
    r.db = std::make_unique<Xapian::Database>(path_);
  } else if (r.generation != now) {
    r.db->reopen();
  }
  r.generation = now;
  return r;
}

void Searcher::Release(Reader r) {
  std::lock_guard lock(mu_);
  idle_.push_back(std::move(r));
}

namespace {

// The query parser turns a Chinese word into the AND of its characters and
// its bigrams. Characters are indexed only in titles and occupation names
// (index/schema.json, cjk_unigrams): keep only the bigrams of such an AND, so
// that an expression finds words in every field. Phrases stay as they are
// (positions, and with them characters, exist for titles only).
Xapian::Query WithoutCharacters(const Xapian::Query& q) {
  const auto op = q.get_type();
  if (op != Xapian::Query::OP_AND && op != Xapian::Query::OP_OR &&
      op != Xapian::Query::OP_AND_NOT && op != Xapian::Query::OP_AND_MAYBE &&
      op != Xapian::Query::OP_XOR && op != Xapian::Query::OP_FILTER) {
    return q;
  }
  auto leaf = [](const Xapian::Query& sub) {
    return sub.get_type() == Xapian::Query::LEAF_TERM ? *sub.get_terms_begin() : std::string();
  };
  bool bigrams = false;
  for (std::size_t i = 0; i < q.get_num_subqueries(); ++i) {
    bigrams |= IdeographCount(leaf(q.get_subquery(i))) == 2;
  }
  std::vector<Xapian::Query> subs;
  for (std::size_t i = 0; i < q.get_num_subqueries(); ++i) {
    const Xapian::Query sub = q.get_subquery(i);
    if (op == Xapian::Query::OP_AND && bigrams && IdeographCount(leaf(sub)) == 1) continue;
    subs.push_back(WithoutCharacters(sub));
  }
  return Xapian::Query(op, subs.begin(), subs.end());
}

// The terms `q` requires when it is a term or an AND of terms; else none.
std::set<std::string> RequiredTerms(const Xapian::Query& q) {
  std::set<std::string> out;
  if (q.get_type() == Xapian::Query::LEAF_TERM) {
    out.insert(*q.get_terms_begin());
  } else if (q.get_type() == Xapian::Query::OP_AND) {
    for (std::size_t i = 0; i < q.get_num_subqueries(); ++i) {
      const Xapian::Query sub = q.get_subquery(i);
      if (sub.get_type() != Xapian::Query::LEAF_TERM) return {};
      out.insert(*sub.get_terms_begin());
    }
  }
  return out;
}

// The variants of a word (it and its synonyms, OR'd) without those requiring
// every term another one requires: 电焊工 (电焊 AND 焊工) matches only
// openings that 焊工 matches. Dropping it leaves the same matches, counts 焊工
// once instead of twice, and spares a walk of posting lists as long as 焊工's
// (at a million openings the OR of 焊工's five variants cost 2.4–2.7 times
// the OR of the two that remain: bench/xapian_queries.py).
std::vector<Xapian::Query> WithoutSubsumed(std::vector<Xapian::Query> variants) {
  std::vector<std::set<std::string>> terms;
  for (const auto& v : variants) terms.push_back(RequiredTerms(v));
  auto covers = [&](std::size_t a, std::size_t b) {  // a matches whatever b matches
    return !terms[a].empty() &&
           std::includes(terms[b].begin(), terms[b].end(), terms[a].begin(), terms[a].end()) &&
           (terms[a] != terms[b] || a < b);
  };
  std::vector<Xapian::Query> out;
  for (std::size_t b = 0; b < variants.size(); ++b) {
    bool subsumed = false;
    for (std::size_t a = 0; a < variants.size() && !subsumed; ++a)
      subsumed = a != b && covers(a, b);
    if (!subsumed) out.push_back(std::move(variants[b]));
  }
  return out;
}

}  // namespace

Xapian::Query Searcher::WordQuery(Xapian::QueryParser& qp, const std::string& word) const {
  const auto runs = SplitIdeographs(word);
  const bool chinese = std::any_of(runs.begin(), runs.end(), [](auto& r) { return r.ideographs; });
  constexpr unsigned kCjk = Xapian::QueryParser::FLAG_CJK_NGRAM;  // kana, hangul
  if (!chinese) return qp.parse_query(word, Xapian::QueryParser::FLAG_DEFAULT | kCjk);
  // Chinese runs: the AND of their bigrams (a one-character run: itself). The
  // parser would also AND every single character; characters are indexed in
  // titles and occupation names only, and a character such as 工 is in nearly
  // every posting, so it would dominate the cost while adding nothing. The
  // rest of a mixed word (C1驾照, CNC操作工) is parsed as plain terms.
  std::vector<Xapian::Query> parts;
  for (const TextRun& run : runs) {
    if (run.ideographs) {
      for (const auto& term : IdeographBigrams(run.text)) parts.emplace_back(term);
    } else if (Xapian::Query q = qp.parse_query(std::string(run.text), kCjk); !q.empty()) {
      parts.push_back(q);
    }
  }
  return Xapian::Query(Xapian::Query::OP_AND, parts.begin(), parts.end());
}

Xapian::Query Searcher::TextQuery(const std::string& text) const {
  Xapian::QueryParser qp;
  qp.set_default_op(Xapian::Query::OP_AND);
  const unsigned flags = Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_CJK_NGRAM;
  // With quotes, parentheses or an operator the user is writing a query:
  // take it as written.
  const auto split = SplitWords(text);
  const bool operators = std::any_of(split.begin(), split.end(), [](const std::string& w) {
    return w == "AND" || w == "OR" || w == "NOT" || w == "XOR";
  });
  if (operators || text.find_first_of("\"()") != std::string::npos) {
    return WithoutCharacters(qp.parse_query(text, flags));
  }
  // Otherwise each word must match, through itself or any of its synonyms.
  std::vector<Xapian::Query> words;
  for (const auto& w : split) {
    std::vector<Xapian::Query> variants{WordQuery(qp, w)};
    for (const auto& syn : taxonomy_.Expansions(w)) variants.push_back(WordQuery(qp, syn));
    variants = WithoutSubsumed(std::move(variants));
    words.emplace_back(Xapian::Query::OP_OR, variants.begin(), variants.end());
  }
  if (words.empty()) return MatchEverything();
  return Xapian::Query(Xapian::Query::OP_AND, words.begin(), words.end());
}

Xapian::Query Searcher::BuildQuery(const OpeningQuery& q) const {
  const auto& p = schema_.prefix;
  Xapian::Query query = TextQuery(q.text);
  std::vector<Xapian::Query> filters;
  filters.push_back(OpenOn(q.today));
  if (q.full_time) filters.emplace_back(p.full_time + (*q.full_time ? "1" : "0"));
  if (!q.regions.empty()) filters.push_back(AnyTerm(p.region, q.regions));
  if (!q.occupations.empty()) filters.push_back(AnyTerm(p.occupation, q.occupations));
  for (const auto& s : q.skills) filters.emplace_back(p.skill + s);
  if (q.education) filters.emplace_back(p.education + std::to_string(EducationRank(*q.education)));
  if (q.for_graduates) filters.emplace_back(p.for_graduates + (*q.for_graduates ? "1" : "0"));
  if (q.wage_min) {
    filters.emplace_back(Xapian::Query::OP_VALUE_GE, schema_.slot.wage_max,
                         Xapian::sortable_serialise(double(*q.wage_min)));
  }
  // Openings are the documents that are neither courses nor aid products:
  // skipping through those two short lists costs a fraction of filtering on
  // the openings' own type term, which nearly every document has (at a
  // million openings, a fraction of the type term's cost for 焊工:
  // bench/xapian_queries.py).
  return Xapian::Query(
      Xapian::Query::OP_AND_NOT,
      Xapian::Query(Xapian::Query::OP_FILTER, query,
                    Xapian::Query(Xapian::Query::OP_AND, filters.begin(), filters.end())),
      AnyTerm(p.type, {kTypeCourse, kTypeAid}));
}

OpeningResults Searcher::Run(Xapian::Database& db, const OpeningQuery& q) const {
  Xapian::Enquire enquire(db);
  enquire.set_query(BuildQuery(q));
  const bool no_text = SplitWords(q.text).empty();
  switch (q.sort) {
    case SortOrder::kDate:
      enquire.set_sort_by_value_then_relevance(schema_.slot.updated_at, true);
      break;
    case SortOrder::kWage:
      enquire.set_sort_by_value_then_relevance(schema_.slot.wage_max, true);
      break;
    case SortOrder::kRelevance:
      // Without words every match weighs the same: newest first is more useful.
      if (no_text) enquire.set_sort_by_value(schema_.slot.updated_at, true);
      break;
  }

  // The region facet counts one level below the narrowest region filter.
  int region_level = 0;
  if (q.regions.size() == 1) {
    if (const Region* r = regions_.Find(q.regions.front())) {
      region_level = std::min(static_cast<int>(r->level) + 1, 2);
    }
  }
  ListCountSpy region_spy(schema_.slot.facet_region, region_level);
  ListCountSpy occupation_spy(schema_.slot.facet_occupation, -1);
  ListCountSpy skill_spy(schema_.slot.facet_skill, -1);
  const bool any_facet = q.facet_region || q.facet_occupation || q.facet_skill;
  if (q.facet_region) enquire.add_matchspy(&region_spy);
  if (q.facet_occupation) enquire.add_matchspy(&occupation_spy);
  if (q.facet_skill) enquire.add_matchspy(&skill_spy);

  const Xapian::doccount first = static_cast<Xapian::doccount>((q.page - 1) * q.per_page);
  // Totals are exact up to kExactTotalUpTo matches; facets count the first
  // kFacetSample matches and are scaled up beyond (total_estimated is then true).
  const Xapian::doccount check =
      std::max(any_facet ? kFacetSample : kExactTotalUpTo, first + q.per_page);
  Xapian::MSet mset = enquire.get_mset(first, q.per_page, check);

  OpeningResults out;
  out.total = mset.get_matches_estimated();
  out.total_estimated = mset.get_matches_lower_bound() != mset.get_matches_upper_bound();
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    out.items.push_back(nlohmann::json::parse(it.get_document().get_data()));
  }
  auto region_name = [this](const std::string& code) { return regions_.FullName(code); };
  auto occupation_name = [this](const std::string& id) {
    return taxonomy_.ResolveOccupation(id).name;
  };
  auto skill_name = [this](const std::string& id) { return taxonomy_.ResolveSkill(id).name; };
  if (q.facet_region) out.facets["region"] = TopCounts(region_spy, out.total, region_name);
  if (q.facet_occupation)
    out.facets["occupation"] = TopCounts(occupation_spy, out.total, occupation_name);
  if (q.facet_skill) out.facets["skill"] = TopCounts(skill_spy, out.total, skill_name);
  return out;
}

template <typename T>
Result<T> Searcher::WithReader(const std::function<T(Xapian::Database&)>& fn) {
  return WithReaderAt<T>([&](Xapian::Database& db, uint64_t) { return fn(db); });
}

template <typename T>
Result<T> Searcher::WithReaderAt(const std::function<T(Xapian::Database&, uint64_t)>& fn) {
  for (int attempt = 0;; ++attempt) {
    Reader r;
    try {
      r = Acquire();
      T out = fn(*r.db, r.generation);
      Release(std::move(r));
      return out;
    } catch (const Xapian::DatabaseModifiedError&) {
      // The writer committed under us: run the whole search again on a fresh
      // reader. This one is dropped, not reopened here, where a failing
      // reopen would throw out of the handler.
      if (attempt < 3) continue;
      return fail(ErrorKind::kUnavailable, "index_busy", "the index is being updated; retry");
    } catch (const Xapian::QueryParserError& e) {
      return fail(ErrorKind::kBadRequest, "bad_query", "q could not be parsed: " + e.get_msg(),
                  "q");
    } catch (const Xapian::Error& e) {
      std::fprintf(stderr, "index error (search): %s\n", e.get_description().c_str());
      return fail(ErrorKind::kInternal, "index_error", "the search index failed");
    }
  }
}

Xapian::Query Searcher::OpenOn(const std::string& today) const {
  return Xapian::Query(Xapian::Query::OP_VALUE_GE, schema_.slot.expires_at, today);
}

Result<OpeningResults> Searcher::Search(const OpeningQuery& q) {
  return WithReader<OpeningResults>([&](Xapian::Database& db) { return Run(db, q); });
}

OpeningResults Searcher::Page(Xapian::Database& db, const Xapian::Query& q, int page, int per_page,
                              bool newest_first) const {
  Xapian::Enquire enquire(db);
  enquire.set_query(q);
  if (newest_first) enquire.set_sort_by_value(schema_.slot.updated_at, true);
  const auto first = static_cast<Xapian::doccount>((page - 1) * per_page);
  Xapian::MSet mset =
      enquire.get_mset(first, per_page, std::max(kExactTotalUpTo, first + per_page));
  OpeningResults out;
  out.total = mset.get_matches_estimated();
  out.total_estimated = mset.get_matches_lower_bound() != mset.get_matches_upper_bound();
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    out.items.push_back(nlohmann::json::parse(it.get_document().get_data()));
  }
  return out;
}

Result<OpeningResults> Searcher::SearchCourses(const CourseQuery& q) {
  const auto& p = schema_.prefix;
  std::vector<Xapian::Query> filters{Xapian::Query(p.type + kTypeCourse), OpenOn(q.today)};
  if (!q.regions.empty()) filters.push_back(AnyTerm(p.region, q.regions));
  for (const auto& s : q.skills) filters.emplace_back(p.skill + s);
  if (!q.starts_after.empty()) {
    filters.emplace_back(Xapian::Query::OP_VALUE_GE, schema_.slot.starts_on, q.starts_after);
  }
  if (q.free) filters.emplace_back(p.free + (*q.free ? "1" : "0"));
  if (q.online) filters.emplace_back(p.mode + (*q.online ? "online" : "offline"));
  const bool no_text = SplitWords(q.text).empty();
  return WithReader<OpeningResults>([&](Xapian::Database& db) {
    // Parsed inside WithReader so that a query error becomes a 400.
    Xapian::Query query(Xapian::Query::OP_FILTER, TextQuery(q.text),
                        Xapian::Query(Xapian::Query::OP_AND, filters.begin(), filters.end()));
    return Page(db, query, q.page, q.per_page, no_text);
  });
}

Result<OpeningResults> Searcher::SearchAid(const AidQuery& q) {
  const auto& p = schema_.prefix;
  std::vector<Xapian::Query> filters{Xapian::Query(p.type + kTypeAid), OpenOn(q.today)};
  if (!q.region.empty()) {
    std::vector<std::string> covering;
    for (const Region* r : regions_.Lineage(q.region)) covering.push_back(r->code);
    filters.push_back(AnyTerm(p.aid_region, covering));
  }
  if (q.kind) filters.emplace_back(p.aid_kind + *q.kind);
  const bool no_text = SplitWords(q.text).empty();
  return WithReader<OpeningResults>([&](Xapian::Database& db) {
    // Parsed inside WithReader so that a query error becomes a 400.
    Xapian::Query query(Xapian::Query::OP_FILTER, TextQuery(q.text),
                        Xapian::Query(Xapian::Query::OP_AND, filters.begin(), filters.end()));
    return Page(db, query, q.page, q.per_page, no_text);
  });
}

namespace {

// An opening's summary; the whole document where there is none (courses and
// aid products, and openings indexed before the slot existed).
nlohmann::json SummaryOf(const Xapian::Document& doc, Xapian::valueno summary_slot) {
  if (std::string v = doc.get_value(summary_slot); !v.empty()) return nlohmann::json::parse(v);
  return nlohmann::json::parse(doc.get_data());
}

}  // namespace

std::shared_ptr<const nlohmann::json> Searcher::Summary(const Xapian::Document& doc,
                                                        Xapian::docid id, uint64_t generation) {
  return summaries_.Get(id, generation, [&] {
    return std::make_shared<const nlohmann::json>(SummaryOf(doc, schema_.slot.summary));
  });
}

Result<std::shared_ptr<const std::vector<Hit>>> Searcher::Retrieve(const Xapian::Query& relevance,
                                                                   const Xapian::Query& filter,
                                                                   int limit) {
  const std::string filter_key = filter.serialise();
  const std::string key = relevance.serialise() + '#' + filter_key + '#' + std::to_string(limit);
  using Hits = std::shared_ptr<const std::vector<Hit>>;
  return WithReaderAt<Hits>([&](Xapian::Database& db, uint64_t generation) {
    if (auto cached = retrievals_.Find(key, generation)) return *std::move(cached);
    // Listed at the generation the retrieval reads: an opening updated since
    // keeps its docid and may no longer match.
    auto ids = filters_.Get(filter_key, generation, [&] {
      return std::make_shared<const std::vector<Xapian::docid>>(AllMatches(db, filter));
    });
    Xapian::Enquire enquire(db);
    enquire.set_query(
        Xapian::Query(Xapian::Query::OP_FILTER, relevance,
                      Xapian::Query((new DocidList(std::move(ids), filter_key))->release())));
    Xapian::MSet mset = enquire.get_mset(0, limit);
    // Weight relative to the best match. Unlike get_percent(), this does not
    // depend on how many subqueries the query has (a MatchAll OR'd in for
    // padding would otherwise lower every figure).
    const double best = mset.get_max_attained();
    std::vector<Hit> out;
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      const int percent =
          best > 0 ? static_cast<int>(std::lround(100 * it.get_weight() / best)) : 0;
      out.push_back({Summary(it.get_document(), *it, generation), percent, *it, generation});
    }
    auto hits = std::make_shared<const std::vector<Hit>>(std::move(out));
    retrievals_.Put(key, hits, generation);
    return hits;
  });
}

Result<std::vector<nlohmann::json>> Searcher::Fetch(const std::vector<std::string>& unique_terms) {
  return WithReader<std::vector<nlohmann::json>>([&](Xapian::Database& db) {
    std::vector<nlohmann::json> out;
    for (const auto& term : unique_terms) {
      auto it = db.postlist_begin(term);
      out.push_back(it == db.postlist_end(term)
                        ? nlohmann::json()
                        : nlohmann::json::parse(db.get_document(*it).get_data()));
    }
    return out;
  });
}

Result<std::vector<Hit>> Searcher::FetchSummaries(const std::vector<std::string>& unique_terms) {
  return WithReaderAt<std::vector<Hit>>([&](Xapian::Database& db, uint64_t generation) {
    std::vector<Hit> out;
    for (const auto& term : unique_terms) {
      auto it = db.postlist_begin(term);
      if (it == db.postlist_end(term)) {
        out.push_back({});
      } else {
        out.push_back({Summary(db.get_document(*it), *it, generation), 0, *it, generation});
      }
    }
    return out;
  });
}

}  // namespace jobmatch
