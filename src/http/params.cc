#include "http/params.h"

#include <algorithm>
#include <charconv>
#include <sstream>

namespace jobmatch {

Error ParamError(const std::string& name, const std::string& message) {
  return Error{ErrorKind::kBadRequest, "bad_parameter", name + " " + message, name, {}, {}};
}

Error AsBadRequest(Error e) {
  e.kind = ErrorKind::kBadRequest;
  return e;
}

std::string StrParam(const HttpRequest& req, const std::string& name) {
  auto it = req.query.find(name);
  return it == req.query.end() ? "" : it->second;
}

Result<std::optional<int64_t>> IntParam(const HttpRequest& req, const std::string& name,
                                        int64_t min, int64_t max) {
  const std::string s = StrParam(req, name);
  if (s.empty()) return std::nullopt;
  int64_t v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size() || v < min || v > max) {
    return BadParam(
        name, "must be an integer between " + std::to_string(min) + " and " + std::to_string(max));
  }
  return v;
}

Result<std::optional<bool>> BoolParam(const HttpRequest& req, const std::string& name) {
  const std::string s = StrParam(req, name);
  if (s.empty()) return std::nullopt;
  if (s != "true" && s != "false") return BadParam(name, "must be true or false");
  return s == "true";
}

std::vector<std::string> SplitList(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream in(s);
  std::string item;
  while (std::getline(in, item, ',')) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

Result<Paging> PagingParams(const HttpRequest& req) {
  auto page = IntParam(req, "page", 1, kMaxPageNumber);
  if (!page) return std::unexpected(page.error());
  auto per_page = IntParam(req, "per_page", 1, 1'000'000);
  if (!per_page) return std::unexpected(per_page.error());
  return Paging{
      static_cast<int>(page->value_or(1)),
      static_cast<int>(std::min<int64_t>(per_page->value_or(kDefaultPerPage), kPerPageCap))};
}

}  // namespace jobmatch
