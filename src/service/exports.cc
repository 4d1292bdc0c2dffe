// What leaves the service as files and messages: the plans of a batch as
// CSV and .xlsx, the households' import template, and a household's plan as
// a short text for SMS or WeChat.
#include <sstream>

#include "core/id_number.h"
#include "core/utf8.h"
#include "service/app.h"
#include "service/app_internals.h"
#include "service/household_sheet.h"
#include "sheet/xlsx.h"

namespace jobmatch {

namespace {

constexpr std::size_t kMaxTextChars = 500;  // one long SMS; what WeChat shows unfolded

std::string Csv(std::string s) {
  // A leading = + - @ would make a spreadsheet evaluate the cell.
  if (!s.empty() && std::string_view("=+-@").find(s[0]) != std::string_view::npos) s = "'" + s;
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// How to apply, in one cell: 联系人 王女士；电话 0512-65881234；…
std::string ApplyText(const nlohmann::json& apply) {
  std::string out;
  if (!apply.is_object()) return out;
  for (const auto& [key, label] :
       {std::pair{"contact", "联系人"}, std::pair{"phone", "电话"}, std::pair{"url", "网址"},
        std::pair{"address", "地址"}, std::pair{"note", "备注"}}) {
    const std::string v = apply.value(key, "");
    if (!v.empty()) out += (out.empty() ? "" : "；") + std::string(label) + " " + v;
  }
  return out;
}

constexpr const char* kPlanColumns[] = {"archive_no", "member", "id_number", "track", "kind",
                                        "title",      "score",  "reasons",   "apply"};
constexpr const char* kPlanHeaders[] = {"档案编号", "姓名",   "身份证号", "帮扶路径", "类别",
                                        "推荐内容", "匹配度", "推荐理由", "如何申请"};

std::string Said(std::string_view value) {
  static constexpr std::pair<std::string_view, std::string_view> kWords[] = {
      {"job", "就业"},     {"graduate", "阳光就业"}, {"startup", "创业"}, {"training", "培训"},
      {"opening", "岗位"}, {"course", "课程"},       {"aid", "创业扶持"}};
  for (auto [v, said] : kWords) {
    if (v == value) return std::string(said);
  }
  return std::string(value);
}

}  // namespace

Result<Table> App::PlanRows(int64_t batch_id, const Principal& p) {
  auto store = Households();
  if (!store) return std::unexpected(store.error());
  auto b = batches_->Get(batch_id);
  if (!b) return std::unexpected(b.error());
  if (!*b) return fail(ErrorKind::kNotFound, "not_found", "no batch with that id", "id");
  if ((*b)->status != "succeeded") {
    return fail(ErrorKind::kConflict, "batch_not_succeeded",
                "only a succeeded batch has plans to export", "id");
  }
  auto plans = batches_->Plans(batch_id);
  if (!plans) return std::unexpected(plans.error());
  Table t{{std::begin(kPlanColumns), std::end(kPlanColumns)}, {}};
  for (const auto& plan : *plans) {
    auto h = (*store)->Get(plan.at("household_id"));
    if (!h) return std::unexpected(h.error());
    if (*h && !InScope(p, regions_, (*h)->region)) continue;  // another region's household
    std::map<int64_t, std::string> masked;
    if (*h) {
      for (const auto& m : (*h)->members) masked[m.id] = MaskIdNumber(m.id_number);
    }
    for (const auto& m : plan.at("members")) {
      for (const auto& [list, kind] :
           {std::pair{"jobs", "opening"}, {"courses", "course"}, {"aid", "aid"}}) {
        for (const auto& item : m.at(list)) {
          std::string reasons;
          for (const auto& r : item.at("explanation").value("reasons", nlohmann::json::array())) {
            reasons += (reasons.empty() ? "" : "；") + r.get<std::string>();
          }
          char score[16];
          std::snprintf(score, sizeof score, "%.3f", item.at("score").get<double>());
          t.rows.push_back(
              {static_cast<int>(t.rows.size()) + 2,
               {plan.at("archive_no"), m.at("name"), masked[m.at("member_id").get<int64_t>()],
                m.at("track"), kind, item.at("title"), score, reasons,
                ApplyText(item.value("apply", nlohmann::json()))}});
        }
      }
    }
  }
  return t;
}

Result<std::string> App::PlansCsv(int64_t batch_id, const Principal& p) {
  auto t = PlanRows(batch_id, p);
  if (!t) return std::unexpected(t.error());
  std::ostringstream out;
  out << "\xEF\xBB\xBF";  // UTF-8 BOM: spreadsheets then read the Chinese correctly
  auto line = [&](const std::vector<std::string>& cells) {
    for (std::size_t i = 0; i < cells.size(); ++i) out << (i ? "," : "") << Csv(cells[i]);
    out << "\r\n";
  };
  line(t->header);
  for (const auto& row : t->rows) line(row.cells);
  return out.str();
}

Result<std::string> App::PlansXlsx(int64_t batch_id, const Principal& p) {
  auto t = PlanRows(batch_id, p);
  if (!t) return std::unexpected(t.error());
  t->header.assign(std::begin(kPlanHeaders), std::end(kPlanHeaders));
  for (auto& row : t->rows) {
    row.cells[3] = Said(row.cells[3]);
    row.cells[4] = Said(row.cells[4]);
  }
  return WriteXlsx({{"帮扶计划", std::move(*t), false}});
}

Result<std::string> App::ImportTemplate() {
  return WriteXlsx(
      {{"家庭成员", HouseholdTemplate(), true}, {"填写说明", HouseholdTemplateHelp(), false}});
}

Result<std::string> App::PlanText(int64_t household_id, const std::string& origin,
                                  const Principal& p) {
  auto plan = GetPlan(household_id, p);
  if (!plan) return std::unexpected(plan.error());
  auto link = CreateLink(household_id, nlohmann::json::object(), p);
  if (!link) return std::unexpected(link.error());
  const std::string tail = "\n查看全部并回复“感兴趣”或“不合适”：" + origin +
                           link->at("url").get<std::string>() + "（" +
                           link->at("expires_at").get<std::string>().substr(0, 10) + " 前有效）";
  std::string text = "【就业帮扶计划】";
  auto fits = [&](const std::string& more) {
    return Utf8Length(text) + Utf8Length(more) + Utf8Length(tail) <= kMaxTextChars;
  };
  // Each member's first recommendation of each kind, while the text fits.
  for (const auto& m : plan->at("members")) {
    std::string line = "\n" + m.at("name").get<std::string>() + "：";
    bool any = false;
    for (const auto& [list, label] :
         {std::pair{"jobs", "岗位"}, {"courses", "课程"}, {"aid", "扶持"}}) {
      if (m.at(list).empty()) continue;
      const auto& item = m.at(list).front();
      std::string part =
          std::string(any ? "；" : "") + label + " " + item.at("title").get<std::string>();
      if (auto e = item.value("employer", ""); !e.empty()) part += "（" + e + "）";
      if (auto apply = item.value("apply", nlohmann::json()); apply.is_object()) {
        if (auto phone = apply.value("phone", ""); !phone.empty()) part += " 电话 " + phone;
      }
      if (!fits(line + part)) break;
      line += part;
      any = true;
    }
    if (!any) line += "暂无推荐，帮扶责任人会与您联系";
    if (!fits(line)) break;
    text += line;
  }
  return text + tail;
}

}  // namespace jobmatch
