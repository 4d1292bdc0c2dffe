// The two catalogues besides openings: training courses (技能培训促就业) and
// startup-aid products (创业援助). Domain types, validation and JSON codecs,
// in the same shape as core/opening.h. Plain values.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/opening.h"

namespace jobmatch {

// The two catalogues beside the openings.
enum class Catalog { kCourses, kAid };

struct Course {
  int64_t id = 0;
  std::string title;
  std::string provider;
  std::string description;
  std::vector<SkillRequirement> skills_taught;  // the level reached
  std::string region;
  std::string address;
  std::string starts_on;
  std::string ends_on;
  int64_t hours = 0;
  int64_t seats = 0;
  int64_t fee = 0;                 // CNY; 0 = free
  std::optional<int> certificate;  // skill level certified on completion
  bool online = false;             // mode: online | offline
  std::string created_at;
  std::string updated_at;
};

enum class AidKind {
  kStartupTraining,
  kStartupMentoring,
  kInterestFreeLoan,
  kLoanInterestSubsidy,
  kProductionMaterials
};
std::string_view AidKindName(AidKind k);
std::optional<AidKind> ParseAidKind(std::string_view s);

inline constexpr char kRequiresTraining[] = "startup_training_completed";
inline constexpr char kRequiresPlan[] = "business_plan";

struct AidProduct {
  int64_t id = 0;
  AidKind kind = AidKind::kStartupTraining;  // also the pathway order
  std::string title;
  std::string provider;
  std::string description;
  std::string region;  // covers everything beneath it
  int64_t max_amount = 0;
  int age_min = 16;
  int age_max = 60;
  std::vector<std::string> requires_;  // kRequiresTraining, kRequiresPlan
  std::string opens_on;
  std::string closes_on;
  std::string created_at;
  std::string updated_at;
};

Result<Course> ParseCourse(const nlohmann::json& in, const Taxonomy& taxonomy,
                           const Regions& regions, std::vector<std::string>& warnings);
nlohmann::json EncodeCourse(const Course& c);
Course DecodeCourse(const nlohmann::json& stored);

Result<AidProduct> ParseAidProduct(const nlohmann::json& in, const Regions& regions);
nlohmann::json EncodeAidProduct(const AidProduct& a);
AidProduct DecodeAidProduct(const nlohmann::json& stored);

}  // namespace jobmatch
