// POST /v1/openings bodies: parse, validate, and the stored form round-trips.
#include "core/json_reader.h"
#include "core/opening.h"
#include "harness.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace jobmatch;
  auto body = ParseUntrustedJson(fuzz::Bytes(data, size));
  fuzz::ExpectClientError(body);
  if (!body) return 0;
  auto parsed = ParseOpening(*body, fuzz::RealTaxonomy(), fuzz::RealRegions(), fuzz::kToday);
  fuzz::ExpectClientError(parsed);
  if (!parsed) return 0;
  const nlohmann::json stored = EncodeOpening(parsed->opening);
  if (EncodeOpening(DecodeOpening(stored)) != stored) std::abort();
  (void)OpeningView(stored, fuzz::kToday).dump();  // throws on ill-formed UTF-8
  return 0;
}
