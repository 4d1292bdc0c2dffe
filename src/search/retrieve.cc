// The searcher's retrieval for the matcher: the best documents for a
// relevance query within a shared filter, the filter's documents listed once
// per index generation, hits and summaries remembered until the index changes.
#include <algorithm>
#include <cmath>
#include <iterator>

#include "search/searcher.h"

namespace jobmatch {

namespace {

// Documents listed in memory (a filter's, a term's), as a Xapian posting list
// in which each weighs `weight`.
class DocidList final : public Xapian::PostingSource {
 public:
  DocidList(std::shared_ptr<const std::vector<Xapian::docid>> ids, std::string key,
            double weight = 0)
      : ids_(std::move(ids)), key_(std::move(key)), weight_(weight) {}

  void init(const Xapian::Database&) override {
    pos_ = 0;
    started_ = false;
    set_maxweight(weight_);
  }
  Xapian::doccount get_termfreq_min() const override { return ids_->size(); }
  Xapian::doccount get_termfreq_est() const override { return ids_->size(); }
  Xapian::doccount get_termfreq_max() const override { return ids_->size(); }
  double get_weight() const override { return weight_; }
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
  DocidList* clone() const override { return new DocidList(ids_, key_, weight_); }
  // So that a query holding it can be serialised.
  std::string name() const override { return "jobmatch.DocidList"; }
  std::string serialise() const override { return key_; }

 private:
  std::shared_ptr<const std::vector<Xapian::docid>> ids_;
  std::string key_;
  double weight_;
  std::size_t pos_ = 0;
  bool started_ = false;
};

Xapian::Query Listed(std::shared_ptr<const std::vector<Xapian::docid>> ids, std::string key,
                     double weight = 0) {
  return Xapian::Query((new DocidList(std::move(ids), std::move(key), weight))->release());
}

// `relevance` as Xapian runs it on any database, remote ones included: each
// term weighs its scale under CoordWeight (boolean terms have no wdf for
// other schemes to weigh).
Xapian::Query AsTerms(const Searcher::Relevance& relevance) {
  std::vector<Xapian::Query> terms;
  for (const auto& [term, weight] : relevance.terms)
    terms.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(term), weight);
  Xapian::Query q = terms.empty() ? MatchEverything()
                                  : Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
  if (relevance.gates.empty()) return q;
  return Xapian::Query(
      relevance.gated_only ? Xapian::Query::OP_FILTER : Xapian::Query::OP_AND_NOT, q,
      Xapian::Query(Xapian::Query::OP_OR, relevance.gates.begin(), relevance.gates.end()));
}

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

std::vector<Xapian::docid> Postings(Xapian::Database& db, const std::string& term) {
  std::vector<Xapian::docid> out;
  for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) out.push_back(*it);
  return out;
}

}  // namespace

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

// `relevance` within the filter whose documents are `in_filter`, from lists
// in memory: each term's documents within the filter, weighing its weight.
// The members of one place share both, so each pair is intersected once.
Xapian::Query Searcher::FromMemory(
    Xapian::Database& db, uint64_t generation, const Relevance& relevance,
    const std::string& filter_key,
    const std::shared_ptr<const std::vector<Xapian::docid>>& in_filter) {
  using Ids = std::shared_ptr<const std::vector<Xapian::docid>>;
  auto listed = [&](const std::string& term, double weight) {
    Ids within = within_.Get(filter_key + '\n' + term, generation, [&] {
      Ids all = postings_.Get(term, generation, [&] {
        return std::make_shared<const std::vector<Xapian::docid>>(Postings(db, term));
      });
      auto out = std::make_shared<std::vector<Xapian::docid>>();
      std::set_intersection(all->begin(), all->end(), in_filter->begin(), in_filter->end(),
                            std::back_inserter(*out));
      return Ids(std::move(out));
    });
    return Listed(std::move(within), term, weight);
  };
  Xapian::Query q = Listed(in_filter, filter_key);
  if (!relevance.terms.empty()) {
    std::vector<Xapian::Query> weighed;
    for (const auto& [term, weight] : relevance.terms) weighed.push_back(listed(term, weight));
    q = Xapian::Query(Xapian::Query::OP_OR, weighed.begin(), weighed.end());
  }
  if (!relevance.gates.empty()) {
    std::vector<Xapian::Query> gates;
    for (const auto& term : relevance.gates) gates.push_back(listed(term, 0));
    q = Xapian::Query(relevance.gated_only ? Xapian::Query::OP_FILTER : Xapian::Query::OP_AND_NOT,
                      q, Xapian::Query(Xapian::Query::OP_OR, gates.begin(), gates.end()));
  }
  return q;
}

Result<std::shared_ptr<const std::vector<Hit>>> Searcher::Retrieve(const Relevance& relevance,
                                                                   const Xapian::Query& filter,
                                                                   int limit) {
  const Xapian::Query terms = AsTerms(relevance);
  const std::string filter_key = filter.serialise();
  const std::string key = terms.serialise() + '#' + filter_key + '#' + std::to_string(limit);
  using Hits = std::shared_ptr<const std::vector<Hit>>;
  using Ids = std::shared_ptr<const std::vector<Xapian::docid>>;
  const bool remote = shards_.Remote(shards_.all(), false);
  return WithReaderAt<Hits>(Everything(), [&](Xapian::Database& db, uint64_t generation) {
    if (auto cached = retrievals_.Find(key, generation)) return *std::move(cached);
    Xapian::Enquire enquire(db);
    if (remote) {
      // xapian-tcpsrv cannot run a posting source of ours: the terms as they are.
      enquire.set_weighting_scheme(Xapian::CoordWeight());
      enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, terms, filter));
    } else {
      // The same from lists in memory, read once per generation: walking the
      // terms' posting lists for every member cost most of the batch's
      // matching (docs/performance.md). Listed at the generation the
      // retrieval reads: an opening updated since keeps its docid and may no
      // longer match.
      Ids in_filter = filters_.Get(filter_key, generation, [&] {
        return std::make_shared<const std::vector<Xapian::docid>>(AllMatches(db, filter));
      });
      if (relevance.terms.empty() && relevance.gates.empty() && shards_.size() == 1) {
        // Weightless: the filter's first documents, the order Xapian gives
        // equal weights in one index, without a match that walks the list.
        std::vector<Hit> out;
        for (std::size_t i = 0;
             i < in_filter->size() && out.size() < static_cast<std::size_t>(limit); ++i) {
          const Xapian::docid id = (*in_filter)[i];
          out.push_back({Summary(db.get_document(id), id, generation), 0, 0, id, generation});
        }
        auto hits = std::make_shared<const std::vector<Hit>>(std::move(out));
        retrievals_.Put(key, hits, generation);
        return hits;
      }
      enquire.set_query(FromMemory(db, generation, relevance, filter_key, in_filter));
    }
    // Over several shards, docids interleave: equal weights go newest first
    // instead, the same for any number of shards. One index keeps Xapian's
    // docid order, which costs no value reads (a tenth of the matching phase).
    if (shards_.size() > 1) enquire.set_sort_by_relevance_then_value(schema_.slot.updated_at, true);
    Xapian::MSet mset = enquire.get_mset(0, limit);
    // Weight relative to the best match. Unlike get_percent(), this does not
    // depend on how many subqueries the query has (a MatchAll OR'd in for
    // padding would otherwise lower every figure).
    const double best = mset.get_max_attained();
    std::vector<Hit> out;
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      const int percent =
          best > 0 ? static_cast<int>(std::lround(100 * it.get_weight() / best)) : 0;
      out.push_back(
          {Summary(it.get_document(), *it, generation), percent, it.get_weight(), *it, generation});
    }
    auto hits = std::make_shared<const std::vector<Hit>>(std::move(out));
    retrievals_.Put(key, hits, generation);
    return hits;
  });
}

Result<std::vector<nlohmann::json>> Searcher::Fetch(const std::vector<std::string>& unique_terms) {
  return WithReader<std::vector<nlohmann::json>>(Everything(), [&](Xapian::Database& db) {
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
  return WithReaderAt<std::vector<Hit>>(
      Everything(), [&](Xapian::Database& db, uint64_t generation) {
        std::vector<Hit> out;
        for (const auto& term : unique_terms) {
          auto it = db.postlist_begin(term);
          if (it == db.postlist_end(term)) {
            out.push_back({});
          } else {
            out.push_back({Summary(db.get_document(*it), *it, generation), 0, 0, *it, generation});
          }
        }
        return out;
      });
}

}  // namespace jobmatch
