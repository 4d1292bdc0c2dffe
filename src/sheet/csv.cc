#include "sheet/csv.h"

#include <csv.h>
#include <iconv.h>

#include <cerrno>
#include <memory>
#include <optional>

#include "core/utf8.h"

namespace jobmatch {

namespace {

constexpr std::size_t kMaxColumns = 200;
constexpr int kMaxRows = 100'000;

std::unexpected<Error> Unreadable(std::string message) {
  return fail(ErrorKind::kBadRequest, "unreadable_file", std::move(message), "file");
}

// `in` converted from `from` to UTF-8 by iconv; nullopt when it is not text
// in that encoding.
std::optional<std::string> ToUtf8(std::string_view in, const char* from) {
  iconv_t cd = iconv_open("UTF-8", from);
  if (cd == reinterpret_cast<iconv_t>(-1)) return std::nullopt;
  std::unique_ptr<void, int (*)(iconv_t)> close(cd, iconv_close);
  std::string out(in.size() * 2 + 16, '\0');
  char* src = const_cast<char*>(in.data());
  std::size_t src_left = in.size();
  char* dst = out.data();
  std::size_t dst_left = out.size();
  while (src_left > 0) {
    if (iconv(cd, &src, &src_left, &dst, &dst_left) != static_cast<std::size_t>(-1)) continue;
    if (errno != E2BIG) return std::nullopt;  // EILSEQ, EINVAL: not this encoding
    std::size_t used = dst - out.data();
    out.resize(out.size() * 2);
    dst = out.data() + used;
    dst_left = out.size() - used;
  }
  out.resize(dst - out.data());
  return out;
}

// The text as UTF-8, by the declared charset, the byte-order mark or a guess.
Result<std::string> Decode(std::string_view bytes, std::string charset) {
  charset = AsciiLower(charset);
  if (bytes.starts_with("\xEF\xBB\xBF")) {
    bytes.remove_prefix(3);
    charset = "utf-8";
  } else if (bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF")) {
    charset = bytes[0] == '\xFF' ? "utf-16le" : "utf-16be";
    bytes.remove_prefix(2);
  }
  if (charset.empty()) charset = IsValidUtf8(bytes) ? "utf-8" : "gb18030";
  if (charset == "utf-8" || charset == "utf8") {
    if (!IsValidUtf8(bytes)) return Unreadable("文件声明为 UTF-8 编码，但其中有不是 UTF-8 的内容");
    return std::string(bytes);
  }
  // GB18030 contains GBK and GB2312: what Excel on Chinese Windows writes.
  if (charset == "gbk" || charset == "gb2312") charset = "gb18030";
  if (charset != "gb18030" && charset != "utf-16le" && charset != "utf-16be") {
    return Unreadable("不支持的字符编码 " + charset + "（请用 UTF-8 或 GBK）");
  }
  auto text = ToUtf8(bytes, charset.c_str());
  if (!text) return Unreadable("文件的编码无法识别（请另存为 UTF-8 或 GBK 编码的 CSV）");
  return std::move(*text);
}

struct Collect {
  Table table;
  std::vector<std::string> cells;
  int records = 0;  // records ended so far: the next one's row number is records + 1
  bool too_big = false;
};

void OnField(void* s, std::size_t len, void* data) {
  auto* c = static_cast<Collect*>(data);
  if (c->cells.size() < kMaxColumns) c->cells.emplace_back(static_cast<char*>(s), len);
}

void OnRecord(int, void* data) {
  auto* c = static_cast<Collect*>(data);
  const int number = ++c->records;
  if (number > kMaxRows) c->too_big = true;
  if (!c->too_big && !IsBlankRow(c->cells)) {
    if (c->table.header.empty()) {
      c->table.header = std::move(c->cells);
    } else {
      c->table.rows.push_back({number, std::move(c->cells)});
    }
  }
  c->cells.clear();
}

// Tab-separated when the first line has tabs and no commas ("Unicode text").
unsigned char Delimiter(std::string_view text) {
  std::string_view first = text.substr(0, text.find('\n'));
  return first.find('\t') != std::string_view::npos && first.find(',') == std::string_view::npos
             ? '\t'
             : ',';
}

}  // namespace

Result<Table> ReadCsv(std::string_view bytes, std::string_view charset) {
  auto text = Decode(bytes, std::string(charset));
  if (!text) return std::unexpected(text.error());
  csv_parser p;
  // Every line ending is reported, so that blank lines keep the row numbers
  // the spreadsheet shows; CRLF first becomes LF so it counts once.
  std::string lf;
  lf.reserve(text->size());
  for (std::size_t i = 0; i < text->size(); ++i) {
    if ((*text)[i] != '\r' || i + 1 >= text->size() || (*text)[i + 1] != '\n') lf += (*text)[i];
  }
  if (csv_init(&p, CSV_REPALL_NL | CSV_STRICT | CSV_STRICT_FINI) != 0) {
    return fail(ErrorKind::kInternal, "csv_failed", "libcsv could not start");
  }
  csv_set_delim(&p, Delimiter(lf));
  Collect c;
  auto on_record = [](int ch, void* data) { OnRecord(ch, data); };
  std::size_t done = csv_parse(&p, lf.data(), lf.size(), OnField, on_record, &c);
  bool failed = done != lf.size();
  if (!failed) failed = csv_fini(&p, OnField, on_record, &c) != 0;
  csv_free(&p);
  if (failed)
    return Unreadable("CSV 格式有误：第 " + std::to_string(c.records + 1) +
                      " 行的引号不配对或位置不对");
  if (c.too_big) return Unreadable("文件超过 100000 行");
  return std::move(c.table);
}

}  // namespace jobmatch
