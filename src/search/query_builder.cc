// The searcher's query building: free text through Xapian's query parser with
// CJK n-grams and the taxonomy's synonyms, and a search's filters.
#include <set>

#include "search/cjk.h"
#include "search/query_parts.h"
#include "search/searcher.h"

namespace jobmatch {

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
// (measured with bench/xapian_queries.py: docs/performance.md).
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
  if (q.flagged) filters.emplace_back(p.flagged + (*q.flagged ? "1" : "0"));
  if (q.wage_min) {
    filters.emplace_back(Xapian::Query::OP_VALUE_GE, schema_.slot.wage_max,
                         Xapian::sortable_serialise(double(*q.wage_min)));
  }
  // Openings are the documents that are neither courses nor aid products:
  // skipping through those two short lists costs a fraction of filtering on
  // the openings' own type term, which nearly every document has (at a
  // million openings, a fraction of the type term's cost for 焊工:
  // bench/xapian_queries.py). The later openings of a cluster go too: the
  // job shows once, as its first opening (Xapian's collapse key would
  // leave the totals and facets estimates).
  return Xapian::Query(
      Xapian::Query::OP_AND_NOT,
      Xapian::Query(Xapian::Query::OP_FILTER, query,
                    Xapian::Query(Xapian::Query::OP_AND, filters.begin(), filters.end())),
      AnyTerm(p.type, {kTypeCourse, kTypeAid}) | Xapian::Query(p.duplicate + "1"));
}

}  // namespace jobmatch
