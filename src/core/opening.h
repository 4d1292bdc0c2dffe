// A job opening as posted by a job board: the domain type, its validation and
// its JSON codec. Validation resolves region, occupation and skill names
// through Regions and Taxonomy; names the taxonomy does not know are kept and
// reported as warnings. Plain values: safe to copy between threads.
#pragma once

#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/contact.h"
#include "core/error.h"
#include "core/regions.h"
#include "core/taxonomy.h"

namespace jobmatch {

// What an upsert of an opening did.
enum class UpsertKind { kCreated, kUpdated, kUnchanged };

// Minimum education, ordered: none < junior < senior = vocational < college <
// bachelor < master. Rank() gives the order (senior and vocational share 2).
enum class Education { kNone, kJunior, kSenior, kVocational, kCollege, kBachelor, kMaster };

std::optional<Education> ParseEducation(std::string_view s);
std::string_view EducationName(Education e);
int EducationRank(Education e);

inline constexpr std::size_t kMaxTitleChars = 200;
inline constexpr std::size_t kMaxDescriptionChars = 10000;
inline constexpr int kDefaultLifetimeDays = 60;  // expires_at when a posting gives none

// Whether an opening is still to be filled: `open` ones are searched and
// matched; `filled` (every position taken by recorded hires) and `expired`
// (past expires_at) ones are not, but stay readable by id.
enum class OpeningStatus { kOpen, kFilled, kExpired };
std::string_view OpeningStatusName(OpeningStatus s);

struct GeoPoint {
  double lat = 0;
  double lon = 0;
};

struct SkillRequirement {
  TermRef skill;
  int level = kMinSkillLevel;
};

struct Opening {
  int64_t id = 0;           // server-assigned
  std::string board;        // the posting board (the key's owner)
  std::string external_id;  // the board's own id; (board, external_id) is unique
  std::string title;
  std::string employer;
  std::string description;
  TermRef occupation;
  std::vector<SkillRequirement> skills;
  std::string region;  // a GB/T 2260 code
  std::string address;
  std::optional<GeoPoint> location;
  std::optional<int64_t> wage_min;  // CNY a month
  std::optional<int64_t> wage_max;
  int64_t positions = 1;
  Education education = Education::kNone;
  bool for_graduates = false;
  bool full_time = true;
  std::optional<ApplyInfo> apply;  // how to apply
  // Requirements the law forbids an employer to set, found in the posting
  // (LabourLaw::Discrimination): [{code, phrase, field, law}].
  nlohmann::json compliance_flags = nlohmann::json::array();
  OpeningStatus status = OpeningStatus::kOpen;  // server-set (Settle)
  int64_t positions_filled = 0;                 // hires recorded on it
  std::string expires_at;                       // YYYY-MM-DD
  std::string created_at;                       // RFC 3339
  std::string updated_at;                       // RFC 3339

  // Open until the end of its expires_at day.
  bool IsExpired(std::string_view today) const { return expires_at < today; }
  // Sets `status` from the positions filled and the expiry as of `today`.
  void Settle(std::string_view today);
};

class JsonReader;

// Reads `key` as an array of {skill, level}: names resolve through the
// taxonomy; a name it does not know is kept and reported in `warnings`.
std::vector<SkillRequirement> ReadSkillRequirements(JsonReader& r, const char* key, bool required,
                                                    const Taxonomy& taxonomy,
                                                    std::vector<FieldError>& errors,
                                                    std::vector<std::string>& warnings);

struct ParsedOpening {
  Opening opening;
  std::vector<std::string> warnings;  // e.g. names the taxonomy does not know
};

// Validates a client's JSON posting. `today` (YYYY-MM-DD) plus
// `lifetime_days` sets the default expiry. Server-set fields in the input
// (id, board, status, positions_filled, created_at, updated_at) are ignored;
// other unknown fields produce a warning.
Result<ParsedOpening> ParseOpening(const nlohmann::json& in, const Taxonomy& taxonomy,
                                   const Regions& regions, std::string_view today,
                                   int lifetime_days = kDefaultLifetimeDays);

// The stored form: every field, as the API returns it.
nlohmann::json EncodeOpening(const Opening& o);

// Decodes the stored form (trusted input written by EncodeOpening).
Opening DecodeOpening(const nlohmann::json& stored);

// The API form: the stored form with `status` as of `today` (an open opening
// past its day reads `expired` before the store has marked it).
nlohmann::json OpeningView(const nlohmann::json& stored, std::string_view today);

}  // namespace jobmatch
