// Writing an .xlsx with libxlsxwriter. Version 1.1.4 (Debian 12) writes only
// to a file, so the workbook goes to a private temporary file that is read
// back and removed.
#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "sheet/xlsx.h"

namespace jobmatch {

namespace {

constexpr double kMinWidth = 8, kMaxWidth = 60;

// Columns a cell takes in Excel's default font: CJK and other wide
// characters count two, the rest one.
double DisplayWidth(std::string_view s) {
  double w = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if ((c & 0xC0) == 0x80) continue;  // continuation byte
    w += c >= 0xE0 ? 2 : 1;            // three- and four-byte characters: wide
  }
  return w;
}

std::unexpected<Error> WriteFailed(std::string what) {
  return fail(ErrorKind::kInternal, "xlsx_failed", "could not write the workbook: " + what);
}

void WriteSheet(lxw_workbook* wb, const SheetSpec& spec, lxw_format* bold, lxw_format* text) {
  lxw_worksheet* ws = workbook_add_worksheet(wb, spec.name.c_str());
  const Table& t = spec.table;
  std::vector<double> widths(t.header.size(), kMinWidth);
  auto fit = [&](std::size_t col, const std::string& s) {
    if (col >= widths.size()) widths.resize(col + 1, kMinWidth);
    widths[col] = std::clamp(DisplayWidth(s) + 2, widths[col], kMaxWidth);
  };
  for (std::size_t c = 0; c < t.header.size(); ++c) {
    worksheet_write_string(ws, 0, c, t.header[c].c_str(), bold);
    fit(c, t.header[c]);
  }
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    const auto& cells = t.rows[r].cells;
    for (std::size_t c = 0; c < cells.size(); ++c) {
      // A string cell: Excel never reads it as a formula, number or date.
      if (!cells[c].empty()) worksheet_write_string(ws, r + 1, c, cells[c].c_str(), nullptr);
      fit(c, cells[c]);
    }
  }
  for (std::size_t c = 0; c < widths.size(); ++c) {
    worksheet_set_column(ws, c, c, widths[c], spec.text_columns ? text : nullptr);
  }
  worksheet_freeze_panes(ws, 1, 0);
}

}  // namespace

Result<std::string> WriteXlsx(const std::vector<SheetSpec>& sheets) {
  std::string path = (std::filesystem::temp_directory_path() / "jobmatch-xlsx-XXXXXX").string();
  int fd = mkstemp(path.data());
  if (fd < 0) return WriteFailed("no temporary file");
  close(fd);
  struct Remove {
    std::string path;
    ~Remove() { std::filesystem::remove(path); }
  } remove{path};
  lxw_workbook* wb = workbook_new(path.c_str());
  if (!wb) return WriteFailed("libxlsxwriter could not start");
  lxw_format* bold = workbook_add_format(wb);
  format_set_bold(bold);
  lxw_format* text = workbook_add_format(wb);
  format_set_num_format(text, "@");
  for (const auto& s : sheets) WriteSheet(wb, s, bold, text);
  if (lxw_error e = workbook_close(wb); e != LXW_NO_ERROR) return WriteFailed(lxw_strerror(e));
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  if (!in) return WriteFailed("could not read it back");
  return out.str();
}

}  // namespace jobmatch
