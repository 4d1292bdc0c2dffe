// Unit-test support: a temporary directory, a small fixed taxonomy (so that
// unit tests do not move when index/ grows) beside the real index schema, the
// real region codes, and a fixed clock.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "../support/builders.h"
#include "../support/temp_dir.h"
#include "core/clock.h"
#include "core/regions.h"
#include "core/taxonomy.h"
#include "service/app.h"

namespace jobmatch::testing {

inline void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream(path) << text;
}

// Writes skills.json, occupations.json, synonyms.json and schema.json into `dir`.
inline void WriteTestIndexDir(const std::string& dir) {
  WriteFile(dir + "/skills.json", R"({
    "levels": [{"level":1,"name":"五级/初级工"},{"level":2,"name":"四级/中级工"},
               {"level":3,"name":"三级/高级工"},{"level":4,"name":"二级/技师"},
               {"level":5,"name":"一级/高级技师"}],
    "certificates": {
      "special_operation": {"name":"特种作业操作证","hard":true,"source":"《安全生产法》第三十条"},
      "health": {"name":"健康证明","hard":false,"source":"《食品安全法》第四十五条"}
    },
    "skills": [
      {"id":"arc_welding","name":"焊条电弧焊","synonyms":["电焊","手工电弧焊"]},
      {"id":"welding_certificate","name":"熔化焊接与热切割作业","synonyms":["焊工证"],
       "certificate":"special_operation"},
      {"id":"health_certificate","name":"健康证明","synonyms":["健康证"],"certificate":"health"},
      {"id":"forklift","name":"叉车驾驶","synonyms":["叉车","开叉车"]},
      {"id":"cleaning","name":"保洁","synonyms":["清洁"]},
      {"id":"blueprint","name":"识图","synonyms":[]}
    ]})");
  WriteFile(dir + "/occupations.json", R"({"occupations": [
      {"id":"welder","name":"焊工","synonyms":["电焊工","焊接工"],"group":"manufacturing",
       "skills":{"essential":["arc_welding"],"optional":["blueprint"]}},
      {"id":"forklift_driver","name":"叉车司机","synonyms":["叉车工"],"group":"logistics",
       "skills":{"essential":["forklift"],"optional":[]}},
      {"id":"cleaner","name":"保洁员","synonyms":["清洁工"],"group":"cleaning",
       "skills":{"essential":["cleaning"],"optional":[]}}
    ]})");
  WriteFile(dir + "/synonyms.json", R"({"groups": [["月嫂","母婴护理员"],["打扫卫生","保洁"]]})");
  for (const char* f :
       {"/schema.json", "/minimum_wages.json", "/common_passwords.txt", "/labour_rules.json"}) {
    std::filesystem::copy_file(std::string(JOBMATCH_SOURCE_DIR "/index") + f, dir + f,
                               std::filesystem::copy_options::overwrite_existing);
  }
}

inline const Regions& RealRegions() {
  static const Regions regions = *Regions::Load(JOBMATCH_SOURCE_DIR "/fixtures/regions.tsv");
  return regions;
}

inline const Taxonomy& TestTaxonomy() {
  static const Taxonomy taxonomy = [] {
    TempDir dir;
    WriteTestIndexDir(dir.path());
    auto t = Taxonomy::Load(dir.path());
    if (!t) throw std::runtime_error(t.error().message);
    return *t;
  }();
  return taxonomy;
}

inline constexpr char kTestDataKey[] =
    "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

// An App configuration over `dir` (which holds the test index files).
inline AppConfig TestConfig(const std::string& dir) {
  AppConfig c;
  c.data_dir = dir + "/data";
  c.index_dir = dir;
  c.regions_tsv = JOBMATCH_SOURCE_DIR "/fixtures/regions.tsv";
  c.data_key = kTestDataKey;
  return c;
}

// 2026-11-29T08:00:00Z
inline std::chrono::system_clock::time_point TestNow() {
  return std::chrono::sys_days{std::chrono::year{2026} / 11 / 29} + std::chrono::hours{8};
}

}  // namespace jobmatch::testing
