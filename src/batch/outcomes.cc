#include "batch/outcomes.h"

namespace jobmatch {

namespace {

constexpr FollowUp kFollowUps[] = {{"hired", "retained_1m", 30},
                                   {"retained_1m", "retained_3m", 90},
                                   {"retained_3m", "retained_6m", 180}};

// The kind of recommendation a status belongs to; empty: any kind.
std::string_view KindOf(std::string_view s) {
  if (s == "hired" || s == "interview" || s.starts_with("retained_") || s == "left") {
    return "opening";
  }
  if (s == "enrolled" || s == "completed") return "course";
  if (s == "granted") return "aid";
  return "";
}

}  // namespace

Result<void> CheckOutcome(std::string_view status, std::string_view kind,
                          std::string_view current) {
  const std::string_view belongs = KindOf(status);
  if (!belongs.empty() && belongs != kind) {
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
  return std::nullopt;
}

std::optional<FollowUp> FollowUpAfter(std::string_view status) {
  for (const FollowUp& f : kFollowUps) {
    if (f.after == status) return f;
  }
  return std::nullopt;
}

}  // namespace jobmatch
