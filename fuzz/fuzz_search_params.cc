// GET /v1/openings query strings, decoded as the server decodes them, then
// read into a search.
#include "core/utf8.h"
#include "harness.h"
#include "http/search_params.h"
#include "http/url.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace jobmatch;
  std::string_view query = fuzz::Bytes(data, size);
  HttpRequest req;
  while (!query.empty()) {
    const std::string_view pair = query.substr(0, query.find('&'));
    query.remove_prefix(std::min(query.size(), pair.size() + 1));
    const std::size_t eq = pair.find('=');
    auto name = PercentDecode(pair.substr(0, eq));
    auto value = PercentDecode(eq == std::string_view::npos ? "" : pair.substr(eq + 1));
    if (!name || !value || !IsValidUtf8(*name) || !IsValidUtf8(*value)) return 0;  // a 400
    req.query[*name] = *value;
  }
  std::vector<std::string> warnings;
  auto q = ParseOpeningSearch(req, fuzz::RealRegions(), fuzz::RealTaxonomy(), warnings);
  fuzz::ExpectClientError(q);
  if (q && (q->page < 1 || q->per_page < 1 || q->per_page > 100)) std::abort();
  return 0;
}
