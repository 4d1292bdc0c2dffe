// The query parameters of GET /v1/openings, read into an OpeningQuery: each
// bad parameter is a 400 naming it; names the taxonomy does not know, and
// parameters the search does not take, become warnings. Pure function.
#pragma once

#include <string>
#include <vector>

#include "core/regions.h"
#include "core/taxonomy.h"
#include "http/exchange.h"
#include "search/searcher.h"

namespace jobmatch {

Result<OpeningQuery> ParseOpeningSearch(const HttpRequest& req, const Regions& regions,
                                        const Taxonomy& taxonomy,
                                        std::vector<std::string>& warnings);

}  // namespace jobmatch
