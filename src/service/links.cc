// App operations of households' links: a counsellor makes a link, the
// household opens its current plan through it without signing in and
// answers each recommendation 感兴趣 or 不合适. What the link shows holds the
// members' names and nothing else personal.
#include <array>
#include <limits>

#include "core/json_reader.h"
#include "core/secrets.h"
#include "service/app.h"
#include "service/app_internals.h"

namespace jobmatch {

namespace {

constexpr std::size_t kLinkTokenBytes = 32;  // 256 random bits
constexpr int kDefaultLinkDays = 30, kMaxLinkDays = 90;
constexpr std::array<std::string_view, 2> kAnswers = {"interested", "not_suitable"};
constexpr std::array<std::string_view, 5> kReasons = {"too_far", "low_wage", "health", "schedule",
                                                      "other"};

std::unexpected<Error> NoLink() {
  // Unknown, expired and revoked look the same: no hint which.
  return fail(ErrorKind::kNotFound, "not_found", "this link is not valid", "token");
}

nlohmann::json LinkJson(const LinkRow& l) {
  auto opt = [](const std::string& s) { return s.empty() ? nlohmann::json() : nlohmann::json(s); };
  return {{"id", l.id},
          {"created_at", l.created_at},
          {"expires_at", l.expires_at},
          {"revoked_at", opt(l.revoked_at)},
          {"created_by", l.created_by}};
}

// A plan item as the household sees it: what it is and why, how to apply.
nlohmann::json PublicItem(const nlohmann::json& item, const nlohmann::json& stored) {
  nlohmann::json out = {
      {"recommendation_id", item.at("recommendation_id")},
      {"title", item.at("title")},
      {"reasons", item.at("explanation").value("reasons", nlohmann::json::array())},
      {"status", item.value("status", nlohmann::json())},
      {"answer", item.value("household_answer", nlohmann::json())}};
  for (const char* key : {"employer", "wage_min", "wage_max", "address", "apply", "starts_on",
                          "ends_on", "hours", "fee", "provider", "description"}) {
    if (stored.is_object() && stored.contains(key)) out[key] = stored.at(key);
  }
  if (const auto d = item.at("explanation").find("distance_km");
      d != item.at("explanation").end()) {
    out["distance_km"] = *d;
  }
  return out;
}

}  // namespace

Result<nlohmann::json> App::CreateLink(int64_t household_id, const nlohmann::json& body,
                                       const Principal& p) {
  if (auto h = VisibleHousehold(household_id, p); !h) return std::unexpected(h.error());
  if (auto ok = RequireObject(body); !ok) return std::unexpected(ok.error());
  std::vector<FieldError> errors;
  JsonReader r(body, errors);
  const auto days = r.Integer("expires_in_days", false, 1, kMaxLinkDays).value_or(kDefaultLinkDays);
  if (!errors.empty()) return invalid(std::move(errors));
  const std::string token = RandomHex(kLinkTokenBytes);
  const std::string expires = Timestamp(clock_.Now() + std::chrono::days(days));
  auto link = links_->Create(household_id, Sha256Hex(token), expires, p.actor);
  if (!link) return std::unexpected(link.error());
  nlohmann::json out = LinkJson(*link);
  out["url"] = "/p/" + token;  // shown once: only its hash is stored
  return out;
}

Result<nlohmann::json> App::ListLinks(int64_t household_id, const Principal& p) {
  if (auto h = VisibleHousehold(household_id, p); !h) return std::unexpected(h.error());
  auto rows = links_->List(household_id);
  if (!rows) return std::unexpected(rows.error());
  nlohmann::json items = nlohmann::json::array();
  for (const LinkRow& l : *rows) items.push_back(LinkJson(l));
  return nlohmann::json{{"items", std::move(items)}};
}

Result<void> App::RevokeLink(int64_t household_id, int64_t link_id, const Principal& p) {
  if (auto h = VisibleHousehold(household_id, p); !h) return std::unexpected(h.error());
  auto revoked = links_->Revoke(household_id, link_id);
  if (!revoked) return std::unexpected(revoked.error());
  if (!*revoked) return fail(ErrorKind::kNotFound, "not_found", "no live link with that id", "id");
  return {};
}

Result<LinkRow> App::LiveLink(std::string_view token) {
  if (token.size() != 2 * kLinkTokenBytes) return NoLink();
  const std::string hash = Sha256Hex(token);
  auto link = links_->Find(hash);
  if (!link) return std::unexpected(link.error());
  if (!*link || !(*link)->revoked_at.empty() || (*link)->expires_at <= Timestamp(clock_.Now())) {
    return NoLink();
  }
  const int64_t now =
      std::chrono::duration_cast<std::chrono::seconds>(clock_.Now().time_since_epoch()).count();
  // Each request counts; past 60 a minute, 429 until the oldest is a minute old.
  if (const int64_t wait = link_rate_.Admit(hash, now); wait > 0) {
    Error e{
        ErrorKind::kTooManyRequests,
        "too_many_requests",
        "too many requests through this link: try again in " + std::to_string(wait) + " seconds",
        "token",
        {},
        {}};
    e.retry_after_seconds = static_cast<int>(wait);
    return std::unexpected(std::move(e));
  }
  return std::move(**link);
}

Result<void> App::CheckLink(std::string_view token) {
  if (auto link = LiveLink(token); !link) return std::unexpected(link.error());
  return {};
}

Result<nlohmann::json> App::LinkPlan(std::string_view token) {
  auto link = LiveLink(token);
  if (!link) return std::unexpected(link.error());
  const Principal as_link = SystemPrincipal("link:" + std::to_string(link->id));
  auto logged = audit_->Append({Timestamp(clock_.Now()),
                                as_link.actor,
                                "link_viewed",
                                link->household_id,
                                {},
                                std::nullopt,
                                ""});
  if (!logged) return std::unexpected(logged.error());
  auto plan = GetPlan(link->household_id, as_link);
  if (!plan && plan.error().code == "no_plan") {
    return nlohmann::json{{"as_of", nullptr}, {"members", nlohmann::json::array()}};
  }
  if (!plan) return std::unexpected(plan.error());
  nlohmann::json members = nlohmann::json::array();
  for (const auto& m : plan->at("members")) {
    nlohmann::json pm = {
        {"member_id", m.at("member_id")}, {"name", m.at("name")}, {"track", m.at("track")}};
    for (const auto& [list, catalog] : {std::pair{"jobs", std::optional<Catalog>()},
                                        std::pair{"courses", std::optional(Catalog::kCourses)},
                                        std::pair{"aid", std::optional(Catalog::kAid)}}) {
      pm[list] = nlohmann::json::array();
      for (const auto& item : m.at(list)) {
        const int64_t id = item.at("id");
        auto stored = catalog ? GetCatalogItem(*catalog, id) : GetOpening(id);
        pm[list].push_back(PublicItem(item, stored ? *stored : nlohmann::json()));
      }
    }
    members.push_back(std::move(pm));
  }
  return nlohmann::json{{"as_of", plan->value("as_of", nlohmann::json())},
                        {"members", std::move(members)}};
}

Result<nlohmann::json> App::AnswerThroughLink(std::string_view token, const nlohmann::json& body) {
  auto link = LiveLink(token);
  if (!link) return std::unexpected(link.error());
  if (auto ok = RequireObject(body); !ok) return std::unexpected(ok.error());
  std::vector<FieldError> errors;
  JsonReader r(body, errors);
  const auto rec_id = r.Integer("recommendation_id", true, 1, std::numeric_limits<int64_t>::max());
  const auto answer = r.OneOf("answer", true, kAnswers);
  const auto reason = r.OneOf("reason", false, kReasons);
  if (!errors.empty()) return invalid(std::move(errors));
  auto rec = batches_->GetRecommendation(*rec_id);
  if (!rec) return std::unexpected(rec.error());
  if (!*rec || (*rec)->household_id != link->household_id) {
    return fail(ErrorKind::kNotFound, "not_found", "no recommendation with that id on this plan",
                "recommendation_id");
  }
  const std::string at = Timestamp(clock_.Now());
  const LinkResponse response{*answer, reason.value_or(""), at};
  auto written = links_->Answer(*rec_id, link->id, response,
                                AuditStore::Step({at,
                                                  "link:" + std::to_string(link->id),
                                                  "link_answered",
                                                  link->household_id,
                                                  {"answer"},
                                                  std::nullopt,
                                                  ""}));
  if (!written) return std::unexpected(written.error());
  return nlohmann::json{{"recommendation_id", *rec_id},
                        {"answer", *answer},
                        {"reason", reason ? nlohmann::json(*reason) : nlohmann::json()},
                        {"at", at}};
}

}  // namespace jobmatch
