// Which catalogue a member's matches come from (GET /v1/members/{id}/matches?kind=).
#pragma once

#include <optional>
#include <string_view>

namespace jobmatch {

enum class MatchKind { kOpenings, kCourses, kAid };

std::optional<MatchKind> ParseMatchKind(std::string_view s);

}  // namespace jobmatch
