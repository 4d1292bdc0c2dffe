// What happens to a recommendation after the batch: the outcomes a counsellor
// records, which apply to which kind of recommendation, the order they come
// in, what they change about the member, and the follow-ups of stable
// employment (稳定就业) they make due. Pure rules over values; the service
// reads and writes the records (service/batches.cc).
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/catalog.h"
#include "core/error.h"
#include "core/household.h"

namespace jobmatch {

inline constexpr std::array<std::string_view, 12> kOutcomes = {
    "applied", "interview",   "hired",       "declined",    "enrolled", "completed",
    "granted", "retained_1m", "retained_3m", "retained_6m", "left",     "started_business"};

// Declines after which a counsellor reviews a member before more offers.
inline constexpr int kDeclinesForReview = 3;

// Whether `status` may be recorded on a recommendation of `kind` (opening,
// course, aid) whose latest status is `current` (empty: none yet): 422 for a
// status of another kind, 409 `not_hired` for a follow-up before a hire.
Result<void> CheckOutcome(std::string_view status, std::string_view kind, std::string_view current);

// The member's employment after `status`, when it changes it.
std::optional<Employment> EmploymentAfter(std::string_view status);

// A follow-up due after a status, counted in days from the hire.
struct FollowUp {
  std::string_view after;
  std::string_view next;
  int days;
};

// The follow-up a recommendation whose latest status is `status` waits for.
std::optional<FollowUp> FollowUpAfter(std::string_view status);

// A completed course's skills, added to `m` at the course's level (certified
// when it awards a certificate) with the course as their source; a level
// the member already holds higher is kept.
void LearnFromCourse(Member& m, const Course& course, std::string_view completed_on);

}  // namespace jobmatch
