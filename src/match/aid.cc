// The matcher's startup pathway: the aid products that cover a member's place,
// in pathway order (training, mentoring, loans, subsidies, materials), each
// with what is still needed before it can be applied for.
#include <algorithm>
#include <map>

#include "match/matcher.h"

namespace jobmatch {

Result<std::vector<nlohmann::json>> Matcher::Aid(const Household& h, const Member& m,
                                                 const std::string& today, int limit) {
  std::vector<nlohmann::json> out;
  if (!m.wants_startup) return out;
  std::vector<std::string> covering;
  for (const Region* r : regions_.Lineage(h.region)) covering.push_back(r->code);
  auto hits = RetrieveAid(searcher_, covering, 500);
  if (!hits) return std::unexpected(hits.error());
  const int age = m.AgeOn(today);
  std::vector<AidProduct> eligible;
  std::map<int64_t, nlohmann::json> docs;
  for (const auto& hit : **hits) {
    AidProduct a = DecodeAidProduct(*hit.doc);
    if (a.opens_on > today || a.closes_on < today || age < a.age_min || age > a.age_max) continue;
    docs[a.id] = *hit.doc;
    eligible.push_back(std::move(a));
  }
  // Pathway order: training, mentoring, loans, subsidies, materials.
  std::stable_sort(eligible.begin(), eligible.end(), [](const AidProduct& a, const AidProduct& b) {
    if (a.kind != b.kind) return a.kind < b.kind;
    return a.max_amount != b.max_amount ? a.max_amount > b.max_amount : a.id < b.id;
  });
  const AidProduct* training = nullptr;
  for (const auto& a : eligible) {
    if (a.kind == AidKind::kStartupTraining) {
      training = &a;
      break;
    }
  }
  int step = 0;
  for (const auto& a : eligible) {
    if (static_cast<int>(out.size()) >= limit) break;
    // Training completed: the pathway moves on to what it opened.
    if (a.kind == AidKind::kStartupTraining && !m.startup_training_completed_on.empty()) continue;
    std::vector<nlohmann::json> next_steps;
    std::vector<std::string> met;  // prerequisites fulfilled, said in the reasons
    for (const auto& req : a.requires_) {
      if (req == kRequiresPlan && m.business_plan.empty()) {
        next_steps.push_back(
            {{"requires", req}, {"action", "请先撰写创业计划书，由帮扶干部协助完善"}});
      } else if (req == kRequiresTraining && !m.startup_training_completed_on.empty()) {
        met.push_back("已于" + m.startup_training_completed_on + "完成创业培训");
      } else if (req == kRequiresTraining) {
        std::string action = "请先完成创业培训";
        if (training) action += "（可报名：" + training->title + "）";
        next_steps.push_back({{"requires", req},
                              {"action", action},
                              {"aid_product_id",
                               training ? nlohmann::json(training->id) : nlohmann::json(nullptr)}});
      }
    }
    const bool ready = next_steps.empty();
    std::vector<std::string> reasons{"第" + std::to_string(++step) + "步：" + a.title};
    if (a.max_amount > 0) reasons.push_back("最高" + std::to_string(a.max_amount) + "元");
    reasons.insert(reasons.end(), met.begin(), met.end());
    reasons.push_back(ready ? "符合申请条件" : "完成前置条件后可申请");
    nlohmann::json item = docs.at(a.id);
    item["score"] = ready ? 1.0 : 0.5;
    item["eligible"] = ready;
    item["explanation"] = {
        {"matched_skills", nlohmann::json::array()},
        {"missing_skills", nlohmann::json::array()},
        {"region_relation", RegionRelationName(Relate(regions_, h.region, a.region))},
        {"distance_km", nullptr},
        {"wage_ok", nullptr},
        {"pathway_step", step},
        {"next_steps", next_steps},
        {"reasons", std::move(reasons)}};
    out.push_back(std::move(item));
  }
  return out;
}

}  // namespace jobmatch
