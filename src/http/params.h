// Reading query parameters: each helper names the parameter in its 400.
// Pure functions over a decoded HttpRequest.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "http/exchange.h"

namespace jobmatch {

inline constexpr int kMaxPageNumber = 10000;
inline constexpr int kDefaultPerPage = 20;
inline constexpr int kPerPageCap = 100;

Error ParamError(const std::string& name, const std::string& message);
inline std::unexpected<Error> BadParam(const std::string& name, const std::string& message) {
  return std::unexpected(ParamError(name, message));
}
// The same error as a 400 (query parameters are never a 422).
Error AsBadRequest(Error e);

// The value, or "" when absent.
std::string StrParam(const HttpRequest& req, const std::string& name);
Result<std::optional<int64_t>> IntParam(const HttpRequest& req, const std::string& name,
                                        int64_t min, int64_t max);
Result<std::optional<bool>> BoolParam(const HttpRequest& req, const std::string& name);
// Comma-separated values, empty items dropped.
std::vector<std::string> SplitList(const std::string& s);

struct Paging {
  int page = 1;
  int per_page = kDefaultPerPage;  // capped at kPerPageCap
};
Result<Paging> PagingParams(const HttpRequest& req);

}  // namespace jobmatch
