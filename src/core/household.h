// A household in difficulty (一户一档) and its members: the domain types, their
// validation and JSON codecs, and the derived zero-employment status. ID
// numbers are plaintext only in memory: codecs write them masked (or, for the
// store, sealed by the caller), and no message ever echoes one. Plain values.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/id_number.h"
#include "core/opening.h"

namespace jobmatch {

enum class WorkAbility { kFull, kPartial, kNone };
// kSelfEmployed (自主创业) is employment: it ends zero employment.
enum class Employment { kUnemployed, kUnderemployed, kEmployed, kRetired, kStudent, kSelfEmployed };
enum class Reach { kCounty, kCity, kProvince };
// A woman's original statutory retirement age: 55 for staff (管理和技术岗位),
// 50 for workers (工人岗位). Men have one.
enum class RetirementCategory { kStaff, kWorker };

std::string_view WorkAbilityName(WorkAbility w);
std::string_view EmploymentName(Employment e);
std::string_view ReachName(Reach r);

inline constexpr const char* kSpecialGroups[] = {"disabled", "aged_40_50", "laid_off_restructuring",
                                                 "long_term_unemployed", "migrant_worker"};

// The course whose completion added a skill (outcomes, not counsellors, set it).
struct SkillSource {
  int64_t course_id = 0;
  std::string completed_on;
};

struct MemberSkill {
  TermRef skill;
  int level = kMinSkillLevel;
  bool certified = false;
  std::optional<SkillSource> source;
};

// Startup aid a member was granted (the outcome `granted` records it).
struct AidGrant {
  int64_t aid_product_id = 0;
  int64_t amount = 0;  // yuan
  std::string granted_on;
};

struct Member {
  int64_t id = 0;  // server-assigned
  std::string name;
  std::string id_number;  // plaintext, in memory only
  std::string birth_date;
  Gender gender = Gender::kMale;
  Education education = Education::kNone;
  std::string graduated_on;  // empty when not given
  WorkAbility work_ability = WorkAbility::kFull;
  Employment employment = Employment::kUnemployed;
  std::vector<MemberSkill> skills;
  std::vector<TermRef> desired_occupations;
  Reach reach = Reach::kCity;
  std::optional<GeoPoint> location;
  std::optional<double> max_commute_km;
  std::vector<std::string> special_groups;
  bool wants_startup = false;
  std::string business_plan;
  RetirementCategory retirement_category = RetirementCategory::kStaff;
  // Past the statutory retirement age and still seeking (flexible) work.
  bool wants_work_after_retirement = false;
  // What outcomes recorded; a counsellor's edit keeps them (KeepOutcomeRecords).
  std::string startup_training_completed_on;  // empty: not completed
  std::vector<AidGrant> aid_granted;

  int AgeOn(std::string_view today) const;
  bool HasSpecialGroup(std::string_view g) const;
};

// How the statutory retirement age follows the birth month: born before
// `from` (YYYY-MM), `base_age`; from then on every `months_per_step` months
// of birth add a month, at most `max_delay_months` (the 2024 schedule).
struct RetirementSchedule {
  int base_age = 60;
  std::string from = "9999-12";
  int months_per_step = 1;
  int max_delay_months = 0;
  // The months past `base_age` for someone born in `birth_month` (YYYY-MM).
  int DelayMonths(std::string_view birth_month) const;
};

// Working age: from `min_age` to the statutory retirement age. The
// defaults are the ages before 2025; LabourLaw loads the schedule in force.
struct WorkingAge {
  int min_age = 16;
  RetirementSchedule male{60}, female_staff{55}, female_worker{50};
  const RetirementSchedule& ScheduleOf(const Member& m) const;
  // The day the member reaches the statutory retirement age (YYYY-MM-DD).
  std::string RetirementDate(const Member& m) const;
  bool Retired(const Member& m, std::string_view today) const;
  bool Contains(const Member& m, std::string_view today) const;
};

struct Household {
  int64_t id = 0;
  std::string archive_no;
  std::string region;
  std::string address;
  std::vector<std::string> causes;
  bool dibao = false;
  int64_t monthly_income = 0;
  std::string counsellor;
  std::string support_unit;
  std::vector<Member> members;
  std::string status = "active";  // active | exited
  std::string exit_reason;
  std::string exited_at;
  std::string created_at;
  std::string updated_at;
};

// 零就业家庭: a member of working age able to work (full or partial), and no
// member employed (underemployed and self-employed count as employed here).
bool IsZeroEmployment(const Household& h, std::string_view today, const WorkingAge& age);

// College or above and graduated within two years before `today` (阳光就业).
bool IsRecentGraduate(const Member& m, std::string_view today);

struct ParsedHousehold {
  Household household;
  std::vector<std::string> warnings;
};

// Validates a client's household (POST or PUT body). Members may carry their
// `id` on PUT to keep their identity. `today` bounds birth dates.
Result<ParsedHousehold> ParseHousehold(const nlohmann::json& in, const Taxonomy& taxonomy,
                                       const Regions& regions, std::string_view today);

// Carries into `after` what outcomes recorded on `before`'s members (same
// member id) and `after` lacks: skill sources, startup training completed,
// aid granted. A counsellor's edit replaces the household without them.
void KeepOutcomeRecords(const Household& before, Household& after);

// The API form: ID numbers masked unless `reveal`; `zero_employment` derived.
nlohmann::json HouseholdView(const Household& h, bool reveal, std::string_view today,
                             const WorkingAge& age);

// The stored form, with each member's ID number replaced by `sealed[i]`
// (encrypted by the caller) under "id_number_sealed".
nlohmann::json EncodeHousehold(const Household& h, const std::vector<std::string>& sealed);
// Decodes the stored form; `unseal` turns a sealed ID number back into plaintext.
Household DecodeHousehold(const nlohmann::json& stored,
                          const std::function<std::string(const std::string&)>& unseal);

}  // namespace jobmatch
