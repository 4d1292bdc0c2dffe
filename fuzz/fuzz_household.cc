// POST /v1/households bodies: parse, validate, and the stored form round-trips
// (ID numbers stand in for their sealed form here).
#include "core/household.h"
#include "core/json_reader.h"
#include "harness.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace jobmatch;
  auto body = ParseUntrustedJson(fuzz::Bytes(data, size));
  fuzz::ExpectClientError(body);
  if (!body) return 0;
  auto parsed = ParseHousehold(*body, fuzz::RealTaxonomy(), fuzz::RealRegions(), fuzz::kToday);
  fuzz::ExpectClientError(parsed);
  if (!parsed) return 0;
  const Household& h = parsed->household;
  std::vector<std::string> sealed;
  for (const auto& m : h.members) sealed.push_back(m.id_number);
  const nlohmann::json stored = EncodeHousehold(h, sealed);
  const Household back = DecodeHousehold(stored, [](const std::string& s) { return s; });
  if (EncodeHousehold(back, sealed) != stored) std::abort();
  (void)HouseholdView(h, false, fuzz::kToday, WorkingAge{}).dump();
  return 0;
}
