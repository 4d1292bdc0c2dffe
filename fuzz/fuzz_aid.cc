// POST /v1/aid-products bodies: parse, validate, and the stored form round-trips.
#include "core/catalog.h"
#include "core/json_reader.h"
#include "harness.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace jobmatch;
  auto body = ParseUntrustedJson(fuzz::Bytes(data, size));
  fuzz::ExpectClientError(body);
  if (!body) return 0;
  auto aid = ParseAidProduct(*body, fuzz::RealRegions());
  fuzz::ExpectClientError(aid);
  if (!aid) return 0;
  const nlohmann::json stored = EncodeAidProduct(*aid);
  if (EncodeAidProduct(DecodeAidProduct(stored)) != stored) std::abort();
  (void)stored.dump();
  return 0;
}
