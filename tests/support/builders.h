// Test support shared by unit and API tests: valid ID numbers and household
// bodies as a counsellor would post them. Header-only plain functions.
#pragma once

#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

#include "core/id_number.h"

namespace jobmatch::testing {

// The date `days` from today (YYYY-MM-DD): a course date within the
// matcher's horizon, whatever day the tests run.
inline std::string InDays(int days) {
  const std::chrono::year_month_day d{
      std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()) +
      std::chrono::days(days)};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(d.year()),
                static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
  return buf;
}

// A valid ID number for a person born on `birth` (YYYY-MM-DD) in `region`;
// `seq` (0..99) tells apart people born the same day in the same place.
inline std::string MakeIdNumber(const std::string& region, const std::string& birth, bool male,
                                int seq = 1) {
  std::string id = region + birth.substr(0, 4) + birth.substr(5, 2) + birth.substr(8, 2);
  id += std::to_string(seq / 10 % 10) + std::to_string(seq % 10) + (male ? "1" : "2");
  return id + IdCheckDigit(id);
}

// A household of one unemployed welder in `region`, as POST /v1/households takes it.
inline nlohmann::json HouseholdJson(const std::string& archive_no, const std::string& id_number,
                                    const std::string& region = "320505") {
  return {{"archive_no", archive_no},
          {"region", region},
          {"address", "苏州市虎丘区狮山街道"},
          {"causes", {"下岗失业", "因病致困"}},
          {"dibao", true},
          {"monthly_income", 1800},
          {"counsellor", "王秀英"},
          {"support_unit", "苏州市总工会"},
          {"members",
           {{{"name", "陈建华"},
             {"id_number", id_number},
             {"education", "junior"},
             {"work_ability", "full"},
             {"employment", "unemployed"},
             {"skills",
              {{{"skill", "焊条电弧焊"}, {"level", 3}, {"certified", true}},
               {{"skill", "焊工证"}, {"level", 1}}}},
             {"desired_occupations", {"焊工"}}}}}};
}

}  // namespace jobmatch::testing
