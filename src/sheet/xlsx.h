// Excel 2007+ workbooks (.xlsx, as Excel, WPS, LibreOffice and openpyxl save
// them) in and out. Reading takes the first worksheet: shared and inline
// strings, numbers as written (integers without ".0"), cells formatted as
// dates as YYYY-MM-DD, booleans as TRUE/FALSE. The zip is read by libzip, the
// XML by pugixml; writing is libxlsxwriter's.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "sheet/table.h"

namespace jobmatch {

// True when `bytes` begins as a zip archive does (an .xlsx is one).
bool LooksLikeZip(std::string_view bytes);

// The first worksheet. 400 "unreadable_file" with a message in Chinese when
// the bytes are not a workbook (or unpack to more than a sane size).
Result<Table> ReadXlsx(std::string_view bytes);

// One worksheet of a workbook to write.
struct SheetSpec {
  std::string name;  // the tab's name
  Table table;       // every cell written as text: never a formula, number or date
  // Leaves every column formatted as text, so that what is typed in later
  // (an ID number, a date) stays as typed.
  bool text_columns = false;
};

// An .xlsx file: each sheet with a bold, frozen header row and column widths
// that fit the longest cell (Chinese characters counted double).
Result<std::string> WriteXlsx(const std::vector<SheetSpec>& sheets);

}  // namespace jobmatch
