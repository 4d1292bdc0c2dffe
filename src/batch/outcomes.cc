#include "batch/outcomes.h"

#include <algorithm>

namespace jobmatch {

namespace {

// The days are documented in docs/batch.md ("Follow-ups").
constexpr FollowUp kFollowUps[] = {
    {"hired", "opening", "retained_1m", 30, true},
    {"retained_1m", "opening", "retained_3m", 90, true},
    {"retained_3m", "opening", "retained_6m", 180, true},
    {"enrolled", "course", "completed", 30, false},  // or the course's end
    {"enrolled", "aid", "completed", 14, false},
    {"completed", "course", "apply_unlocked", 14, false},
    {"completed", "aid", "apply_for_aid", 14, false},
    {"granted", "aid", "started_business", 30, false}};

// Whether a status belongs to a recommendation of `kind`.
bool Applies(std::string_view s, std::string_view kind) {
  if (s == "hired" || s == "interview" || s.starts_with("retained_") || s == "left") {
    return kind == "opening";
  }
  // A course, or startup training (an aid product), is enrolled in and completed.
  if (s == "enrolled" || s == "completed") return kind == "course" || kind == "aid";
  if (s == "granted" || s == "started_business") return kind == "aid";
  return true;
}

}  // namespace

Result<void> CheckOutcome(std::string_view status, std::string_view kind,
                          std::string_view current) {
  if (!Applies(status, kind)) {
    return fail(ErrorKind::kUnprocessable, "validation_failed",
                "status " + std::string(status) + " does not apply to a recommendation of kind " +
                    std::string(kind),
                "status");
  }
  const bool follow_up = status.starts_with("retained_") || status == "left";
  if (follow_up && current != "hired" && !current.starts_with("retained_")) {
    return fail(ErrorKind::kConflict, "not_hired",
                "follow-ups of stable employment come after a hire", "status");
  }
  return {};
}

std::optional<Employment> EmploymentAfter(std::string_view status) {
  if (status == "hired") return Employment::kEmployed;
  if (status == "left") return Employment::kUnemployed;
  if (status == "started_business") return Employment::kSelfEmployed;
  return std::nullopt;
}

std::optional<FollowUp> FollowUpAfter(std::string_view status, std::string_view kind) {
  for (const FollowUp& f : kFollowUps) {
    if (f.after == status && f.kind == kind) return f;
  }
  return std::nullopt;
}

bool StepStillOpen(const FollowUp& f, const SinceStep& since) {
  const bool working =
      since.employment == Employment::kEmployed || since.employment == Employment::kSelfEmployed;
  // Applying for openings is moot once the member works or has acted on one.
  if (f.next == "apply_unlocked") return !working && !since.opening_outcome;
  if (f.next == "apply_for_aid") return since.startup_training && !since.aid_outcome;
  // A business started with other aid answers this grant too.
  if (f.next == "started_business") return since.employment != Employment::kSelfEmployed;
  return true;
}

void LearnFromCourse(Member& m, const Course& course, std::string_view completed_on) {
  for (const auto& taught : course.skills_taught) {
    const bool certified = course.certificate.has_value();
    auto held = std::find_if(m.skills.begin(), m.skills.end(),
                             [&](const MemberSkill& s) { return s.skill.id == taught.skill.id; });
    if (held == m.skills.end()) {
      m.skills.push_back({taught.skill, taught.level, certified, std::nullopt});
      held = m.skills.end() - 1;
    } else if (held->level > taught.level || (held->level == taught.level && held->certified)) {
      continue;  // holds it as well already
    } else {
      held->level = taught.level;
      held->certified = held->certified || certified;
    }
    held->source = SkillSource{course.id, std::string(completed_on)};
  }
}

}  // namespace jobmatch
