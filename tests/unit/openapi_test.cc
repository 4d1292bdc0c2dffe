// api/openapi.yaml and the server's route table must list the same operations.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>

#include "http/api.h"
#include "test_env.h"

namespace jobmatch {
namespace {

// "METHOD /path/{param}" for every operation under `paths:` in the spec.
std::set<std::string> SpecOperations() {
  std::ifstream in(JOBMATCH_SOURCE_DIR "/api/openapi.yaml");
  std::set<std::string> ops;
  std::string line, path;
  bool in_paths = false;
  const std::regex path_re("^  (/[^:]*):\\s*$");
  const std::regex method_re("^    (get|post|put|patch|delete):\\s*$");
  std::smatch m;
  while (std::getline(in, line)) {
    if (line.rfind("paths:", 0) == 0) {
      in_paths = true;
    } else if (!line.empty() && line[0] != ' ' && line[0] != '#') {
      in_paths = false;
    } else if (in_paths && std::regex_match(line, m, path_re)) {
      path = m[1];
    } else if (in_paths && std::regex_match(line, m, method_re)) {
      std::string method = m[1];
      for (auto& c : method) c = static_cast<char>(std::toupper(c));
      ops.insert(method + " " + path);
    }
  }
  return ops;
}

TEST(OpenApiTest, SpecAndServerListTheSameOperations) {
  testing::TempDir dir;
  testing::WriteTestIndexDir(dir.path());
  FixedClock clock(testing::TestNow());
  auto app = App::Open(testing::TestConfig(dir.path()), clock);
  ASSERT_TRUE(app);
  Api api(**app);
  std::set<std::string> served;
  for (const auto& r : api.router().routes()) {
    std::string path = std::regex_replace(r.pattern, std::regex(":([a-z_]+)"), "{$1}");
    served.insert(r.method + " " + path);
  }
  EXPECT_EQ(SpecOperations(), served);
}

}  // namespace
}  // namespace jobmatch
