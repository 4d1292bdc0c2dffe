#include "core/opening.h"

#include <array>

#include "core/clock.h"
#include "core/json_reader.h"

namespace jobmatch {

namespace {

constexpr std::array<std::string_view, 7> kEducationNames = {
    "none", "junior", "senior", "vocational", "college", "bachelor", "master"};

constexpr std::array<std::string_view, 6> kServerFields = {
    "id", "board", "status", "positions_filled", "created_at", "updated_at"};

OpeningStatus ParseOpeningStatus(std::string_view s) {
  if (s == "filled") return OpeningStatus::kFilled;
  if (s == "expired") return OpeningStatus::kExpired;
  return OpeningStatus::kOpen;
}

constexpr std::array<std::string_view, 17> kClientFields = {
    "external_id", "title",         "employer",  "description", "occupation", "skills",
    "region",      "address",       "location",  "wage_min",    "wage_max",   "positions",
    "education",   "for_graduates", "full_time", "expires_at",  "apply"};

constexpr std::size_t kMaxNameChars = 50;  // skill and occupation names as given
constexpr std::size_t kMaxSkills = 30;
constexpr int64_t kMaxWage = 1'000'000;
constexpr int64_t kMaxPositions = 100'000;

bool Contains(auto const& list, std::string_view s) {
  for (auto x : list) {
    if (x == s) return true;
  }
  return false;
}

}  // namespace

std::vector<SkillRequirement> ReadSkillRequirements(JsonReader& r, const char* key, bool required,
                                                    const Taxonomy& taxonomy,
                                                    std::vector<FieldError>& errors,
                                                    std::vector<std::string>& warnings) {
  std::vector<SkillRequirement> out;
  const auto* skills = r.Array(key, required, kMaxSkills);
  if (skills == nullptr) return out;
  if (required && skills->empty()) r.Error(key, "must name at least one skill");
  for (std::size_t i = 0; i < skills->size(); ++i) {
    const std::string path = r.Path(key) + "[" + std::to_string(i) + "]";
    if (!(*skills)[i].is_object()) {
      errors.push_back({path, path + " must be an object {skill, level}"});
      continue;
    }
    JsonReader sr((*skills)[i], errors, path + ".");
    auto name = sr.String("skill", true, kMaxNameChars);
    auto level = sr.Integer("level", false, kMinSkillLevel, kMaxSkillLevel);
    if (!name) continue;
    SkillRequirement req{taxonomy.ResolveSkill(*name),
                         static_cast<int>(level.value_or(kMinSkillLevel))};
    if (!req.skill.known)
      warnings.push_back(path + ".skill " + *name + " is not in the taxonomy; kept as given");
    out.push_back(std::move(req));
  }
  return out;
}

std::optional<Education> ParseEducation(std::string_view s) {
  for (std::size_t i = 0; i < kEducationNames.size(); ++i) {
    if (kEducationNames[i] == s) return static_cast<Education>(i);
  }
  return std::nullopt;
}

std::string_view EducationName(Education e) {
  return kEducationNames[static_cast<int>(e)];
}

int EducationRank(Education e) {
  switch (e) {
    case Education::kNone:
      return 0;
    case Education::kJunior:
      return 1;
    case Education::kSenior:
    case Education::kVocational:
      return 2;
    case Education::kCollege:
      return 3;
    case Education::kBachelor:
      return 4;
    case Education::kMaster:
      return 5;
  }
  return 0;
}

Result<ParsedOpening> ParseOpening(const nlohmann::json& in, const Taxonomy& taxonomy,
                                   const Regions& regions, std::string_view today,
                                   int lifetime_days) {
  if (!in.is_object()) {
    return fail(ErrorKind::kUnprocessable, "validation_failed", "an opening must be a JSON object");
  }
  std::vector<FieldError> errors;
  JsonReader r(in, errors);
  ParsedOpening out;
  Opening& o = out.opening;

  for (const auto& [key, value] : in.items()) {
    if (!Contains(kClientFields, key) && !Contains(kServerFields, key)) {
      out.warnings.push_back("unknown field " + key + " ignored");
    }
  }

  o.external_id = r.String("external_id", true, 100).value_or("");
  o.title = r.String("title", true, kMaxTitleChars).value_or("");
  o.employer = r.String("employer", true, 200).value_or("");
  o.description = r.String("description", false, kMaxDescriptionChars, true).value_or("");
  o.address = r.String("address", false, 200).value_or("");

  if (auto occ = r.String("occupation", true, kMaxNameChars)) {
    o.occupation = taxonomy.ResolveOccupation(*occ);
    if (!o.occupation.known) {
      out.warnings.push_back("occupation " + *occ + " is not in the taxonomy; kept as given");
    }
  }

  o.skills = ReadSkillRequirements(r, "skills", false, taxonomy, errors, out.warnings);

  o.region = ReadRegion(r, "region", true, regions, errors);

  if (const auto* loc = r.Object("location", false)) {
    JsonReader lr(*loc, errors, "location.");
    auto lat = lr.Number("lat", true, -90, 90);
    auto lon = lr.Number("lon", true, -180, 180);
    if (lat && lon) o.location = GeoPoint{*lat, *lon};
  }

  o.wage_min = r.Integer("wage_min", false, 0, kMaxWage);
  o.wage_max = r.Integer("wage_max", false, 0, kMaxWage);
  if (o.wage_min && o.wage_max && *o.wage_min > *o.wage_max) {
    r.Error("wage_min", "must not exceed wage_max");
  }
  o.positions = r.Integer("positions", false, 1, kMaxPositions).value_or(1);

  if (auto edu = r.String("education", false, 20)) {
    if (auto e = ParseEducation(*edu)) {
      o.education = *e;
    } else {
      r.Error("education",
              "must be one of none, junior, senior, vocational, college, bachelor, master");
    }
  }
  o.for_graduates = r.Boolean("for_graduates", false).value_or(false);
  o.full_time = r.Boolean("full_time", false).value_or(true);
  o.apply = ReadApply(r, errors);

  if (auto exp = r.String("expires_at", false, 10)) {
    if (ParseDate(*exp)) {
      o.expires_at = *exp;
    } else {
      r.Error("expires_at", "must be a date written YYYY-MM-DD");
    }
  } else if (auto t = ParseDate(today)) {
    o.expires_at = AddDays(*t, lifetime_days);
  }

  if (!errors.empty()) return invalid(std::move(errors));
  return out;
}

nlohmann::json EncodeOpening(const Opening& o) {
  nlohmann::json skills = nlohmann::json::array();
  for (const auto& s : o.skills) {
    skills.push_back({{"skill", s.skill.id},
                      {"name", s.skill.name},
                      {"level", s.level},
                      {"known", s.skill.known}});
  }
  nlohmann::json j = {
      {"id", o.id},
      {"board", o.board},
      {"external_id", o.external_id},
      {"title", o.title},
      {"employer", o.employer},
      {"description", o.description},
      {"occupation", o.occupation.id},
      {"occupation_name", o.occupation.name},
      {"occupation_known", o.occupation.known},
      {"skills", std::move(skills)},
      {"region", o.region},
      {"address", o.address},
      {"location", o.location ? nlohmann::json{{"lat", o.location->lat}, {"lon", o.location->lon}}
                              : nlohmann::json(nullptr)},
      {"wage_min", o.wage_min ? nlohmann::json(*o.wage_min) : nlohmann::json(nullptr)},
      {"wage_max", o.wage_max ? nlohmann::json(*o.wage_max) : nlohmann::json(nullptr)},
      {"positions", o.positions},
      {"education", EducationName(o.education)},
      {"for_graduates", o.for_graduates},
      {"full_time", o.full_time},
      {"apply", ApplyJson(o.apply)},
      {"compliance_flags", o.compliance_flags},
      {"status", OpeningStatusName(o.status)},
      {"positions_filled", o.positions_filled},
      {"expires_at", o.expires_at},
      {"created_at", o.created_at},
      {"updated_at", o.updated_at},
  };
  return j;
}

Opening DecodeOpening(const nlohmann::json& j) {
  Opening o;
  o.id = j.at("id");
  o.board = j.at("board");
  o.external_id = j.at("external_id");
  o.title = j.at("title");
  o.employer = j.at("employer");
  o.description = j.at("description");
  o.occupation = {j.at("occupation"), j.at("occupation_name"), j.at("occupation_known")};
  for (const auto& s : j.at("skills")) {
    o.skills.push_back({{s.at("skill"), s.at("name"), s.at("known")}, s.at("level")});
  }
  o.region = j.at("region");
  o.address = j.at("address");
  if (const auto& loc = j.at("location"); loc.is_object())
    o.location = GeoPoint{loc.at("lat"), loc.at("lon")};
  if (const auto& w = j.at("wage_min"); !w.is_null()) o.wage_min = w.get<int64_t>();
  if (const auto& w = j.at("wage_max"); !w.is_null()) o.wage_max = w.get<int64_t>();
  o.positions = j.at("positions");
  o.education = ParseEducation(j.at("education").get<std::string>()).value_or(Education::kNone);
  o.for_graduates = j.at("for_graduates");
  o.full_time = j.at("full_time");
  o.apply = ApplyFrom(j.value("apply", nlohmann::json()));  // absent in rows stored before it
  o.compliance_flags = j.value("compliance_flags", nlohmann::json::array());
  // Absent in rows stored before openings filled: open, none filled.
  o.status = ParseOpeningStatus(j.value("status", "open"));
  o.positions_filled = j.value("positions_filled", int64_t{0});
  o.expires_at = j.at("expires_at");
  o.created_at = j.at("created_at");
  o.updated_at = j.at("updated_at");
  return o;
}

nlohmann::json OpeningView(const nlohmann::json& stored, std::string_view today) {
  nlohmann::json v = stored;
  if (!v.contains("apply")) v["apply"] = nullptr;  // stored before openings had it
  if (!v.contains("compliance_flags")) v["compliance_flags"] = nlohmann::json::array();
  if (!v.contains("positions_filled")) v["positions_filled"] = 0;
  v.erase("cluster");  // the index's own; the API says duplicate_of, duplicates, also_on
  const std::string status = v.value("status", "open");
  v["status"] =
      status == "open" && stored.at("expires_at").get<std::string>() < today ? "expired" : status;
  return v;
}

std::string_view OpeningStatusName(OpeningStatus s) {
  switch (s) {
    case OpeningStatus::kOpen:
      return "open";
    case OpeningStatus::kFilled:
      return "filled";
    case OpeningStatus::kExpired:
      return "expired";
  }
  return "";
}

void Opening::Settle(std::string_view today) {
  status = positions_filled >= positions ? OpeningStatus::kFilled
           : IsExpired(today)            ? OpeningStatus::kExpired
                                         : OpeningStatus::kOpen;
}

}  // namespace jobmatch
