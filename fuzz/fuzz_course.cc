// POST /v1/courses bodies: parse, validate, and the stored form round-trips.
#include "core/catalog.h"
#include "core/json_reader.h"
#include "harness.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace jobmatch;
  auto body = ParseUntrustedJson(fuzz::Bytes(data, size));
  fuzz::ExpectClientError(body);
  if (!body) return 0;
  std::vector<std::string> warnings;
  auto course = ParseCourse(*body, fuzz::RealTaxonomy(), fuzz::RealRegions(), warnings);
  fuzz::ExpectClientError(course);
  if (!course) return 0;
  const nlohmann::json stored = EncodeCourse(*course);
  if (EncodeCourse(DecodeCourse(stored)) != stored) std::abort();
  (void)stored.dump();
  return 0;
}
