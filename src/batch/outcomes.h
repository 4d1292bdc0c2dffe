// What happens to a recommendation after the batch: the outcomes a counsellor
// records, which apply to which kind of recommendation, the order they come
// in, what they change about the member, and the follow-ups they make due:
// stable employment (稳定就业) after a hire, the next step of a pathway. Pure rules over values;
// the service reads and writes the records (service/batches.cc).
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

// What is due after a recommendation's latest status: the next outcome to
// record on it (retained_*, completed, started_business), or the step it
// opens on the member's other recommendations (apply_unlocked: apply for the
// openings a completed course opened; apply_for_aid: apply for the aid that
// completed startup training opened).
struct FollowUp {
  std::string_view after;  // latest status
  std::string_view kind;   // of the recommendation: opening, course, aid
  std::string_view next;
  int days;        // until it is due, counted from the status (or the hire)
  bool from_hire;  // counted from the first hire (stable employment)
};

// The follow-up a recommendation of `kind` whose latest status is `status`
// waits for.
std::optional<FollowUp> FollowUpAfter(std::string_view status, std::string_view kind);

// What the member has done since a step opened, and whether that closes it.
struct SinceStep {
  Employment employment = Employment::kUnemployed;  // the member's now
  bool opening_outcome = false;  // an outcome on one of the member's openings since
  bool aid_outcome = false;      // an outcome on another of the member's aid since
  bool startup_training = true;  // the aid completed was startup training
};
bool StepStillOpen(const FollowUp& f, const SinceStep& since);

// A completed course's skills, added to `m` at the course's level (certified
// when it awards a certificate) with the course as their source; a level
// the member already holds higher is kept.
void LearnFromCourse(Member& m, const Course& course, std::string_view completed_on);

}  // namespace jobmatch
