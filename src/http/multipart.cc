#include "http/multipart.h"

#include "core/utf8.h"

namespace jobmatch {

namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The part's headers: Content-Disposition's name and filename, Content-Type.
struct PartHeaders {
  std::string name, filename, content_type;
};

PartHeaders ReadHeaders(std::string_view block) {
  PartHeaders h;
  while (!block.empty()) {
    auto eol = block.find("\r\n");
    std::string_view line = block.substr(0, eol);
    block = eol == std::string_view::npos ? std::string_view() : block.substr(eol + 2);
    auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string field = AsciiLower(Trim(line.substr(0, colon)));
    std::string_view value = Trim(line.substr(colon + 1));
    if (field == "content-disposition") {
      h.name = HeaderParam(value, "name");
      h.filename = HeaderParam(value, "filename");
    } else if (field == "content-type") {
      h.content_type = std::string(value);
    }
  }
  return h;
}

}  // namespace

std::string MediaTypeOf(std::string_view content_type) {
  return AsciiLower(Trim(content_type.substr(0, content_type.find(';'))));
}

std::string HeaderParam(std::string_view value, std::string_view name) {
  constexpr auto npos = std::string_view::npos;
  std::size_t i = value.find(';');
  while (i != npos) {
    std::size_t eq = value.find('=', i + 1);
    if (eq == npos) return "";
    std::string_view key = Trim(value.substr(i + 1, eq - i - 1));
    std::size_t j = eq + 1;
    while (j < value.size() && (value[j] == ' ' || value[j] == '\t')) ++j;
    std::string out;
    if (j < value.size() && value[j] == '"') {
      // A quoted string: up to the closing quote, with \" and \\ escaped.
      for (++j; j < value.size() && value[j] != '"'; ++j) {
        if (value[j] == '\\' && j + 1 < value.size()) ++j;
        out += value[j];
      }
      i = value.find(';', j);
    } else {
      i = value.find(';', j);
      out = std::string(Trim(value.substr(j, i == npos ? npos : i - j)));
    }
    if (AsciiLower(key) == AsciiLower(name)) return out;
  }
  return "";
}

std::optional<FormPart> FindFormPart(std::string_view body, std::string_view boundary,
                                     std::string_view name) {
  if (boundary.empty() || boundary.size() > 200) return std::nullopt;
  // Each part follows a "--boundary" line and ends before "\r\n--boundary".
  const std::string dash = "--" + std::string(boundary);
  const std::string delimiter = "\r\n" + dash;
  std::size_t pos = 0;
  if (!body.starts_with(dash)) {
    pos = body.find(delimiter);
    if (pos == std::string_view::npos) return std::nullopt;
    pos += 2;
  }
  while (true) {
    std::string_view rest = body.substr(pos + dash.size());
    if (rest.starts_with("--")) return std::nullopt;  // the closing delimiter
    auto eol = rest.find("\r\n");                     // after transport padding
    if (eol == std::string_view::npos) return std::nullopt;
    const std::size_t start = (rest.data() - body.data()) + eol + 2;
    const std::size_t next = body.find(delimiter, start);
    if (next == std::string_view::npos) return std::nullopt;
    std::string_view part = body.substr(start, next - start);
    std::size_t blank = part.starts_with("\r\n") ? 0 : part.find("\r\n\r\n");
    if (blank == std::string_view::npos) return std::nullopt;
    PartHeaders h = ReadHeaders(part.substr(0, blank));
    if (h.name == name) {
      return FormPart{part.substr(blank + (blank == 0 ? 2 : 4)), h.content_type, h.filename};
    }
    pos = next + 2;
  }
}

}  // namespace jobmatch
