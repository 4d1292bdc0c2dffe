// The rules of docs/architecture.md, checked on the sources: each folder of
// src/ includes only its own headers and those of the layers below it, SQL
// is written only in store/ and Xapian named only in search/, and no file or
// function grows past what a reader can hold in mind.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

namespace jobmatch {
namespace {

// Each layer and the folders it may include, itself included.
const std::map<std::string, std::set<std::string>> kMayInclude = {
    {"core", {"core"}},
    // Spreadsheet files: beside the store, used by the service alone.
    {"sheet", {"core", "sheet"}},
    {"store", {"core", "store"}},
    {"search", {"core", "store", "search"}},
    {"match", {"core", "store", "search", "match"}},
    {"batch", {"core", "store", "search", "match", "batch"}},
    {"service", {"core", "store", "search", "match", "batch", "sheet", "service"}},
    {"http", {"core", "store", "search", "match", "batch", "sheet", "service", "http"}},
    {"cli", {"core", "store", "search", "match", "batch", "sheet", "service", "http", "cli"}},
};

namespace fs = std::filesystem;

struct Source {
  std::string path;  // relative to src/
  std::string layer;
  std::string text;
};

std::vector<Source> Sources() {
  std::vector<Source> out;
  for (const auto& entry : fs::recursive_directory_iterator(JOBMATCH_SOURCE_DIR "/src")) {
    if (!entry.is_regular_file()) continue;
    const auto rel = fs::relative(entry.path(), JOBMATCH_SOURCE_DIR "/src");
    std::ifstream in(entry.path());
    out.push_back(
        {rel.string(), rel.begin()->string(), std::string(std::istreambuf_iterator<char>(in), {})});
  }
  return out;
}

// The code alone: comments, preprocessor lines, string and character literals
// blanked out (newlines kept, so that line numbers hold). A quote between two
// digits is a digit separator (4'000'000), not a character literal.
std::string CodeOnly(const std::string& s) {
  std::string out = s;
  auto blank = [&](std::size_t from, std::size_t to) {
    for (std::size_t i = from; i < to && i < out.size(); ++i) {
      if (out[i] != '\n') out[i] = ' ';
    }
  };
  std::size_t i = 0;
  bool line_start = true;
  while (i < s.size()) {
    const char c = s[i];
    if (line_start && c == '#') {  // a directive, with its continuation lines
      std::size_t end = i;
      while (end < s.size() && (s[end] != '\n' || s[end - 1] == '\\')) ++end;
      blank(i, end);
      i = end;
    } else if (s.compare(i, 2, "//") == 0) {
      const std::size_t end = s.find('\n', i);
      blank(i, end);
      i = end == std::string::npos ? s.size() : end;
    } else if (s.compare(i, 2, "/*") == 0) {
      const std::size_t end = s.find("*/", i + 2) + 2;
      blank(i, end);
      i = end;
    } else if (c == 'R' && i + 1 < s.size() && s[i + 1] == '"') {  // R"delim(...)delim"
      const std::size_t open = s.find('(', i);
      const std::string close = ")" + s.substr(i + 2, open - i - 2) + "\"";
      const std::size_t end = s.find(close, open) + close.size();
      blank(i, end);
      i = end;
    } else if (c == '"' ||
               (c == '\'' && !(i > 0 && std::isalnum(static_cast<unsigned char>(s[i - 1]))))) {
      std::size_t end = i + 1;
      while (end < s.size() && s[end] != c) end += s[end] == '\\' ? 2 : 1;
      blank(i, end + 1);
      i = end + 1;
    } else {
      ++i;
    }
    if (i < s.size())
      line_start =
          s[i - 1] == '\n' || (line_start && std::isspace(static_cast<unsigned char>(s[i - 1])));
  }
  return out;
}

struct Function {
  std::string head;  // what precedes its body
  int first_line = 0, last_line = 0;
};

// The bodies of functions defined at namespace or class scope (lambdas and
// local classes count toward the function they are in).
std::vector<Function> Functions(const std::string& code) {
  enum class Scope { kDeclarations, kBody };
  std::vector<Scope> scopes = {Scope::kDeclarations};
  std::vector<Function> out;
  std::size_t head_start = 0;
  int line = 1, depth_in_body = 0, head_line = 1;
  Function current;
  bool seen_head_text = false;
  for (std::size_t i = 0; i < code.size(); ++i) {
    const char c = code[i];
    if (c == '\n') ++line;
    if (scopes.back() == Scope::kBody) {
      if (c == '{') ++depth_in_body;
      if (c == '}' && --depth_in_body == 0) {
        scopes.pop_back();
        if (!current.head.empty()) {
          current.last_line = line;
          out.push_back(current);
        }
        head_start = i + 1;
        seen_head_text = false;
      }
      continue;
    }
    if (!seen_head_text && !std::isspace(static_cast<unsigned char>(c)) && c != ';' && c != '}') {
      seen_head_text = true;
      head_line = line;
    }
    if (c == ';' || c == '}') {
      if (c == '}') scopes.pop_back();
      head_start = i + 1;
      seen_head_text = false;
    } else if (c == '{') {
      const std::string head = code.substr(head_start, i - head_start);
      const std::string before_paren = head.substr(0, head.find('('));
      const std::regex word(R"re(\b(namespace|extern)\b)re");
      const std::regex type(R"re(\b(class|struct|union|enum)\b)re");
      const bool function =
          head.find(')') != std::string::npos && before_paren.find('=') == std::string::npos;
      if (std::regex_search(head, word) || (!function && std::regex_search(head, type))) {
        scopes.push_back(Scope::kDeclarations);
        head_start = i + 1;
        seen_head_text = false;
      } else {
        // A function's body, or an initialiser: measured only if a function.
        scopes.push_back(Scope::kBody);
        depth_in_body = 1;
        current = function ? Function{head, head_line, 0} : Function{};
      }
    }
  }
  return out;
}

TEST(LayerTest, NoIncludeGoesUpAFloor) {
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

TEST(LayerTest, SqlOnlyInTheStore) {
  const std::regex sql(
      R"re("(SELECT|INSERT INTO|UPDATE|DELETE FROM|CREATE (TABLE|INDEX)|PRAGMA) )re");
  for (const Source& f : Sources()) {
    if (f.layer == "store") continue;
    EXPECT_FALSE(std::regex_search(f.text, sql)) << "src/" << f.path << " writes SQL";
  }
}

TEST(LayerTest, XapianOnlyInSearch) {
  for (const Source& f : Sources()) {
    if (f.layer == "search") continue;
    EXPECT_EQ(f.text.find("Xapian::"), std::string::npos) << "src/" << f.path << " uses Xapian";
    EXPECT_EQ(f.text.find("<xapian.h>"), std::string::npos) << "src/" << f.path;
  }
}

// A newcomer reads a file in one sitting and a function on one screen or two.
TEST(ShapeTest, FilesAndFunctionsStayShort) {
  constexpr int kMaxFileLines = 500, kMaxFunctionLines = 80;
  int functions = 0;
  for (const Source& f : Sources()) {
    const auto lines = std::count(f.text.begin(), f.text.end(), '\n');
    EXPECT_LE(lines, kMaxFileLines) << "src/" << f.path;
    for (const Function& fn : Functions(CodeOnly(f.text))) {
      ++functions;
      EXPECT_LE(fn.last_line - fn.first_line + 1, kMaxFunctionLines)
          << "src/" << f.path << ":" << fn.first_line << " is " << fn.last_line - fn.first_line + 1
          << " lines long";
    }
  }
  EXPECT_GT(functions, 500);
}

TEST(ShapeTest, TheScannerSeesFunctions) {
  const std::string code = CodeOnly(
      "#include <x>\n"
      "namespace a {\n"
      "struct S {\n"
      "  int f() const { return '}'; }\n"
      "};\n"
      "const int kN[] = {1, 2};\n"
      "// a comment }\n"
      "int g(int x) {\n"
      "  auto l = [] { return \"{\"; };\n"
      "  return 4'000 + x;\n"
      "}\n"
      "}  // namespace a\n");
  const auto fns = Functions(code);
  ASSERT_EQ(fns.size(), 2u);
  EXPECT_EQ(fns[0].first_line, 4);
  EXPECT_EQ(fns[0].last_line, 4);
  EXPECT_EQ(fns[1].first_line, 8);
  EXPECT_EQ(fns[1].last_line, 11);
}

}  // namespace
}  // namespace jobmatch
