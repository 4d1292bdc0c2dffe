// Percent-decoding: never reads past the input, and decoding what it encodes
// gives the bytes back.
#include <string>

#include "harness.h"
#include "http/url.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace jobmatch;
  const std::string_view in = fuzz::Bytes(data, size);
  (void)PercentDecode(in);
  std::string encoded;
  for (unsigned char c : in) {
    static const char* kHex = "0123456789ABCDEF";
    encoded += '%';
    encoded += kHex[c >> 4];
    encoded += kHex[c & 15];
  }
  auto back = PercentDecode(encoded);
  if (!back || *back != in) std::abort();
  return 0;
}
