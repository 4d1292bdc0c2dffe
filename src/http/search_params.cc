#include "http/search_params.h"

#include <set>

#include "core/utf8.h"
#include "http/params.h"

namespace jobmatch {

Result<OpeningQuery> ParseOpeningSearch(const HttpRequest& req, const Regions& regions,
                                        const Taxonomy& taxonomy,
                                        std::vector<std::string>& warnings) {
  static const std::set<std::string> kKnown = {
      "q",        "region", "occupation", "skill", "education", "for_graduates",
      "wage_min", "sort",   "facets",     "page",  "per_page",  "flagged"};
  OpeningQuery q;
  for (const auto& [k, v] : req.query) {
    if (!kKnown.contains(k)) warnings.push_back("unknown parameter " + k + " ignored");
  }
  auto get = [&](const char* name) -> std::string {
    auto it = req.query.find(name);
    return it == req.query.end() ? "" : it->second;
  };
  q.text = get("q");
  if (Utf8Length(q.text) > 500) return BadParam("q", "must be at most 500 characters");
  for (const auto& r : SplitList(get("region"))) {
    auto region = regions.Resolve(r, "region");
    if (!region) return std::unexpected(AsBadRequest(region.error()));
    q.regions.push_back((*region)->code);
  }
  for (const auto& o : SplitList(get("occupation"))) {
    TermRef ref = taxonomy.ResolveOccupation(o);
    if (!ref.known)
      warnings.push_back("occupation " + o + " is not in the taxonomy; matched as given");
    q.occupations.push_back(ref.id);
  }
  for (const auto& s : SplitList(get("skill"))) {
    TermRef ref = taxonomy.ResolveSkill(s);
    if (!ref.known) warnings.push_back("skill " + s + " is not in the taxonomy; matched as given");
    q.skills.push_back(ref.id);
  }
  if (auto e = get("education"); !e.empty()) {
    q.education = ParseEducation(e);
    if (!q.education) {
      return BadParam("education",
                      "must be one of none, junior, senior, vocational, college, bachelor, master");
    }
  }
  auto graduates = BoolParam(req, "for_graduates");
  if (!graduates) return std::unexpected(graduates.error());
  q.for_graduates = *graduates;
  auto flagged = BoolParam(req, "flagged");
  if (!flagged) return std::unexpected(flagged.error());
  q.flagged = *flagged;
  auto wage = IntParam(req, "wage_min", 0, 1'000'000);
  if (!wage) return std::unexpected(wage.error());
  q.wage_min = *wage;
  if (auto s = get("sort"); !s.empty()) {
    if (s == "relevance") {
      q.sort = SortOrder::kRelevance;
    } else if (s == "date") {
      q.sort = SortOrder::kDate;
    } else if (s == "wage") {
      q.sort = SortOrder::kWage;
    } else {
      return BadParam("sort", "must be relevance, date or wage");
    }
  }
  for (const auto& f : SplitList(get("facets"))) {
    if (f == "region") {
      q.facet_region = true;
    } else if (f == "occupation") {
      q.facet_occupation = true;
    } else if (f == "skill") {
      q.facet_skill = true;
    } else {
      return BadParam("facets", "may list region, occupation and skill");
    }
  }
  auto paging = PagingParams(req);
  if (!paging) return std::unexpected(paging.error());
  q.page = paging->page;
  q.per_page = paging->per_page;
  return q;
}

}  // namespace jobmatch
