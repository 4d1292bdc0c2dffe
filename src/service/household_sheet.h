// The household archive as a spreadsheet (一户一档 in Excel or WPS): one row
// per member with the household's columns repeated, Chinese headers as in the
// template. Turns a Table into POST /v1/households bodies, with every problem
// placed on its spreadsheet row and column and said in Chinese. Pure
// functions over reference-free data: validation against the taxonomy and
// regions stays in ParseHousehold.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/error.h"
#include "sheet/table.h"

namespace jobmatch {

struct SheetProblem {
  int row = 0;
  std::string column;   // the header, "" for the row as a whole
  std::string message;  // names the row and the column: 第 5 行「身份证号」：…
};

nlohmann::json ProblemJson(const SheetProblem& p);

// One household's rows.
struct SheetHousehold {
  std::string archive_no;
  nlohmann::json body = nlohmann::json::object();  // a POST /v1/households body
  std::vector<int> member_rows;                    // the row of each member in body.members
  std::vector<SheetProblem> problems;              // non-empty: the household is not written
};

struct SheetHouseholds {
  std::vector<SheetHousehold> households;  // in the order they first appear
  std::vector<SheetProblem> notes;         // columns not recognised, and so on
};

// 422 "missing_columns" naming the required headers the sheet lacks.
Result<SheetHouseholds> HouseholdsFromSheet(const Table& t);

// A problem that validation or the store reported for field `field` of the
// household (members[2].id_number, region, …), placed on its row and column.
SheetProblem ProblemAt(const SheetHousehold& h, const std::string& field,
                       const std::string& message);

// The template: the headers and one example row that imports as it is; and
// a second sheet that says, column by column, what each one takes.
Table HouseholdTemplate();
Table HouseholdTemplateHelp();

}  // namespace jobmatch
