// App operations on the household archive and the matches of its members.
#include <array>

#include "core/json_reader.h"
#include "service/app.h"
#include "service/app_internals.h"

namespace jobmatch {

namespace {
constexpr std::array<std::string_view, 4> kExitReasons = {"goal_met", "no_longer_eligible",
                                                          "moved_away", "deceased"};
constexpr int kMaxMatches = 50;
}  // namespace

Result<HouseholdStore*> App::Households() {
  if (!households_) {
    return fail(ErrorKind::kUnavailable, "data_key_missing",
                "the household archive needs a data key (JOBMATCH_DATA_KEY or --data-key-file)");
  }
  return households_.get();
}

Result<Household> App::VisibleHousehold(int64_t id, const Principal& p) {
  auto store = Households();
  if (!store) return std::unexpected(store.error());
  auto h = (*store)->Get(id);
  if (!h) return std::unexpected(h.error());
  // Outside the caller's scope a household does not exist for it.
  if (!*h || !InScope(p, regions_, (*h)->region)) {
    return fail(ErrorKind::kNotFound, "not_found", "no household with that id", "id");
  }
  return std::move(**h);
}

Result<void> App::MayFileIn(const std::string& region, const Principal& p) const {
  if (InScope(p, regions_, region)) return {};
  return fail(ErrorKind::kForbidden, "out_of_scope",
              "region " + region + " lies outside the region this account serves", "region");
}

Result<nlohmann::json> App::CreateHousehold(const nlohmann::json& body,
                                            std::vector<std::string>& warnings,
                                            const Principal& p) {
  auto store = Households();
  if (!store) return std::unexpected(store.error());
  const std::string today = Today();
  auto parsed = ParseHousehold(body, taxonomy_, regions_, today);
  if (!parsed) return std::unexpected(parsed.error());
  for (const auto& m : parsed->household.members) {
    if (m.id != 0)
      return fail(ErrorKind::kUnprocessable, "validation_failed", "new members carry no id",
                  "members");
  }
  if (auto ok = MayFileIn(parsed->household.region, p); !ok) return std::unexpected(ok.error());
  warnings = std::move(parsed->warnings);
  auto created = (*store)->Create(std::move(parsed->household));
  if (!created) return std::unexpected(created.error());
  return HouseholdView(*created, false, today, law_.working_age());
}

Result<nlohmann::json> App::GetHousehold(int64_t id, bool reveal, const Principal& p) {
  auto h = VisibleHousehold(id, p);
  if (!h) return std::unexpected(h.error());
  if (reveal) {
    // Written before the number leaves the service: no audit, no reveal.
    auto logged = audit_->Append(
        {Timestamp(clock_.Now()), p.actor, "reveal", id, {"id_number"}, std::nullopt, ""});
    if (!logged) return std::unexpected(logged.error());
  }
  return HouseholdView(*h, reveal, Today(), law_.working_age());
}

Result<nlohmann::json> App::ReplaceHousehold(int64_t id, const nlohmann::json& body,
                                             std::vector<std::string>& warnings,
                                             const Principal& p) {
  auto store = Households();
  if (!store) return std::unexpected(store.error());
  const std::string today = Today();
  auto parsed = ParseHousehold(body, taxonomy_, regions_, today);
  if (!parsed) return std::unexpected(parsed.error());
  if (auto current = VisibleHousehold(id, p); !current) return std::unexpected(current.error());
  if (auto ok = MayFileIn(parsed->household.region, p); !ok) return std::unexpected(ok.error());
  warnings = std::move(parsed->warnings);
  auto replaced = (*store)->Replace(id, std::move(parsed->household));
  if (!replaced) return std::unexpected(replaced.error());
  return HouseholdView(*replaced, false, today, law_.working_age());
}

Result<nlohmann::json> App::ListHouseholds(HouseholdFilter filter, bool reveal,
                                           const Principal& p) {
  auto store = Households();
  if (!store) return std::unexpected(store.error());
  filter.scope = p.role == Role::kAdmin ? "" : p.region;
  auto page = (*store)->List(filter);
  if (!page) return std::unexpected(page.error());
  const std::string today = Today();
  nlohmann::json items = nlohmann::json::array();
  for (const auto& h : page->second) {
    if (reveal) {
      auto logged = audit_->Append(
          {Timestamp(clock_.Now()), p.actor, "reveal", h.id, {"id_number"}, std::nullopt, ""});
      if (!logged) return std::unexpected(logged.error());
    }
    items.push_back(HouseholdView(h, reveal, today, law_.working_age()));
  }
  return nlohmann::json{{"total", page->first}, {"items", std::move(items)}};
}

Result<nlohmann::json> App::ExitHousehold(int64_t id, const nlohmann::json& body,
                                          const Principal& p) {
  auto store = Households();
  if (!store) return std::unexpected(store.error());
  if (auto ok = RequireObject(body); !ok) return std::unexpected(ok.error());
  std::vector<FieldError> errors;
  JsonReader r(body, errors);
  auto reason = r.OneOf("reason", true, kExitReasons);
  if (!errors.empty()) return invalid(std::move(errors));
  auto current = VisibleHousehold(id, p);
  if (!current) return std::unexpected(current.error());
  const std::string today = Today();
  if (current->status == "exited") {
    return fail(ErrorKind::kConflict, "already_exited", "the household has already exited", "id");
  }
  // 不达目标不脱钩: the goal of a zero-employment household is a member in work.
  if (*reason == "goal_met" && IsZeroEmployment(*current, today, law_.working_age())) {
    return fail(ErrorKind::kConflict, "goal_not_met",
                "a zero-employment household cannot exit as goal_met: no member is in work yet",
                "reason");
  }
  auto exited = (*store)->Exit(id, *reason);
  if (!exited) return std::unexpected(exited.error());
  return HouseholdView(*exited, false, today, law_.working_age());
}

Result<Household> App::MemberHousehold(int64_t member_id, const Principal& p) {
  auto store = Households();
  if (!store) return std::unexpected(store.error());
  auto h = (*store)->GetByMember(member_id);
  if (!h) return std::unexpected(h.error());
  if (!*h || !InScope(p, regions_, (*h)->region)) {
    return fail(ErrorKind::kNotFound, "not_found", "no member with that id", "id");
  }
  return std::move(**h);
}

Result<int64_t> App::HouseholdOfMember(int64_t member_id, const Principal& p) {
  auto h = MemberHousehold(member_id, p);
  if (!h) return std::unexpected(h.error());
  return h->id;
}

Result<nlohmann::json> App::Matches(int64_t member_id, MatchKind kind, int limit) {
  auto store = Households();
  if (!store) return std::unexpected(store.error());
  auto h = (*store)->GetByMember(member_id);
  if (!h) return std::unexpected(h.error());
  if (!*h) return fail(ErrorKind::kNotFound, "not_found", "no member with that id", "id");
  const Household& household = **h;
  auto it = std::find_if(household.members.begin(), household.members.end(),
                         [&](const Member& m) { return m.id == member_id; });
  nlohmann::json law;
  auto items =
      matcher_->Match(household, *it, kind, Today(), std::clamp(limit, 1, kMaxMatches), &law);
  if (!items) return std::unexpected(items.error());
  static constexpr const char* kKinds[] = {"openings", "courses", "aid"};
  nlohmann::json out{{"member_id", member_id},
                     {"kind", kKinds[static_cast<int>(kind)]},
                     {"items", std::move(*items)}};
  if (kind == MatchKind::kOpenings) out["law"] = std::move(law);
  return out;
}

Result<nlohmann::json> App::ListAudit(int limit, int offset) {
  auto page = audit_->List(limit, offset);
  if (!page) return std::unexpected(page.error());
  nlohmann::json items = nlohmann::json::array();
  for (const auto& e : page->second) {
    auto opt = [](std::optional<int64_t> v) { return v ? nlohmann::json(*v) : nlohmann::json(); };
    items.push_back({{"at", e.at},
                     {"actor", e.actor},
                     {"action", e.action},
                     {"household_id", opt(e.household_id)},
                     {"user_id", opt(e.user_id)},
                     {"client", e.client.empty() ? nlohmann::json() : nlohmann::json(e.client)},
                     {"fields", e.fields}});
  }
  return nlohmann::json{{"total", page->first}, {"items", std::move(items)}};
}

}  // namespace jobmatch
