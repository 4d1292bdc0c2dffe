// App operations that bring counsellors' spreadsheets into the household
// archive: each household is checked whole, then written in its own
// transaction (created, or replaced when its archive number is on file), so
// a row that fails never leaves half a household stored.
#include "service/app.h"
#include "service/app_internals.h"
#include "service/household_sheet.h"
#include "store/household_store.h"

namespace jobmatch {

namespace {

// ParseHousehold's warning "members[0].skills[1].skill 饮品制作 is not in the
// taxonomy; kept as given", said in Chinese on its row and column.
SheetProblem WarningAt(const SheetHousehold& h, const std::string& warning) {
  const auto space = warning.find(' ');
  const auto end = warning.find(" is not in");
  std::string what = space != std::string::npos && end != std::string::npos && end > space
                         ? "「" + warning.substr(space + 1, end - space - 1) + "」"
                         : "所填内容";
  return ProblemAt(h, warning.substr(0, space), what + "不在目录中，已按所填内容保存");
}

// Members already on file keep their ids (and so their history) and what the
// spreadsheet does not carry: their location.
void KeepMembers(nlohmann::json& body, const Household& existing) {
  for (auto& m : body["members"]) {
    for (const Member& old : existing.members) {
      if (old.id_number != m.value("id_number", "")) continue;
      m["id"] = old.id;
      if (old.location && !m.contains("location")) {
        m["location"] = {{"lat", old.location->lat}, {"lon", old.location->lon}};
      }
    }
  }
}

std::string StoreMessage(const Error& e) {
  if (e.code == "id_number_taken") return "该身份证号已在另一户的档案中";
  if (e.code == "archive_no_taken") return "该档案编号已被另一户使用";
  return "";
}

}  // namespace

Result<std::optional<bool>> App::ImportOne(const SheetHousehold& h, bool dry_run,
                                           const Principal& p, nlohmann::json& failed,
                                           nlohmann::json& warnings) {
  HouseholdStore& store = *households_;
  auto refuse = [&](const std::vector<SheetProblem>& problems) -> std::optional<bool> {
    for (const auto& problem : problems) failed.push_back(ProblemJson(problem));
    return std::nullopt;
  };
  nlohmann::json body = h.body;
  auto existing = store.GetByArchiveNo(h.archive_no);
  if (!existing) return std::unexpected(existing.error());
  const int64_t self = *existing ? (*existing)->id : 0;
  if (*existing) {
    // Outside the caller's scope a household does not exist for it.
    if (!InScope(p, regions_, (*existing)->region)) {
      return refuse({ProblemAt(h, "archive_no", "该档案编号已被另一户使用")});
    }
    if ((*existing)->status == "exited") {
      return refuse({ProblemAt(h, "archive_no", "该户已退出帮扶，不能通过导入更新")});
    }
    KeepMembers(body, **existing);
  }
  auto parsed = ParseHousehold(body, taxonomy_, regions_, Today());
  if (!parsed) {
    std::vector<SheetProblem> problems;
    for (const auto& e : parsed.error().errors) problems.push_back(ProblemAt(h, e.field, ""));
    if (problems.empty()) problems.push_back(ProblemAt(h, parsed.error().field, ""));
    return refuse(problems);
  }
  if (!MayFileIn(parsed->household.region, p)) {
    return refuse({ProblemAt(h, "region", "不在您服务的地区范围内")});
  }
  std::vector<SheetProblem> problems;
  for (std::size_t i = 0; i < parsed->household.members.size(); ++i) {
    auto holder = store.HolderOf(parsed->household.members[i].id_number, self);
    if (!holder) return std::unexpected(holder.error());
    if (*holder) {
      problems.push_back(ProblemAt(h, "members[" + std::to_string(i) + "].id_number",
                                   "该身份证号已在另一户的档案中"));
    }
  }
  if (!problems.empty()) return refuse(problems);
  if (!dry_run) {
    auto written = self ? store.Replace(self, std::move(parsed->household))
                        : store.Create(std::move(parsed->household));
    if (!written && written.error().http_status() >= 500) return std::unexpected(written.error());
    if (!written)
      return refuse({ProblemAt(h, written.error().field, StoreMessage(written.error()))});
  }
  for (const auto& w : parsed->warnings) warnings.push_back(ProblemJson(WarningAt(h, w)));
  return self == 0;
}

Result<nlohmann::json> App::ImportHouseholds(const Table& table, bool dry_run, const Principal& p) {
  if (auto store = Households(); !store) return std::unexpected(store.error());
  auto sheet = HouseholdsFromSheet(table);
  if (!sheet) return std::unexpected(sheet.error());
  nlohmann::json failed = nlohmann::json::array(), warnings = nlohmann::json::array();
  for (const auto& note : sheet->notes) warnings.push_back(ProblemJson(note));
  int64_t imported = 0, updated = 0;
  for (const auto& h : sheet->households) {
    if (!h.problems.empty()) {
      for (const auto& problem : h.problems) failed.push_back(ProblemJson(problem));
      continue;
    }
    auto done = ImportOne(h, dry_run, p, failed, warnings);
    if (!done) return std::unexpected(done.error());
    if (*done) ++(**done ? imported : updated);
  }
  return nlohmann::json{{"imported", imported},
                        {"updated", updated},
                        {"failed", failed},
                        {"warnings", warnings},
                        {"dry_run", dry_run}};
}

}  // namespace jobmatch
