// HTTP/1.1 framing on raw bytes: a frame never claims more than the buffer
// holds, bad frames carry a 4xx/5xx status, and a complete frame stays
// complete (and the same) when more bytes follow it.
#include "harness.h"
#include "http/framing.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace jobmatch;
  const std::string_view in = fuzz::Bytes(data, size);
  FramingLimits limits;
  limits.max_body_bytes = 4096;  // small limits reach the limit paths
  limits.max_header_bytes = 2048;
  limits.max_request_line = 512;
  const Frame f = NextRequest(in, limits);
  switch (f.state) {
    case Frame::State::kBad:
      if (f.status < 400 || f.status > 505 || f.message.empty()) std::abort();
      break;
    case Frame::State::kComplete: {
      if (f.size > in.size() || f.start > f.size) std::abort();
      const std::string more = std::string(in) + "GET / HTTP/1.1\r\n\r\n";
      const Frame again = NextRequest(more, limits);
      if (again.state != Frame::State::kComplete || again.size != f.size) std::abort();
      break;
    }
    case Frame::State::kIncomplete:
      if (f.headers_complete && f.header_bytes > in.size()) std::abort();
      break;
  }
  return 0;
}
