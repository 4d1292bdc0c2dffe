// Reading the first worksheet of an .xlsx: libzip opens the archive from
// memory, pugixml parses the parts. Only what a data sheet needs is read:
// the workbook (first sheet, 1904 dates), its relationships, the shared
// strings, the cell formats that are dates, and the sheet's cells.
#include <zip.h>

#include <charconv>
#include <chrono>
#include <cmath>
#include <memory>
#include <optional>
#include <pugixml.hpp>
#include <set>

#include "core/utf8.h"
#include "sheet/xlsx.h"

namespace jobmatch {

namespace {

// Unpacked parts larger than this are refused: a workbook of ten thousand
// member rows is a few megabytes, a zip bomb is not.
constexpr zip_uint64_t kMaxPartBytes = 64u << 20;
constexpr int kMaxColumns = 200;
constexpr int kMaxRows = 100'000;

std::unexpected<Error> Unreadable(std::string message) {
  return fail(ErrorKind::kBadRequest, "unreadable_file", std::move(message), "file");
}

struct ZipCloser {
  void operator()(zip_t* z) const { zip_discard(z); }
};
using Zip = std::unique_ptr<zip_t, ZipCloser>;

// One part of the archive; nullopt when it is absent.
Result<std::optional<std::string>> ReadPart(zip_t* z, const std::string& name) {
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat(z, name.c_str(), 0, &st) != 0) return std::nullopt;
  if (!(st.valid & ZIP_STAT_SIZE) || st.size > kMaxPartBytes) {
    return Unreadable("文件中的 " + name + " 过大或无法读取");
  }
  zip_file_t* f = zip_fopen(z, name.c_str(), 0);
  if (!f) return Unreadable("文件中的 " + name + " 无法解压（文件可能已损坏）");
  std::string out(st.size, '\0');
  zip_int64_t got = zip_fread(f, out.data(), st.size);
  zip_fclose(f);
  if (got < 0 || static_cast<zip_uint64_t>(got) != st.size) {
    return Unreadable("文件中的 " + name + " 无法解压（文件可能已损坏）");
  }
  return out;
}

// Element names without their namespace prefix ("x:row" → "row"): writers
// differ in the prefixes they use.
std::string_view Local(const char* name) {
  std::string_view n(name);
  auto colon = n.find(':');
  return colon == std::string_view::npos ? n : n.substr(colon + 1);
}

template <typename F>
void ForChildren(const pugi::xml_node& node, std::string_view name, F&& f) {
  for (auto child : node.children()) {
    if (child.type() == pugi::node_element && Local(child.name()) == name) f(child);
  }
}

pugi::xml_node Child(const pugi::xml_node& node, std::string_view name) {
  for (auto child : node.children()) {
    if (child.type() == pugi::node_element && Local(child.name()) == name) return child;
  }
  return {};
}

// An attribute by local name (r:id, id).
std::string_view Attr(const pugi::xml_node& node, std::string_view name) {
  for (auto a : node.attributes()) {
    if (Local(a.name()) == name) return a.value();
  }
  return {};
}

Result<pugi::xml_document> Parse(const std::string& text, const std::string& part) {
  pugi::xml_document doc;
  if (!doc.load_buffer(text.data(), text.size())) {
    return Unreadable("文件中的 " + part + " 不是有效的 XML（文件可能已损坏）");
  }
  return doc;
}

// Text of a string item (<si> or <is>): its <t>, or its runs' <t>s; phonetic
// guides (<rPh>) are not part of the value.
std::string ItemText(const pugi::xml_node& si) {
  std::string out;
  for (auto child : si.children()) {
    auto name = Local(child.name());
    if (name == "t") out += child.text().get();
    if (name == "r") out += Child(child, "t").text().get();
  }
  return out;
}

struct Workbook {
  std::string sheet_part = "xl/worksheets/sheet1.xml";
  bool date1904 = false;
  std::vector<std::string> strings;
  std::set<int> date_styles;  // indexes into cellXfs whose format shows a date
};

// The part of the first sheet, from the workbook and its relationships.
Result<void> ReadWorkbook(zip_t* z, Workbook& wb) {
  auto text = ReadPart(z, "xl/workbook.xml");
  if (!text) return std::unexpected(text.error());
  if (!*text) return Unreadable("文件不是 Excel 工作簿（缺少 xl/workbook.xml）");
  auto doc = Parse(**text, "xl/workbook.xml");
  if (!doc) return std::unexpected(doc.error());
  auto root = doc->document_element();
  auto pr = Child(root, "workbookPr");
  std::string_view d1904 = Attr(pr, "date1904");
  wb.date1904 = d1904 == "1" || d1904 == "true";
  std::string rid(Attr(Child(Child(root, "sheets"), "sheet"), "id"));
  auto rels = ReadPart(z, "xl/_rels/workbook.xml.rels");
  if (!rels) return std::unexpected(rels.error());
  if (rid.empty() || !*rels) return {};
  auto rdoc = Parse(**rels, "xl/_rels/workbook.xml.rels");
  if (!rdoc) return std::unexpected(rdoc.error());
  ForChildren(rdoc->document_element(), "Relationship", [&](const pugi::xml_node& r) {
    if (Attr(r, "Id") != rid) return;
    std::string target(Attr(r, "Target"));
    wb.sheet_part = target.starts_with('/') ? target.substr(1) : "xl/" + target;
  });
  return {};
}

// Built-in number formats that show dates (ECMA-376 18.8.30, with the
// East Asian ones Excel uses on Chinese systems).
bool IsBuiltinDate(int id) {
  return (id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 36) || (id >= 50 && id <= 58);
}

// A custom format shows a date when it uses y, m or d outside quotes and
// brackets ("[Red]", "[$-804]") and not only as minutes after h.
bool IsDateFormat(std::string_view code) {
  bool quoted = false, bracket = false, has_date = false;
  for (char c : code) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == '[') bracket = true;
    if (c == ']') bracket = false;
    if (bracket) continue;
    char lower = static_cast<char>(c | 0x20);
    has_date |= lower == 'y' || lower == 'd';
  }
  return has_date;
}

Result<void> ReadStyles(zip_t* z, Workbook& wb) {
  auto text = ReadPart(z, "xl/styles.xml");
  if (!text) return std::unexpected(text.error());
  if (!*text) return {};
  auto doc = Parse(**text, "xl/styles.xml");
  if (!doc) return std::unexpected(doc.error());
  auto root = doc->document_element();
  std::set<int> custom_dates;
  ForChildren(Child(root, "numFmts"), "numFmt", [&](const pugi::xml_node& f) {
    if (IsDateFormat(Attr(f, "formatCode"))) {
      custom_dates.insert(std::atoi(std::string(Attr(f, "numFmtId")).c_str()));
    }
  });
  int index = 0;
  ForChildren(Child(root, "cellXfs"), "xf", [&](const pugi::xml_node& xf) {
    int id = std::atoi(std::string(Attr(xf, "numFmtId")).c_str());
    if (IsBuiltinDate(id) || custom_dates.contains(id)) wb.date_styles.insert(index);
    ++index;
  });
  return {};
}

Result<void> ReadSharedStrings(zip_t* z, Workbook& wb) {
  auto text = ReadPart(z, "xl/sharedStrings.xml");
  if (!text) return std::unexpected(text.error());
  if (!*text) return {};
  auto doc = Parse(**text, "xl/sharedStrings.xml");
  if (!doc) return std::unexpected(doc.error());
  ForChildren(doc->document_element(), "si",
              [&](const pugi::xml_node& si) { wb.strings.push_back(ItemText(si)); });
  return {};
}

// "AB12" → column 27 (0-based), or -1.
int ColumnOf(std::string_view ref) {
  int col = 0, letters = 0;
  for (char c : ref) {
    if (c < 'A' || c > 'Z') break;
    col = col * 26 + (c - 'A' + 1);
    if (++letters > 3) return -1;
  }
  return letters == 0 ? -1 : col - 1;
}

// A serial day number as YYYY-MM-DD (the time of day, if any, dropped).
std::string SerialDate(double serial, bool date1904) {
  using namespace std::chrono;
  const sys_days epoch = date1904 ? sys_days{1904y / 1 / 1} : sys_days{1899y / 12 / 30};
  year_month_day ymd{epoch + days(static_cast<int64_t>(std::floor(serial)))};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

// A number as a person would write it: 1500 rather than 1500.0.
std::string NumberText(std::string_view v) {
  double d = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), d);
  if (ec != std::errc() || end != v.data() + v.size()) return std::string(v);
  if (std::fabs(d) < 1e15 && d == std::floor(d)) return std::to_string(static_cast<int64_t>(d));
  return std::string(v);
}

std::string CellText(const pugi::xml_node& c, const Workbook& wb) {
  std::string_view type = Attr(c, "t");
  std::string v = Child(c, "v").text().get();
  if (type == "s") {
    std::size_t i = std::strtoull(v.c_str(), nullptr, 10);
    return i < wb.strings.size() ? wb.strings[i] : "";
  }
  if (type == "inlineStr") return ItemText(Child(c, "is"));
  if (type == "b") return v == "1" ? "TRUE" : "FALSE";
  if (type == "str" || type == "e" || type == "d") return v;
  if (v.empty()) return v;
  std::string_view s = Attr(c, "s");
  if (!s.empty() && wb.date_styles.contains(std::atoi(std::string(s).c_str()))) {
    double serial = std::strtod(v.c_str(), nullptr);
    if (serial >= 1 && serial < 2958466) return SerialDate(serial, wb.date1904);
  }
  return NumberText(v);
}

Result<Table> ReadSheet(zip_t* z, const Workbook& wb) {
  auto text = ReadPart(z, wb.sheet_part);
  if (!text) return std::unexpected(text.error());
  if (!*text) return Unreadable("文件中没有工作表");
  auto doc = Parse(**text, wb.sheet_part);
  if (!doc) return std::unexpected(doc.error());
  Table t;
  int next_row = 1;
  bool bad_text = false;
  ForChildren(Child(doc->document_element(), "sheetData"), "row", [&](const pugi::xml_node& row) {
    std::string_view r = Attr(row, "r");
    int number = r.empty() ? next_row : std::atoi(std::string(r).c_str());
    next_row = number + 1;
    if (number < 1 || number > kMaxRows) return;
    std::vector<std::string> cells;
    int next_col = 0;
    ForChildren(row, "c", [&](const pugi::xml_node& c) {
      std::string_view ref = Attr(c, "r");
      int col = ref.empty() ? next_col : ColumnOf(ref);
      next_col = col + 1;
      if (col < 0 || col >= kMaxColumns) return;
      if (cells.size() <= static_cast<std::size_t>(col)) cells.resize(col + 1);
      cells[col] = CellText(c, wb);
      bad_text |= !IsValidUtf8(cells[col]);
    });
    if (IsBlankRow(cells)) return;
    if (t.header.empty()) {
      t.header = std::move(cells);  // the first row with anything in it
    } else {
      t.rows.push_back({number, std::move(cells)});
    }
  });
  if (bad_text) return Unreadable("工作表中有无法识别的字符");
  return t;
}

}  // namespace

bool LooksLikeZip(std::string_view bytes) {
  return bytes.starts_with(std::string_view("PK\x03\x04", 4));
}

Result<Table> ReadXlsx(std::string_view bytes) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &err);
  Zip z(src ? zip_open_from_source(src, ZIP_RDONLY, &err) : nullptr);
  zip_error_fini(&err);
  if (!z) {
    if (src) zip_source_free(src);
    return Unreadable("文件不是有效的 .xlsx 表格（无法解压）");
  }
  Workbook wb;
  for (auto step : {ReadWorkbook, ReadStyles, ReadSharedStrings}) {
    if (auto ok = step(z.get(), wb); !ok) return std::unexpected(ok.error());
  }
  return ReadSheet(z.get(), wb);
}

}  // namespace jobmatch
