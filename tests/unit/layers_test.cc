// The layers of docs/architecture.md, checked on the sources: each folder of
// src/ includes only its own headers and those of the layers below it.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <string>

namespace jobmatch {
namespace {

// Each layer and the folders it may include, itself included.
const std::map<std::string, std::set<std::string>> kMayInclude = {
    {"core", {"core"}},
    {"store", {"core", "store"}},
    {"search", {"core", "store", "search"}},
    {"match", {"core", "store", "search", "match"}},
    {"batch", {"core", "store", "search", "match", "batch"}},
    {"service", {"core", "store", "search", "match", "batch", "service"}},
    {"http", {"core", "store", "search", "match", "batch", "service", "http"}},
    {"cli", {"core", "store", "search", "match", "batch", "service", "http", "cli"}},
};

TEST(LayerTest, NoIncludeGoesUpAFloor) {
  namespace fs = std::filesystem;
  const std::regex include(R"re(^\s*#\s*include\s*"([a-z_]+)/)re");
  int files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(JOBMATCH_SOURCE_DIR "/src")) {
    if (!entry.is_regular_file()) continue;
    const auto rel = fs::relative(entry.path(), JOBMATCH_SOURCE_DIR "/src");
    const std::string layer = rel.begin()->string();
    ASSERT_TRUE(kMayInclude.contains(layer)) << "src/" << layer << " is not a known layer";
    std::ifstream in(entry.path());
    int line_no = 0;
    for (std::string line; std::getline(in, line);) {
      ++line_no;
      std::smatch m;
      if (!std::regex_search(line, m, include)) continue;
      EXPECT_TRUE(kMayInclude.at(layer).contains(m[1].str()))
          << "src/" << rel.string() << ":" << line_no << " includes " << m[1] << "/ from " << layer
          << "/";
    }
    ++files;
  }
  EXPECT_GT(files, 50);
}

}  // namespace
}  // namespace jobmatch
