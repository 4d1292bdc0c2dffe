// What is due next for each member (service/app.h, FollowUps): one list for
// the dashboard and the plans, from the recommendations acted on.
#include <algorithm>
#include <map>

#include "batch/outcomes.h"
#include "service/app.h"
#include "service/app_internals.h"

namespace jobmatch {

namespace {

constexpr int kMaxFollowUps = 2000;

}  // namespace

Result<std::vector<nlohmann::json>> App::PendingFollowUps(std::optional<int64_t> household_id,
                                                          const Principal& p) {
  auto store = Households();
  if (!store) return std::unexpected(store.error());
  auto rows = batches_->OpenFollowUps(household_id, kMaxFollowUps);
  if (!rows) return std::unexpected(rows.error());
  const std::string today = Today();
  std::map<int64_t, std::optional<Household>> households;                   // read once each
  std::map<std::pair<bool, int64_t>, std::optional<nlohmann::json>> items;  // catalogue, once each
  auto item = [&](bool course, int64_t id) -> Result<const std::optional<nlohmann::json>*> {
    auto [it, fresh] = items.try_emplace({course, id});
    if (fresh) {
      auto doc = (course ? courses_ : aid_)->Get(id);
      if (!doc) return std::unexpected(doc.error());
      it->second = std::move(*doc);
    }
    return &it->second;
  };
  std::vector<nlohmann::json> out;
  for (const auto& row : *rows) {
    const RecommendationRow& rec = row.recommendation;
    auto [it, fresh] = households.try_emplace(rec.household_id);
    if (fresh) {
      auto h = (*store)->Get(rec.household_id);
      if (!h) return std::unexpected(h.error());
      if (*h && InScope(p, regions_, (*h)->region)) it->second = std::move(**h);
    }
    const auto follow_up = FollowUpAfter(rec.status, rec.kind);
    const auto since = ParseDate(row.since.substr(0, 10));
    if (!it->second || !follow_up || !since) continue;
    const Household& h = *it->second;
    const auto member = std::find_if(h.members.begin(), h.members.end(),
                                     [&](const Member& m) { return m.id == rec.member_id; });
    if (member == h.members.end()) continue;  // no longer in the household
    std::string due_on = AddDays(*since, follow_up->days);
    SinceStep done{member->employment, row.opening_outcome, row.aid_outcome};
    if (rec.kind != "opening" && (rec.status == "enrolled" || rec.status == "completed")) {
      auto doc = item(rec.kind == "course", rec.item_id);
      if (!doc) return std::unexpected(doc.error());
      if (**doc && rec.kind == "course" && rec.status == "enrolled") {
        const std::string ends_on = DecodeCourse(***doc).ends_on;
        if (!ends_on.empty() && ends_on >= row.since.substr(0, 10)) due_on = ends_on;
      } else if (**doc && rec.kind == "aid") {
        done.startup_training = DecodeAidProduct(***doc).kind == AidKind::kStartupTraining;
      }
    }
    if (!StepStillOpen(*follow_up, done)) continue;
    out.push_back({{"household_id", h.id},
                   {"archive_no", h.archive_no},
                   {"member_id", rec.member_id},
                   {"member_name", member->name},
                   {"recommendation_id", rec.id},
                   {"kind", rec.kind},
                   {"title", rec.title},
                   {"follow_up", follow_up->next},
                   {"due_on", due_on},
                   {"due", due_on <= today}});
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.at("due_on").template get<std::string>() < b.at("due_on").template get<std::string>();
  });
  return out;
}

Result<nlohmann::json> App::FollowUps(const Principal& p) {
  auto items = PendingFollowUps(std::nullopt, p);
  if (!items) return std::unexpected(items.error());
  return nlohmann::json{{"items", std::move(*items)}};
}

}  // namespace jobmatch
