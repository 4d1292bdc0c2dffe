#include "service/household_sheet.h"

#include <array>
#include <chrono>
#include <map>
#include <span>

#include "core/id_number.h"
#include "sheet/cells.h"

namespace jobmatch {

namespace {

enum class Kind { kText, kInteger, kNumber, kBool, kDate, kList, kChoice, kChoices, kSkills, kId };

struct Choice {
  std::string_view said;  // what a counsellor writes
  std::string_view value;
};

struct Column {
  std::string_view header;
  std::string_view field;
  bool member;
  bool required;
  Kind kind;
  std::span<const Choice> choices;
  std::string_view example;
  std::string_view help;
};

constexpr Choice kGender[] = {{"男", "male"}, {"女", "female"}};
constexpr Choice kEducation[] = {
    {"无", "none"},      {"小学", "none"},       {"小学及以下", "none"}, {"初中", "junior"},
    {"高中", "senior"},  {"中专", "vocational"}, {"中职", "vocational"}, {"技校", "vocational"},
    {"大专", "college"}, {"专科", "college"},    {"高职", "college"},    {"本科", "bachelor"},
    {"硕士", "master"},  {"博士", "master"},     {"研究生", "master"}};
constexpr Choice kAbility[] = {{"完全", "full"},        {"有劳动能力", "full"},
                               {"部分", "partial"},     {"部分劳动能力", "partial"},
                               {"半劳动力", "partial"}, {"无", "none"},
                               {"无劳动能力", "none"},  {"丧失劳动能力", "none"}};
constexpr Choice kEmployment[] = {{"失业", "unemployed"},
                                  {"未就业", "unemployed"},
                                  {"无业", "unemployed"},
                                  {"灵活就业", "underemployed"},
                                  {"不充分就业", "underemployed"},
                                  {"就业", "employed"},
                                  {"已就业", "employed"},
                                  {"自主创业", "self_employed"},
                                  {"个体经营", "self_employed"},
                                  {"退休", "retired"},
                                  {"学生", "student"},
                                  {"在校", "student"},
                                  {"在校生", "student"}};
constexpr Choice kRetirementCategory[] = {{"管理技术岗", "staff"}, {"管理岗", "staff"},
                                          {"技术岗", "staff"},     {"干部", "staff"},
                                          {"工人岗", "worker"},    {"工人", "worker"}};
constexpr Choice kReach[] = {{"本县", "county"},  {"县内", "county"}, {"本区", "county"},
                             {"本市", "city"},    {"市内", "city"},   {"本省", "province"},
                             {"省内", "province"}};
constexpr Choice kGroups[] = {{"残疾人", "disabled"},
                              {"残疾", "disabled"},
                              {"4050人员", "aged_40_50"},
                              {"40、50人员", "aged_40_50"},
                              {"改制下岗", "laid_off_restructuring"},
                              {"下岗职工", "laid_off_restructuring"},
                              {"长期失业", "long_term_unemployed"},
                              {"长期失业人员", "long_term_unemployed"},
                              {"农民工", "migrant_worker"}};

// A column that takes any text of its kind.
constexpr std::span<const Choice> kFree{};

// The template's order. Household columns first, then the member's.
constexpr Column kColumns[] = {
    {"档案编号", "archive_no", false, true, Kind::kText, kFree, "SZ-GS-2026-0001",
     "每户唯一；同户各成员行填同一编号（合并单元格时只填第一行）"},
    {"所在地区", "region", false, true, Kind::kText, kFree, "江苏省苏州市姑苏区",
     "行政区划代码或完整名称，如 320508 或 江苏省苏州市姑苏区"},
    {"家庭住址", "address", false, false, Kind::kText, kFree, "姑苏区平江路100号", ""},
    {"致困原因", "causes", false, false, Kind::kList, kFree, "失业、疾病", "多个用顿号分隔"},
    {"低保户", "dibao", false, false, Kind::kBool, kFree, "是", "是 或 否"},
    {"家庭月收入（元）", "monthly_income", false, false, Kind::kInteger, kFree, "1800",
     "整数，单位元"},
    {"帮扶责任人", "counsellor", false, true, Kind::kText, kFree, "李红", ""},
    {"帮扶单位", "support_unit", false, false, Kind::kText, kFree, "姑苏区总工会", ""},
    {"姓名", "name", true, true, Kind::kText, kFree, "张伟", ""},
    {"身份证号", "id_number", true, true, Kind::kId, kFree, "320508198503150019",
     "18 位身份证号，请把该列设为文本格式"},
    {"性别", "gender", true, false, Kind::kChoice, kGender, "男", "男 或 女；不填时按身份证号"},
    {"出生日期", "birth_date", true, false, Kind::kDate, kFree, "1985-03-15",
     "如 1985-03-15；不填时按身份证号"},
    {"文化程度", "education", true, false, Kind::kChoice, kEducation, "高中",
     "无、小学、初中、高中、中专、技校、大专、本科、硕士、博士、研究生"},
    {"毕业时间", "graduated_on", true, false, Kind::kDate, kFree, "",
     "如 2025-06-30；大专及以上应届生填写"},
    {"劳动能力", "work_ability", true, true, Kind::kChoice, kAbility, "完全", "完全、部分 或 无"},
    {"就业状况", "employment", true, true, Kind::kChoice, kEmployment, "失业",
     "失业、灵活就业、已就业、自主创业、退休、在校"},
    {"岗位类别", "retirement_category", true, false, Kind::kChoice, kRetirementCategory, "",
     "管理技术岗 或 工人岗；决定女职工的法定退休年龄，不填按管理技术岗"},
    {"退休后愿意工作", "wants_work_after_retirement", true, false, Kind::kBool, kFree, "",
     "是 或 否；退休后仍愿意工作的填 是（只推荐非全日制岗位）"},
    {"技能", "skills", true, false, Kind::kSkills, kFree, "叉车操作（中级，持证）、仓储管理",
     "多个用顿号分隔；括号内可写等级（初级、中级、高级、技师、高级技师）和“持证”"},
    {"求职意向", "desired_occupations", true, false, Kind::kList, kFree, "叉车司机",
     "职业名称，多个用顿号分隔"},
    {"可接受工作范围", "reach", true, false, Kind::kChoice, kReach, "本市", "本县、本市 或 本省"},
    {"最远通勤（公里）", "max_commute_km", true, false, Kind::kNumber, kFree, "15",
     "数字，单位公里"},
    {"特殊群体", "special_groups", true, false, Kind::kChoices, kGroups, "",
     "残疾人、4050人员、改制下岗、长期失业、农民工，多个用顿号分隔"},
    {"创业意愿", "wants_startup", true, false, Kind::kBool, kFree, "否", "是 或 否"},
    {"创业计划", "business_plan", true, false, Kind::kText, kFree, "", ""},
};

// Other headers seen in union archives for the same columns.
constexpr std::pair<std::string_view, std::string_view> kAliases[] = {
    {"身份证号码", "身份证号"},     {"公民身份号码", "身份证号"},
    {"地区", "所在地区"},           {"行政区划", "所在地区"},
    {"住址", "家庭住址"},           {"家庭月收入", "家庭月收入（元）"},
    {"月收入", "家庭月收入（元）"}, {"学历", "文化程度"},
    {"是否低保", "低保户"},         {"最远通勤", "最远通勤（公里）"},
    {"工作范围", "可接受工作范围"}};

// A header as written, without a required mark ("*", "（必填）") and with
// ASCII parentheses read as full-width ones.
std::string NormalHeader(std::string_view h) {
  std::string s = TrimCell(h);
  for (std::string_view mark : {"（必填）", "(必填)", "*", "＊"}) {
    if (s.ends_with(mark)) s = TrimCell(s.substr(0, s.size() - mark.size()));
    if (s.starts_with(mark)) s = TrimCell(s.substr(mark.size()));
  }
  std::string out;
  for (char c : s) {
    if (c == '(') {
      out += "（";
    } else if (c == ')') {
      out += "）";
    } else {
      out += c;
    }
  }
  for (auto [alias, header] : kAliases) {
    if (out == alias) return std::string(header);
  }
  return out;
}

std::string Where(int row, std::string_view column) {
  std::string w = "第 " + std::to_string(row) + " 行";
  if (!column.empty()) w += "「" + std::string(column) + "」";
  return w + "：";
}

SheetProblem Problem(int row, std::string_view column, std::string_view text) {
  return {row, std::string(column), Where(row, column) + std::string(text)};
}

std::optional<std::string_view> Choose(std::span<const Choice> choices, std::string_view said) {
  for (const auto& c : choices) {
    if (c.said == said || c.value == said) return c.value;
  }
  return std::nullopt;
}

// 叉车操作（中级，持证） → {skill, level, certified}.
std::optional<nlohmann::json> SkillItem(const std::string& item) {
  static constexpr std::pair<std::string_view, int> kLevels[] = {
      {"初级", 1}, {"初级工", 1},   {"五级", 1},   {"中级", 2}, {"中级工", 2},
      {"四级", 2}, {"高级", 3},     {"高级工", 3}, {"三级", 3}, {"技师", 4},
      {"二级", 4}, {"高级技师", 5}, {"一级", 5}};
  std::size_t open = std::min(item.find('('), item.find("（"));
  nlohmann::json skill = {{"skill", TrimCell(item.substr(0, open))}};
  if (open == std::string::npos) return skill;
  std::string inner = item.substr(open);
  for (std::string_view bracket : {"(", "（", ")", "）"}) {
    for (auto at = inner.find(bracket); at != std::string::npos; at = inner.find(bracket)) {
      inner.replace(at, bracket.size(), "、");
    }
  }
  for (const auto& word : SplitCellList(inner)) {
    if (word == "持证" || word == "有证") {
      skill["certified"] = true;
      continue;
    }
    auto level = std::find_if(std::begin(kLevels), std::end(kLevels),
                              [&](auto& l) { return l.first == word; });
    if (level == std::end(kLevels)) return std::nullopt;
    skill["level"] = level->second;
  }
  return skill;
}

// What a cell holds, as the household's JSON field; the error otherwise.
std::expected<nlohmann::json, std::string> Convert(const Column& c, const std::string& text) {
  switch (c.kind) {
    case Kind::kText:
      return text;
    case Kind::kId: {
      std::string id = text;
      if (!id.empty() && id.back() == 'x') id.back() = 'X';
      if (id.find_first_of("Ee") != std::string::npos || id.find('.') != std::string::npos) {
        return std::unexpected(
            "身份证号被存成了数字，末几位已丢失；请把该列设为文本格式后重新填写");
      }
      if (!CheckIdNumber(id)) {
        return std::unexpected("不是有效的 18 位身份证号（位数、出生日期或校验位不对）");
      }
      return id;
    }
    case Kind::kInteger:
    case Kind::kNumber: {
      auto n = CellNumber(text);
      if (!n || (c.kind == Kind::kInteger && *n != static_cast<double>(static_cast<int64_t>(*n)))) {
        return std::unexpected(std::string("应为") + (c.kind == Kind::kInteger ? "整数" : "数字"));
      }
      if (c.kind == Kind::kInteger) return static_cast<int64_t>(*n);
      return *n;
    }
    case Kind::kBool:
      if (auto b = CellYesNo(text)) return *b;
      return std::unexpected("应填 是 或 否");
    case Kind::kDate:
      if (auto d = CellDate(text)) return *d;
      return std::unexpected("不是有效的日期（如 1985-03-15）");
    case Kind::kList:
      return SplitCellList(text);
    case Kind::kChoice:
      if (auto v = Choose(c.choices, text)) return std::string(*v);
      return std::unexpected("无法识别「" + text + "」，可填：" + std::string(c.help));
    case Kind::kChoices: {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& item : SplitCellList(text)) {
        auto v = Choose(c.choices, item);
        if (!v) return std::unexpected("无法识别「" + item + "」，可填：" + std::string(c.help));
        out.push_back(std::string(*v));
      }
      return out;
    }
    case Kind::kSkills: {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& item : SplitCellList(text)) {
        auto skill = SkillItem(item);
        if (!skill)
          return std::unexpected("无法识别「" + item + "」中的等级，" + std::string(c.help));
        out.push_back(std::move(*skill));
      }
      return out;
    }
  }
  return text;
}

}  // namespace

nlohmann::json ProblemJson(const SheetProblem& p) {
  return {{"row", p.row},
          {"column", p.column.empty() ? nlohmann::json() : nlohmann::json(p.column)},
          {"message", p.message}};
}

namespace {

constexpr std::size_t kColumnCount = std::size(kColumns);

// A household while its rows are read: the first value each household
// column was given, and where.
struct Building {
  SheetHousehold h;
  std::map<std::size_t, std::pair<std::string, int>> given;
};

struct Reader {
  std::vector<int> at = std::vector<int>(kColumnCount, -1);  // column → cell index
  std::map<std::string, int> id_rows;                        // ID number → first row

  std::string Cell(const SheetRow& row, std::size_t k) const {
    int i = at[k];
    return i >= 0 && static_cast<std::size_t>(i) < row.cells.size() ? TrimCell(row.cells[i]) : "";
  }

  void HouseholdCells(Building& b, const SheetRow& row) const {
    for (std::size_t k = 1; k < kColumnCount; ++k) {
      const Column& c = kColumns[k];
      std::string text = Cell(row, k);
      if (c.member || text.empty()) continue;
      if (auto it = b.given.find(k); it != b.given.end()) {
        if (it->second.first != text) {
          b.h.problems.push_back(
              Problem(row.number, c.header,
                      "与同户第 " + std::to_string(it->second.second) + " 行填写的不一致"));
        }
        continue;
      }
      b.given[k] = {text, row.number};
      auto v = Convert(c, text);
      if (v) {
        b.h.body[std::string(c.field)] = std::move(*v);
      } else {
        b.h.problems.push_back(Problem(row.number, c.header, v.error()));
      }
    }
  }

  void MemberCells(Building& b, const SheetRow& row) {
    nlohmann::json member = nlohmann::json::object();
    for (std::size_t k = 0; k < kColumnCount; ++k) {
      const Column& c = kColumns[k];
      if (!c.member) continue;
      std::string text = Cell(row, k);
      if (text.empty()) {
        if (c.required) b.h.problems.push_back(Problem(row.number, c.header, "不能为空"));
        continue;
      }
      auto v = Convert(c, text);
      if (!v) {
        b.h.problems.push_back(Problem(row.number, c.header, v.error()));
        continue;
      }
      if (c.kind == Kind::kId) {
        auto [it, fresh] = id_rows.emplace(v->get<std::string>(), row.number);
        if (!fresh) {
          b.h.problems.push_back(Problem(
              row.number, c.header, "与第 " + std::to_string(it->second) + " 行的身份证号重复"));
        }
      }
      member[std::string(c.field)] = std::move(*v);
    }
    b.h.body["members"].push_back(std::move(member));
    b.h.member_rows.push_back(row.number);
  }
};

// Maps the header row onto the columns; notes what it does not know.
Result<Reader> ReadHeader(const Table& t, std::vector<SheetProblem>& notes) {
  Reader r;
  for (std::size_t i = 0; i < t.header.size(); ++i) {
    std::string h = NormalHeader(t.header[i]);
    if (h.empty()) continue;
    auto col = std::find_if(std::begin(kColumns), std::end(kColumns),
                            [&](const Column& c) { return c.header == h; });
    if (col == std::end(kColumns)) {
      notes.push_back(Problem(1, TrimCell(t.header[i]), "不是模板中的列，已忽略"));
      continue;
    }
    int& at = r.at[col - std::begin(kColumns)];
    if (at >= 0) {
      notes.push_back(Problem(1, col->header, "出现了两次，只读取第一列"));
      continue;
    }
    at = static_cast<int>(i);
  }
  std::string missing;
  for (std::size_t k = 0; k < kColumnCount; ++k) {
    if (kColumns[k].required && r.at[k] < 0) {
      missing += (missing.empty() ? "" : "、") + std::string(kColumns[k].header);
    }
  }
  if (!missing.empty()) {
    return fail(ErrorKind::kUnprocessable, "missing_columns",
                "表格缺少必填列：" + missing + "（请使用导入模板的表头）", "file");
  }
  return r;
}

}  // namespace

Result<SheetHouseholds> HouseholdsFromSheet(const Table& t) {
  SheetHouseholds out;
  auto reader = ReadHeader(t, out.notes);
  if (!reader) return std::unexpected(reader.error());
  std::vector<Building> built;  // in the order households first appear
  std::map<std::string, std::size_t> by_archive;
  std::size_t current = 0;
  for (const SheetRow& row : t.rows) {
    std::string archive = reader->Cell(row, 0);
    // A blank archive number continues the household above (merged cells).
    if (!archive.empty() || built.empty()) {
      auto [it, fresh] = by_archive.emplace(archive, built.size());
      if (fresh) {
        Building& b = built.emplace_back();
        b.h.archive_no = archive;
        b.h.body["archive_no"] = archive;
        b.h.body["members"] = nlohmann::json::array();
        if (archive.empty()) {
          b.h.problems.push_back(Problem(row.number, kColumns[0].header, "不能为空"));
        }
      }
      current = it->second;
    }
    reader->HouseholdCells(built[current], row);
    reader->MemberCells(built[current], row);
  }
  for (auto& b : built) {
    for (std::size_t k = 1; k < kColumnCount; ++k) {
      const Column& c = kColumns[k];
      if (!c.member && c.required && !b.given.contains(k) && !b.h.member_rows.empty()) {
        b.h.problems.push_back(Problem(b.h.member_rows.front(), c.header, "不能为空"));
      }
    }
  }
  for (auto& b : built) out.households.push_back(std::move(b.h));
  return out;
}

SheetProblem ProblemAt(const SheetHousehold& h, const std::string& field,
                       const std::string& message) {
  int row = h.member_rows.empty() ? 0 : h.member_rows.front();
  std::string_view name = field;
  bool member = false;
  if (name.starts_with("members[")) {
    std::size_t i = std::strtoull(field.c_str() + 8, nullptr, 10);
    if (i < h.member_rows.size()) row = h.member_rows[i];
    auto dot = name.find("].");
    name = dot == std::string_view::npos ? "" : name.substr(dot + 2);
    member = true;
  }
  name = name.substr(0, name.find_first_of(".["));
  for (const Column& c : kColumns) {
    if (c.field == name && c.member == member) {
      // Validation speaks English; the counsellor reads what the column takes.
      std::string text = !message.empty() ? message
                         : c.help.empty() ? std::string("填写的内容不符合要求")
                                          : "填写的内容不符合要求：" + std::string(c.help);
      return Problem(row, c.header, text);
    }
  }
  return Problem(row, "", message.empty() ? "填写的内容不符合要求" : message);
}

Table HouseholdTemplate() {
  Table t;
  SheetRow example{2, {}};
  for (const Column& c : kColumns) {
    t.header.emplace_back(c.header);
    example.cells.emplace_back(c.example);
  }
  t.rows.push_back(std::move(example));
  return t;
}

Table HouseholdTemplateHelp() {
  Table t{{"列名", "必填", "填写说明", "示例"}, {}};
  int row = 2;
  for (const Column& c : kColumns) {
    t.rows.push_back({row++,
                      {std::string(c.header), c.required ? "是" : "", std::string(c.help),
                       std::string(c.example)}});
  }
  return t;
}

}  // namespace jobmatch
