#include "batch/plan.h"

namespace jobmatch {

namespace {

std::string TrackOf(const Member& m, const MemberWork& mw, const std::string& as_of) {
  if (IsRecentGraduate(m, as_of)) return "graduate";
  if (m.wants_startup) return "startup";
  if (mw.jobs.empty() && !mw.courses.empty()) return "training";
  return "job";
}

// The courses that would bridge the gap of a household left without a job
// for lack of skills.
nlohmann::json BridgeCourses(const HouseholdWork& hw) {
  nlohmann::json bridges = nlohmann::json::array();
  for (const auto& mw : hw.members) {
    for (const auto& c : mw.shortlist.courses) {
      bridges.push_back({{"member_id", mw.member->id},
                         {"course_id", c.id},
                         {"title", c.title},
                         {"unlocks", c.unlocks}});
    }
  }
  return bridges;
}

}  // namespace

PlannedHousehold PlanHousehold(HouseholdWork& hw, const Allocation& alloc, int64_t batch_id,
                               const std::string& as_of, PlanTotals& totals) {
  const Household& h = *hw.household;
  PlannedHousehold out{{h.id, hw.zero, h.dibao, false, {}},
                       {{"household_id", h.id},
                        {"archive_no", h.archive_no},
                        {"batch_id", batch_id},
                        {"as_of", as_of},
                        {"counsellor", h.counsellor},
                        {"zero_employment", hw.zero},
                        {"needs_attention", nullptr},
                        {"members", nlohmann::json::array()}}};
  PlanWrite& pw = out.write;
  bool household_has_job = false;
  for (auto& mw : hw.members) {
    const Member& m = *mw.member;
    ++totals.members;
    household_has_job |= !mw.jobs.empty();
    const std::string track = TrackOf(m, mw, as_of);
    ++totals.tracks[track];
    nlohmann::json mj = {{"member_id", m.id},
                         {"name", m.name},
                         {"track", track},
                         {"jobs", nlohmann::json::array()},
                         {"courses", nlohmann::json::array()},
                         {"aid", nlohmann::json::array()}};
    // The recommendation id is known once written: the item remembers its
    // index. Explanations move: the batch holds each one once.
    auto add = [&](const char* list, const char* kind, nlohmann::json& item) {
      pw.recommendations.push_back(
          {m.id, track, kind, item.at("id"), item.at("title"), item.at("score")});
      mj[list].push_back({{"index", pw.recommendations.size() - 1},
                          {"id", item.at("id")},
                          {"title", std::move(item.at("title"))},
                          {"score", item.at("score")},
                          {"explanation", std::move(item.at("explanation"))}});
      // How to apply travels with the job: a household reads it from the plan.
      for (const char* key : {"employer", "apply"}) {
        if (auto it = item.find(key); it != item.end()) mj[list].back()[key] = std::move(*it);
      }
    };
    for (auto& j : mw.jobs) add("jobs", "opening", j);
    for (auto& c : mw.courses) add("courses", "course", c);
    for (auto& a : mw.aid) add("aid", "aid", a);
    totals.jobs += static_cast<int64_t>(mw.jobs.size());
    totals.courses += static_cast<int64_t>(mw.courses.size());
    totals.aid += static_cast<int64_t>(mw.aid.size());
    out.doc["members"].push_back(std::move(mj));
  }
  if (hw.zero) {
    ++totals.zero_employment;
    totals.zero_employment_with_job += household_has_job;
  }
  if (auto it = alloc.needs_attention.find(h.id); it != alloc.needs_attention.end()) {
    pw.needs_attention = true;
    out.doc["needs_attention"] = {
        {"reason", it->second},
        {"bridge_courses",
         it->second == "skills_gap" ? BridgeCourses(hw) : nlohmann::json::array()}};
  }
  hw.members = std::vector<MemberWork>();  // all of it is in the plan now
  return out;
}

nlohmann::json WithRecommendationIds(nlohmann::json doc, const std::vector<int64_t>& ids) {
  for (auto& mj : doc["members"]) {
    for (const char* list : {"jobs", "courses", "aid"}) {
      for (auto& item : mj[list]) {
        item["recommendation_id"] = ids[item.at("index").get<std::size_t>()];
        item.erase("index");
      }
    }
  }
  return doc;
}

}  // namespace jobmatch
