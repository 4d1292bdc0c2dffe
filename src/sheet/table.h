// A spreadsheet as the service reads and writes it: a header row and data
// rows of text cells. Readers (xlsx.h, csv.h) turn whatever a counsellor's
// program saved into this shape; the writer turns it into an .xlsx file.
// Plain values.
#pragma once

#include <string>
#include <vector>

namespace jobmatch {

struct SheetRow {
  int number = 0;  // the row number the spreadsheet shows (the header is row 1)
  std::vector<std::string> cells;
};

struct Table {
  std::vector<std::string> header;
  std::vector<SheetRow> rows;  // completely blank rows left out
};

// True when no cell holds more than white space.
inline bool IsBlankRow(const std::vector<std::string>& cells) {
  for (const auto& c : cells) {
    if (c.find_first_not_of(" \t\r\n") != std::string::npos) return false;
  }
  return true;
}

}  // namespace jobmatch
