// application/ld+json bodies of POST /v1/openings: a schema.org JobPosting is
// read (HTML through libxml2, places, wages), the opening it gives is
// validated, and the JobPosting written from it reads back.
#include "core/job_posting.h"
#include "core/json_reader.h"
#include "core/opening.h"
#include "harness.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace jobmatch;
  auto body = ParseUntrustedJson(fuzz::Bytes(data, size));
  fuzz::ExpectClientError(body);
  if (!body) return 0;
  auto read = ReadJobPosting(*body, fuzz::RealRegions(), fuzz::RealTaxonomy());
  fuzz::ExpectClientError(read);
  if (!read) return 0;
  auto parsed =
      ParseOpening(read->opening, fuzz::RealTaxonomy(), fuzz::RealRegions(), fuzz::kToday);
  fuzz::ExpectClientError(parsed);
  if (!parsed) return 0;
  parsed->opening.board = "fuzz";
  const nlohmann::json view = OpeningView(EncodeOpening(parsed->opening), fuzz::kToday);
  const nlohmann::json posting = WriteJobPosting(view, fuzz::RealRegions());
  (void)posting.dump();  // throws on ill-formed UTF-8
  if (!ReadJobPosting(posting, fuzz::RealRegions(), fuzz::RealTaxonomy())) std::abort();
  return 0;
}
