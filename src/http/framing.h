// HTTP/1.1 message framing (RFC 9112), judged on raw bytes before Pistache's
// parser sees them: where the next request in a connection's buffer ends, and
// whether its request line and header section are well-formed and within
// limits. Pistache 0.0.5 lets conflicting Content-Length headers through,
// answers nothing to garbage and drops pipelined requests; the server feeds
// it one framed request at a time instead. Pure functions: no I/O, no state.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace jobmatch {

struct FramingLimits {
  std::size_t max_request_line = 8 * 1024;       // longer: 414
  std::size_t max_header_bytes = 64 * 1024;      // the whole header section; longer: 431
  std::size_t max_headers = 100;                 // header fields; more: 431
  std::size_t max_body_bytes = 8 * 1024 * 1024;  // larger: 413
};

struct Frame {
  enum class State {
    kIncomplete,  // more bytes are needed
    kComplete,    // one whole request: the first `size` bytes of the buffer
    kBad,         // answer `status` with `message` and close the connection
  };
  State state = State::kIncomplete;
  std::size_t start = 0;          // blank lines before the request line, to skip (RFC 9112 §2.2)
  std::size_t size = 0;           // kComplete: the request's length in bytes, `start` included
  bool headers_complete = false;  // the header section has all arrived
  std::size_t header_bytes = 0;   // where it ends in the buffer, when complete
  uint64_t body_bytes = 0;        // the declared body length (Content-Length; 0 if chunked)
  bool expect_continue = false;   // the client waits for 100 Continue before the body
  int status = 0;                 // kBad: 400, 413, 414, 431, 501 or 505
  std::string message;            // kBad: what is wrong, for the client
};

// Frames the request at the start of `buffer`.
Frame NextRequest(std::string_view buffer, const FramingLimits& limits);

}  // namespace jobmatch
