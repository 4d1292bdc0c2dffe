#include "core/catalog.h"

#include <algorithm>
#include <array>

#include "core/clock.h"
#include "core/json_reader.h"

namespace jobmatch {

namespace {

constexpr std::array<std::string_view, 5> kAidKinds = {
    "startup_training", "startup_mentoring", "interest_free_loan", "loan_interest_subsidy",
    "production_materials"};

std::optional<std::string> ReadDate(JsonReader& r, const char* key, bool required) {
  auto s = r.String(key, required, 10);
  if (!s) return std::nullopt;
  if (!ParseDate(*s)) {
    r.Error(key, "must be a date written YYYY-MM-DD");
    return std::nullopt;
  }
  return s;
}

std::string ReadRegion(JsonReader& r, const Regions& regions, std::vector<FieldError>& errors) {
  auto region = r.String("region", true, 60);
  if (!region) return "";
  auto resolved = regions.Resolve(*region, "region");
  if (!resolved) {
    errors.push_back({"region", resolved.error().message});
    return "";
  }
  return (*resolved)->code;
}

nlohmann::json SkillsJson(const std::vector<SkillRequirement>& skills) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& s : skills) {
    out.push_back({{"skill", s.skill.id},
                   {"name", s.skill.name},
                   {"level", s.level},
                   {"known", s.skill.known}});
  }
  return out;
}

std::vector<SkillRequirement> SkillsFrom(const nlohmann::json& j) {
  std::vector<SkillRequirement> out;
  for (const auto& s : j)
    out.push_back({{s.at("skill"), s.at("name"), s.at("known")}, s.at("level")});
  return out;
}

}  // namespace

std::string_view AidKindName(AidKind k) {
  return kAidKinds[static_cast<int>(k)];
}

std::optional<AidKind> ParseAidKind(std::string_view s) {
  for (std::size_t i = 0; i < kAidKinds.size(); ++i) {
    if (kAidKinds[i] == s) return static_cast<AidKind>(i);
  }
  return std::nullopt;
}

Result<Course> ParseCourse(const nlohmann::json& in, const Taxonomy& taxonomy,
                           const Regions& regions, std::vector<std::string>& warnings) {
  if (!in.is_object())
    return fail(ErrorKind::kUnprocessable, "validation_failed", "a course must be a JSON object");
  std::vector<FieldError> errors;
  JsonReader r(in, errors);
  Course c;
  c.title = r.String("title", true, kMaxTitleChars).value_or("");
  c.provider = r.String("provider", true, 200).value_or("");
  c.description = r.String("description", false, kMaxDescriptionChars, true).value_or("");
  c.skills_taught = ReadSkillRequirements(r, "skills_taught", true, taxonomy, errors, warnings);

  c.region = ReadRegion(r, regions, errors);
  c.address = r.String("address", false, 200).value_or("");
  c.starts_on = ReadDate(r, "starts_on", true).value_or("");
  c.ends_on = ReadDate(r, "ends_on", true).value_or("");
  if (!c.starts_on.empty() && !c.ends_on.empty() && c.ends_on < c.starts_on) {
    r.Error("ends_on", "must not be before starts_on");
  }
  c.hours = r.Integer("hours", false, 0, 10'000).value_or(0);
  c.seats = r.Integer("seats", true, 0, 100'000).value_or(0);
  c.fee = r.Integer("fee", false, 0, 1'000'000).value_or(0);
  if (auto cert = r.Integer("certificate", false, kMinSkillLevel, kMaxSkillLevel))
    c.certificate = static_cast<int>(*cert);
  if (auto mode = r.String("mode", false, 10)) {
    if (*mode == "online" || *mode == "offline") {
      c.online = *mode == "online";
    } else {
      r.Error("mode", "must be online or offline");
    }
  }
  if (!errors.empty()) return invalid(std::move(errors));
  return c;
}

nlohmann::json EncodeCourse(const Course& c) {
  return {{"id", c.id},
          {"title", c.title},
          {"provider", c.provider},
          {"description", c.description},
          {"skills_taught", SkillsJson(c.skills_taught)},
          {"region", c.region},
          {"address", c.address},
          {"starts_on", c.starts_on},
          {"ends_on", c.ends_on},
          {"hours", c.hours},
          {"seats", c.seats},
          {"fee", c.fee},
          {"certificate", c.certificate ? nlohmann::json(*c.certificate) : nlohmann::json(nullptr)},
          {"mode", c.online ? "online" : "offline"},
          {"created_at", c.created_at},
          {"updated_at", c.updated_at}};
}

Course DecodeCourse(const nlohmann::json& j) {
  Course c;
  c.id = j.at("id");
  c.title = j.at("title");
  c.provider = j.at("provider");
  c.description = j.at("description");
  c.skills_taught = SkillsFrom(j.at("skills_taught"));
  c.region = j.at("region");
  c.address = j.at("address");
  c.starts_on = j.at("starts_on");
  c.ends_on = j.at("ends_on");
  c.hours = j.at("hours");
  c.seats = j.at("seats");
  c.fee = j.at("fee");
  if (!j.at("certificate").is_null()) c.certificate = j.at("certificate").get<int>();
  c.online = j.at("mode") == "online";
  c.created_at = j.at("created_at");
  c.updated_at = j.at("updated_at");
  return c;
}

Result<AidProduct> ParseAidProduct(const nlohmann::json& in, const Regions& regions) {
  if (!in.is_object())
    return fail(ErrorKind::kUnprocessable, "validation_failed",
                "an aid product must be a JSON object");
  std::vector<FieldError> errors;
  JsonReader r(in, errors);
  AidProduct a;
  if (auto kind = r.String("kind", true, 30)) {
    if (auto k = ParseAidKind(*kind)) {
      a.kind = *k;
    } else {
      r.Error("kind",
              "must be one of startup_training, startup_mentoring, interest_free_loan, "
              "loan_interest_subsidy, production_materials");
    }
  }
  a.title = r.String("title", true, kMaxTitleChars).value_or("");
  a.provider = r.String("provider", true, 200).value_or("");
  a.description = r.String("description", false, kMaxDescriptionChars, true).value_or("");
  a.region = ReadRegion(r, regions, errors);
  a.max_amount = r.Integer("max_amount", false, 0, 100'000'000).value_or(0);
  a.age_min = static_cast<int>(r.Integer("age_min", false, 0, 120).value_or(16));
  a.age_max = static_cast<int>(r.Integer("age_max", false, 0, 120).value_or(60));
  if (a.age_max < a.age_min) r.Error("age_max", "must not be below age_min");
  if (const auto* req = r.Array("requires", false, 2)) {
    for (std::size_t i = 0; i < req->size(); ++i) {
      const auto& v = (*req)[i];
      if (v == kRequiresTraining || v == kRequiresPlan) {
        if (std::find(a.requires_.begin(), a.requires_.end(), v) == a.requires_.end())
          a.requires_.push_back(v);
      } else {
        std::string path = "requires[" + std::to_string(i) + "]";
        errors.push_back({path, path + " must be startup_training_completed or business_plan"});
      }
    }
  }
  a.opens_on = ReadDate(r, "opens_on", true).value_or("");
  a.closes_on = ReadDate(r, "closes_on", true).value_or("");
  if (!a.opens_on.empty() && !a.closes_on.empty() && a.closes_on < a.opens_on) {
    r.Error("closes_on", "must not be before opens_on");
  }
  if (!errors.empty()) return invalid(std::move(errors));
  return a;
}

nlohmann::json EncodeAidProduct(const AidProduct& a) {
  return {{"id", a.id},
          {"kind", AidKindName(a.kind)},
          {"title", a.title},
          {"provider", a.provider},
          {"description", a.description},
          {"region", a.region},
          {"max_amount", a.max_amount},
          {"age_min", a.age_min},
          {"age_max", a.age_max},
          {"requires", a.requires_},
          {"opens_on", a.opens_on},
          {"closes_on", a.closes_on},
          {"created_at", a.created_at},
          {"updated_at", a.updated_at}};
}

AidProduct DecodeAidProduct(const nlohmann::json& j) {
  AidProduct a;
  a.id = j.at("id");
  a.kind = ParseAidKind(j.at("kind").get<std::string>()).value_or(AidKind::kStartupTraining);
  a.title = j.at("title");
  a.provider = j.at("provider");
  a.description = j.at("description");
  a.region = j.at("region");
  a.max_amount = j.at("max_amount");
  a.age_min = j.at("age_min");
  a.age_max = j.at("age_max");
  a.requires_ = j.at("requires").get<std::vector<std::string>>();
  a.opens_on = j.at("opens_on");
  a.closes_on = j.at("closes_on");
  a.created_at = j.at("created_at");
  a.updated_at = j.at("updated_at");
  return a;
}

}  // namespace jobmatch
