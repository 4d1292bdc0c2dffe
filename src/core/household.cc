#include "core/household.h"

#include <algorithm>
#include <array>

#include "core/clock.h"
#include "core/json_reader.h"
#include "core/utf8.h"

namespace jobmatch {

namespace {

constexpr std::array<std::string_view, 3> kWorkAbility = {"full", "partial", "none"};
constexpr std::array<std::string_view, 6> kEmployment = {
    "unemployed", "underemployed", "employed", "retired", "student", "self_employed"};
constexpr std::array<std::string_view, 3> kReach = {"county", "city", "province"};
constexpr std::array<std::string_view, 2> kRetirementCategory = {"staff", "worker"};
constexpr std::size_t kMaxMembers = 20;

template <typename E, std::size_t N>
std::optional<E> ParseEnum(const std::array<std::string_view, N>& names, std::string_view s) {
  for (std::size_t i = 0; i < N; ++i) {
    if (names[i] == s) return static_cast<E>(i);
  }
  return std::nullopt;
}

// Reads an enum-valued string field into `out`; reports a bad value.
template <typename E, std::size_t N>
void ReadEnum(JsonReader& r, const char* key, bool required,
              const std::array<std::string_view, N>& names, E& out) {
  if (auto s = r.OneOf(key, required, names)) out = *ParseEnum<E>(names, *s);
}

std::vector<std::string> ReadStrings(JsonReader& r, const char* key, std::size_t max_items,
                                     std::size_t max_chars, std::vector<FieldError>& errors) {
  std::vector<std::string> out;
  const auto* list = r.Array(key, false, max_items);
  if (!list) return out;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const auto& v = (*list)[i];
    std::string path = r.Path(key) + "[" + std::to_string(i) + "]";
    if (!v.is_string() || v.get_ref<const std::string&>().empty() ||
        Utf8Length(v.get_ref<const std::string&>()) > max_chars ||
        HasControlChars(v.get_ref<const std::string&>()) ||
        v.get_ref<const std::string&>().find('\n') != std::string::npos) {
      errors.push_back({path, path + " must be a non-empty string of at most " +
                                  std::to_string(max_chars) + " characters"});
      continue;
    }
    out.push_back(v);
  }
  return out;
}

// The ID number, and the birth date and gender it implies (given ones must
// agree with it).
void ReadIdentity(JsonReader& r, const nlohmann::json& in, std::string_view today, Member& m) {
  // The ID number is never quoted back, whatever is wrong with it.
  std::optional<IdNumberFacts> facts;
  if (!r.Has("id_number")) {
    r.Error("id_number", "is required");
  } else if (!in["id_number"].is_string()) {
    r.Error("id_number", "must be a string");
  } else if (!(facts = CheckIdNumber(in["id_number"].get<std::string>()))) {
    r.Error("id_number", "is not a valid 18-character ID number (length, date or check digit)");
  } else {
    m.id_number = in["id_number"].get<std::string>();
    if (m.id_number.back() == 'x') m.id_number.back() = 'X';
  }

  if (auto birth = r.String("birth_date", false, 10)) {
    if (!ParseDate(*birth)) {
      r.Error("birth_date", "must be a date written YYYY-MM-DD");
    } else if (facts && *birth != facts->birth_date) {
      r.Error("birth_date", "does not agree with the ID number");
    } else {
      m.birth_date = *birth;
    }
  } else if (facts) {
    m.birth_date = facts->birth_date;  // derived from the ID number
  }
  if (!m.birth_date.empty() && m.birth_date > today) r.Error("birth_date", "is in the future");

  if (auto g = r.String("gender", false, 10)) {
    auto gender = ParseGender(*g);
    if (!gender) {
      r.Error("gender", "must be male or female");
    } else if (facts && *gender != facts->gender) {
      r.Error("gender", "does not agree with the ID number");
    } else {
      m.gender = *gender;
    }
  } else if (facts) {
    m.gender = facts->gender;
  }
}

void ReadSkills(JsonReader& r, const std::string& path, const Taxonomy& taxonomy,
                std::vector<FieldError>& errors, std::vector<std::string>& warnings, Member& m) {
  const auto* skills = r.Array("skills", false, 30);
  if (!skills) return;
  for (std::size_t i = 0; i < skills->size(); ++i) {
    std::string sp = path + ".skills[" + std::to_string(i) + "]";
    if (!(*skills)[i].is_object()) {
      errors.push_back({sp, sp + " must be an object {skill, level, certified}"});
      continue;
    }
    JsonReader sr((*skills)[i], errors, sp + ".");
    auto name = sr.String("skill", true, 50);
    auto level = sr.Integer("level", false, kMinSkillLevel, kMaxSkillLevel);
    auto certified = sr.Boolean("certified", false);
    if (!name) continue;
    MemberSkill s{taxonomy.ResolveSkill(*name), static_cast<int>(level.value_or(kMinSkillLevel)),
                  certified.value_or(false), std::nullopt};
    if (!s.skill.known)
      warnings.push_back(sp + ".skill " + *name + " is not in the taxonomy; kept as given");
    m.skills.push_back(std::move(s));
  }
}

Member ParseMember(const nlohmann::json& in, const std::string& path, const Taxonomy& taxonomy,
                   std::string_view today, std::vector<FieldError>& errors,
                   std::vector<std::string>& warnings) {
  Member m;
  JsonReader r(in, errors, path + ".");
  m.id = r.Integer("id", false, 1, INT64_MAX).value_or(0);
  m.name = r.String("name", true, 50).value_or("");

  ReadIdentity(r, in, today, m);

  if (auto edu = r.String("education", false, 20)) {
    if (auto e = ParseEducation(*edu)) {
      m.education = *e;
    } else {
      r.Error("education",
              "must be one of none, junior, senior, vocational, college, bachelor, master");
    }
  }
  if (auto g = r.String("graduated_on", false, 10)) {
    if (ParseDate(*g)) {
      m.graduated_on = *g;
    } else {
      r.Error("graduated_on", "must be a date written YYYY-MM-DD");
    }
  }
  ReadEnum(r, "work_ability", true, kWorkAbility, m.work_ability);
  ReadEnum(r, "employment", true, kEmployment, m.employment);
  ReadEnum(r, "reach", false, kReach, m.reach);

  ReadSkills(r, path, taxonomy, errors, warnings, m);
  for (const auto& o : ReadStrings(r, "desired_occupations", 10, 50, errors)) {
    TermRef ref = taxonomy.ResolveOccupation(o);
    if (!ref.known)
      warnings.push_back(path + ".desired_occupations " + o +
                         " is not in the taxonomy; kept as given");
    m.desired_occupations.push_back(std::move(ref));
  }
  if (const auto* loc = r.Object("location", false)) {
    JsonReader lr(*loc, errors, path + ".location.");
    auto lat = lr.Number("lat", true, -90, 90);
    auto lon = lr.Number("lon", true, -180, 180);
    if (lat && lon) m.location = GeoPoint{*lat, *lon};
  }
  m.max_commute_km = r.Number("max_commute_km", false, 0, 500);
  for (const auto& g : ReadStrings(r, "special_groups", 5, 30, errors)) {
    if (std::find(std::begin(kSpecialGroups), std::end(kSpecialGroups), g) ==
        std::end(kSpecialGroups)) {
      r.Error("special_groups",
              "may hold disabled, aged_40_50, laid_off_restructuring, long_term_unemployed, "
              "migrant_worker");
    } else if (!m.HasSpecialGroup(g)) {
      m.special_groups.push_back(g);
    }
  }
  m.wants_startup = r.Boolean("wants_startup", false).value_or(false);
  ReadEnum(r, "retirement_category", false, kRetirementCategory, m.retirement_category);
  m.wants_work_after_retirement = r.Boolean("wants_work_after_retirement", false).value_or(false);
  m.business_plan = r.String("business_plan", false, 5000, true).value_or("");
  return m;
}

}  // namespace

std::string_view WorkAbilityName(WorkAbility w) {
  return kWorkAbility[static_cast<int>(w)];
}
std::string_view EmploymentName(Employment e) {
  return kEmployment[static_cast<int>(e)];
}
std::string_view ReachName(Reach r) {
  return kReach[static_cast<int>(r)];
}

int Member::AgeOn(std::string_view today) const {
  if (birth_date.size() != 10 || today.size() != 10) return 0;
  int age = std::stoi(std::string(today.substr(0, 4))) - std::stoi(birth_date.substr(0, 4));
  if (today.substr(5) < std::string_view(birth_date).substr(5)) --age;  // birthday not yet reached
  return age;
}

bool Member::HasSpecialGroup(std::string_view g) const {
  return std::find(special_groups.begin(), special_groups.end(), g) != special_groups.end();
}

int RetirementSchedule::DelayMonths(std::string_view birth_month) const {
  if (birth_month.size() < 7 || birth_month < std::string_view(from)) return 0;
  auto months = [](std::string_view ym) {
    return std::stoi(std::string(ym.substr(0, 4))) * 12 + std::stoi(std::string(ym.substr(5, 2)));
  };
  return std::min(max_delay_months, (months(birth_month) - months(from)) / months_per_step + 1);
}

const RetirementSchedule& WorkingAge::ScheduleOf(const Member& m) const {
  if (m.gender == Gender::kMale) return male;
  return m.retirement_category == RetirementCategory::kWorker ? female_worker : female_staff;
}

std::string WorkingAge::RetirementDate(const Member& m) const {
  if (m.birth_date.size() != 10) return "";
  const RetirementSchedule& s = ScheduleOf(m);
  auto birth = ParseDate(m.birth_date);
  if (!birth) return "";
  using namespace std::chrono;
  const year_month ym = birth->year() / birth->month() + years(s.base_age) +
                        months(s.DelayMonths(m.birth_date.substr(0, 7)));
  // The same day of the month, or the month's last (born on the 31st).
  const year_month_day at{ym / std::min(birth->day(), (ym / last).day())};
  return FormatDate(at);
}

bool WorkingAge::Retired(const Member& m, std::string_view today) const {
  const std::string at = RetirementDate(m);
  return !at.empty() && today >= std::string_view(at);
}

bool WorkingAge::Contains(const Member& m, std::string_view today) const {
  return m.AgeOn(today) >= min_age && !Retired(m, today);
}

bool IsZeroEmployment(const Household& h, std::string_view today, const WorkingAge& age) {
  bool someone_can_work = false;
  for (const auto& m : h.members) {
    if (m.employment == Employment::kEmployed || m.employment == Employment::kUnderemployed ||
        m.employment == Employment::kSelfEmployed) {
      return false;
    }
    someone_can_work |= m.work_ability != WorkAbility::kNone && age.Contains(m, today);
  }
  return someone_can_work;
}

Result<ParsedHousehold> ParseHousehold(const nlohmann::json& in, const Taxonomy& taxonomy,
                                       const Regions& regions, std::string_view today) {
  if (!in.is_object()) {
    return fail(ErrorKind::kUnprocessable, "validation_failed",
                "a household must be a JSON object");
  }
  std::vector<FieldError> errors;
  ParsedHousehold out;
  Household& h = out.household;
  JsonReader r(in, errors);
  h.archive_no = r.String("archive_no", true, 50).value_or("");
  if (auto region = r.String("region", true, 60)) {
    auto resolved = regions.Resolve(*region, "region");
    if (resolved) {
      h.region = (*resolved)->code;
    } else {
      errors.push_back({"region", resolved.error().message});
    }
  }
  h.address = r.String("address", false, 200).value_or("");
  h.causes = ReadStrings(r, "causes", 10, 100, errors);
  h.dibao = r.Boolean("dibao", false).value_or(false);
  h.monthly_income = r.Integer("monthly_income", false, 0, 10'000'000).value_or(0);
  h.counsellor = r.String("counsellor", true, 50).value_or("");
  h.support_unit = r.String("support_unit", false, 100).value_or("");
  if (const auto* members = r.Array("members", true, kMaxMembers)) {
    if (members->empty()) r.Error("members", "must hold at least one member");
    for (std::size_t i = 0; i < members->size(); ++i) {
      std::string path = "members[" + std::to_string(i) + "]";
      if (!(*members)[i].is_object()) {
        errors.push_back({path, path + " must be an object"});
        continue;
      }
      h.members.push_back(ParseMember((*members)[i], path, taxonomy, today, errors, out.warnings));
    }
  }
  if (!errors.empty()) return invalid(std::move(errors));
  return out;
}

namespace {

nlohmann::json MemberJson(const Member& m) {
  nlohmann::json skills = nlohmann::json::array();
  for (const auto& s : m.skills) {
    skills.push_back({{"skill", s.skill.id},
                      {"name", s.skill.name},
                      {"level", s.level},
                      {"certified", s.certified},
                      {"known", s.skill.known}});
    if (s.source) {
      skills.back()["source"] = {{"course_id", s.source->course_id},
                                 {"completed_on", s.source->completed_on}};
    }
  }
  nlohmann::json grants = nlohmann::json::array();
  for (const auto& g : m.aid_granted) {
    grants.push_back(
        {{"aid_product_id", g.aid_product_id}, {"amount", g.amount}, {"granted_on", g.granted_on}});
  }
  nlohmann::json desired = nlohmann::json::array();
  for (const auto& o : m.desired_occupations) desired.push_back(o.id);
  return {
      {"id", m.id},
      {"name", m.name},
      {"birth_date", m.birth_date},
      {"gender", GenderName(m.gender)},
      {"education", EducationName(m.education)},
      {"graduated_on",
       m.graduated_on.empty() ? nlohmann::json(nullptr) : nlohmann::json(m.graduated_on)},
      {"work_ability", WorkAbilityName(m.work_ability)},
      {"employment", EmploymentName(m.employment)},
      {"skills", std::move(skills)},
      {"desired_occupations", std::move(desired)},
      {"reach", ReachName(m.reach)},
      {"location", m.location ? nlohmann::json{{"lat", m.location->lat}, {"lon", m.location->lon}}
                              : nlohmann::json(nullptr)},
      {"max_commute_km",
       m.max_commute_km ? nlohmann::json(*m.max_commute_km) : nlohmann::json(nullptr)},
      {"special_groups", m.special_groups},
      {"wants_startup", m.wants_startup},
      {"retirement_category", kRetirementCategory[static_cast<int>(m.retirement_category)]},
      {"wants_work_after_retirement", m.wants_work_after_retirement},
      {"startup_training_completed_on", m.startup_training_completed_on.empty()
                                            ? nlohmann::json(nullptr)
                                            : nlohmann::json(m.startup_training_completed_on)},
      {"aid_granted", std::move(grants)},
      {"business_plan", m.business_plan}};
}

nlohmann::json HouseholdJson(const Household& h) {
  return {
      {"id", h.id},
      {"archive_no", h.archive_no},
      {"region", h.region},
      {"address", h.address},
      {"causes", h.causes},
      {"dibao", h.dibao},
      {"monthly_income", h.monthly_income},
      {"counsellor", h.counsellor},
      {"support_unit", h.support_unit},
      {"status", h.status},
      {"exit_reason",
       h.exit_reason.empty() ? nlohmann::json(nullptr) : nlohmann::json(h.exit_reason)},
      {"exited_at", h.exited_at.empty() ? nlohmann::json(nullptr) : nlohmann::json(h.exited_at)},
      {"created_at", h.created_at},
      {"updated_at", h.updated_at}};
}

}  // namespace

nlohmann::json HouseholdView(const Household& h, bool reveal, std::string_view today,
                             const WorkingAge& age) {
  nlohmann::json j = HouseholdJson(h);
  j["zero_employment"] = IsZeroEmployment(h, today, age);
  nlohmann::json members = nlohmann::json::array();
  for (const auto& m : h.members) {
    nlohmann::json mj = MemberJson(m);
    mj["id_number"] = reveal ? m.id_number : MaskIdNumber(m.id_number);
    mj["age"] = m.AgeOn(today);
    members.push_back(std::move(mj));
  }
  j["members"] = std::move(members);
  return j;
}

nlohmann::json EncodeHousehold(const Household& h, const std::vector<std::string>& sealed) {
  nlohmann::json j = HouseholdJson(h);
  nlohmann::json members = nlohmann::json::array();
  for (std::size_t i = 0; i < h.members.size(); ++i) {
    nlohmann::json mj = MemberJson(h.members[i]);
    mj["id_number_sealed"] = sealed.at(i);
    members.push_back(std::move(mj));
  }
  j["members"] = std::move(members);
  return j;
}

Household DecodeHousehold(const nlohmann::json& j,
                          const std::function<std::string(const std::string&)>& unseal) {
  Household h;
  h.id = j.at("id");
  h.archive_no = j.at("archive_no");
  h.region = j.at("region");
  h.address = j.at("address");
  h.causes = j.at("causes").get<std::vector<std::string>>();
  h.dibao = j.at("dibao");
  h.monthly_income = j.at("monthly_income");
  h.counsellor = j.at("counsellor");
  h.support_unit = j.at("support_unit");
  h.status = j.at("status");
  if (!j.at("exit_reason").is_null()) h.exit_reason = j.at("exit_reason");
  if (!j.at("exited_at").is_null()) h.exited_at = j.at("exited_at");
  h.created_at = j.at("created_at");
  h.updated_at = j.at("updated_at");
  for (const auto& mj : j.at("members")) {
    Member m;
    m.id = mj.at("id");
    m.name = mj.at("name");
    m.id_number = unseal(mj.at("id_number_sealed"));
    m.birth_date = mj.at("birth_date");
    m.gender = ParseGender(mj.at("gender").get<std::string>()).value_or(Gender::kMale);
    m.education = ParseEducation(mj.at("education").get<std::string>()).value_or(Education::kNone);
    if (!mj.at("graduated_on").is_null()) m.graduated_on = mj.at("graduated_on");
    m.work_ability = ParseEnum<WorkAbility>(kWorkAbility, mj.at("work_ability").get<std::string>())
                         .value_or(WorkAbility::kNone);
    m.employment = ParseEnum<Employment>(kEmployment, mj.at("employment").get<std::string>())
                       .value_or(Employment::kUnemployed);
    for (const auto& s : mj.at("skills")) {
      MemberSkill skill{{s.at("skill"), s.at("name"), s.at("known")},
                        s.at("level"),
                        s.at("certified"),
                        std::nullopt};
      if (const auto src = s.find("source"); src != s.end()) {
        skill.source = SkillSource{src->at("course_id"), src->at("completed_on")};
      }
      m.skills.push_back(std::move(skill));
    }
    for (const auto& o : mj.at("desired_occupations")) {
      std::string id = o;
      m.desired_occupations.push_back({id, id, false});  // names re-resolved by callers if needed
    }
    m.reach = ParseEnum<Reach>(kReach, mj.at("reach").get<std::string>()).value_or(Reach::kCity);
    if (const auto& loc = mj.at("location"); loc.is_object())
      m.location = GeoPoint{loc.at("lat"), loc.at("lon")};
    if (const auto& km = mj.at("max_commute_km"); !km.is_null())
      m.max_commute_km = km.get<double>();
    m.special_groups = mj.at("special_groups").get<std::vector<std::string>>();
    m.wants_startup = mj.at("wants_startup");
    // Stored before these fields existed: staff, not seeking work after retirement.
    m.retirement_category =
        ParseEnum<RetirementCategory>(kRetirementCategory, mj.value("retirement_category", "staff"))
            .value_or(RetirementCategory::kStaff);
    m.wants_work_after_retirement = mj.value("wants_work_after_retirement", false);
    // Stored before outcomes recorded these: none.
    if (const auto on = mj.find("startup_training_completed_on"); on != mj.end() && !on->is_null())
      m.startup_training_completed_on = *on;
    for (const auto& g : mj.value("aid_granted", nlohmann::json::array())) {
      m.aid_granted.push_back({g.at("aid_product_id"), g.at("amount"), g.at("granted_on")});
    }
    m.business_plan = mj.at("business_plan");
    h.members.push_back(std::move(m));
  }
  return h;
}

void KeepOutcomeRecords(const Household& before, Household& after) {
  for (Member& m : after.members) {
    auto was = std::find_if(before.members.begin(), before.members.end(),
                            [&](const Member& b) { return b.id == m.id && m.id != 0; });
    if (was == before.members.end()) continue;
    if (m.startup_training_completed_on.empty())
      m.startup_training_completed_on = was->startup_training_completed_on;
    if (m.aid_granted.empty()) m.aid_granted = was->aid_granted;
    for (MemberSkill& s : m.skills) {
      for (const MemberSkill& old : was->skills) {
        if (!s.source && old.source && old.skill.id == s.skill.id) s.source = old.source;
      }
    }
  }
}

bool IsRecentGraduate(const Member& m, std::string_view today) {
  if (EducationRank(m.education) < EducationRank(Education::kCollege) || m.graduated_on.empty()) {
    return false;
  }
  auto t = ParseDate(today);
  if (!t || m.graduated_on > today) return false;
  return m.graduated_on >= AddDays(*t, -731);
}

}  // namespace jobmatch
