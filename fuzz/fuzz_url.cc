// Percent-decoding: never reads past the input, and decoding what it encodes
// gives the bytes back.
#include <string>

#include "harness.h"
#include "http/url.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace jobmatch;
  const std::string_view in = fuzz::Bytes(data, size);
  (void)PercentDecode(in);
  auto back = PercentDecode(PercentEncode(in));
  if (!back || *back != in) std::abort();
  return 0;
}
