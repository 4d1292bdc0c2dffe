// Small pieces every explanation is written with: skill levels as counsellors
// say them, a skill match as JSON, scores rounded for display. Used by the
// matcher's openings and courses (match/matcher.cc, match/courses.cc).
#pragma once

#include <cmath>
#include <nlohmann/json.hpp>
#include <string>

#include "match/scoring.h"

namespace jobmatch {

// "三级" — short, for certificates ("持有焊条电弧焊三级证书").
inline std::string Level(int level) {
  static constexpr const char* kLevelShort[] = {"", "五级", "四级", "三级", "二级", "一级"};
  return level >= 1 && level <= 5 ? kLevelShort[level] : std::to_string(level) + "级";
}

inline nlohmann::json SkillMatchJson(const SkillMatch& s) {
  return {{"skill", s.skill},
          {"name", s.name},
          {"required_level", s.required_level},
          {"held_level", s.held_level},
          {"certified", s.certified},
          {"certificate", s.certificate}};
}

inline double Round3(double v) {
  return std::round(v * 1000) / 1000;
}

}  // namespace jobmatch
