// schema.org JobPosting (https://schema.org/JobPosting) in and out: the form
// job boards already publish for search engines. Reading turns a posting into
// the JSON ParseOpening takes (and reports what it guessed or left out);
// writing turns an opening into a posting that carries the properties search
// engines require and recommend. Pure functions.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/regions.h"
#include "core/taxonomy.h"

namespace jobmatch {

// Monthly wage from an amount paid per HOUR, DAY, WEEK, MONTH or YEAR: China's
// statutory 21.75 working days (of 8 hours) a month, 52 weeks a year.
std::optional<double> MonthlyFactor(std::string_view unit_text);

struct JobPostingRead {
  nlohmann::json opening;             // the input of ParseOpening
  std::vector<std::string> warnings;  // what was assumed or left out
};

// Reads one JobPosting. 422 `validation_failed` naming the JobPosting property
// (title, jobLocation, hiringOrganization, identifier, baseSalary.currency, …);
// a place name that fits several regions is a 400 `ambiguous_region` with
// its candidates; one that fits none a 422 naming jobLocation.address.
Result<JobPostingRead> ReadJobPosting(const nlohmann::json& posting, const Regions& regions,
                                      const Taxonomy& taxonomy);

// The JobPosting property an opening field was read from (errors from
// ParseOpening name it); the field itself when there is none.
std::string JobPostingProperty(std::string_view opening_field);

// An opening's API view as a JobPosting (JSON-LD, @context schema.org).
nlohmann::json WriteJobPosting(const nlohmann::json& view, const Regions& regions);

}  // namespace jobmatch
