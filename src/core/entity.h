// The kinds of entity the catalogues hold: the `entity` of a change-log row,
// the type a search document carries, the kind of a recommendation. One
// definition for every layer.
#pragma once

namespace jobmatch {

inline constexpr char kEntityOpening[] = "opening";
inline constexpr char kEntityCourse[] = "course";
inline constexpr char kEntityAid[] = "aid";

}  // namespace jobmatch
