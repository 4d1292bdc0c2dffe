#include "http/framing.h"

#include <algorithm>
#include <cctype>
#include <optional>

#include "core/utf8.h"

namespace jobmatch {

namespace {

// Chunk-size lines are short; chunks many enough to make rescanning costly
// are refused (a body is rescanned as its bytes arrive).
constexpr std::size_t kMaxChunkLine = 1024;
constexpr std::size_t kMaxChunks = 65536;
constexpr std::size_t kMaxMethod = 32;

bool IsTchar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) ||
         std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool IsCtl(char c) {
  return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
}

std::string_view TrimOws(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

Frame Bad(int status, std::string message) {
  Frame f;
  f.state = Frame::State::kBad;
  f.status = status;
  f.message = std::move(message);
  return f;
}

// The line that starts at `pos`: its end (the LF), or npos while incomplete.
// A line must end in CRLF; `bad` is set for a bare LF.
std::size_t LineEnd(std::string_view buffer, std::size_t pos, bool& bad) {
  const std::size_t lf = buffer.find('\n', pos);
  bad = lf != std::string_view::npos && (lf == pos || buffer[lf - 1] != '\r');
  return lf;
}

// Digits only, each list element the same: RFC 9112 §6.3 allows a repeated
// identical Content-Length and requires a conflicting one to be refused.
bool MergeContentLength(std::string_view value, std::optional<uint64_t>& length) {
  while (!value.empty()) {
    const std::size_t comma = value.find(',');
    const std::string_view item = TrimOws(value.substr(0, comma));
    value = comma == std::string_view::npos ? std::string_view() : value.substr(comma + 1);
    if (item.empty() || item.size() > 18 ||
        !std::all_of(item.begin(), item.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return false;
    }
    const uint64_t n = std::stoull(std::string(item));
    if (length && *length != n) return false;
    length = n;
  }
  return length.has_value();
}

// Frames a chunked body that starts at `pos`; `f` has its header fields set.
Frame Chunked(std::string_view buffer, std::size_t pos, const FramingLimits& limits, Frame f) {
  uint64_t total = 0;
  bool bad = false;
  for (std::size_t chunks = 0;; ++chunks) {
    if (chunks > kMaxChunks) return Bad(400, "the body has too many chunks");
    const std::size_t eol = LineEnd(buffer, pos, bad);
    if (bad) return Bad(400, "chunk-size lines must end with CRLF");
    if (eol == std::string_view::npos) {
      return buffer.size() - pos > kMaxChunkLine ? Bad(400, "a chunk-size line is too long") : f;
    }
    std::string_view line = buffer.substr(pos, eol - 1 - pos);
    line = line.substr(0, line.find(';'));  // chunk extensions are ignored
    if (line.empty() || line.size() > 15 || !std::all_of(line.begin(), line.end(), [](char c) {
          return std::isxdigit(static_cast<unsigned char>(c));
        })) {
      return Bad(400, "a chunk size is not a hexadecimal number");
    }
    const uint64_t size = std::stoull(std::string(line), nullptr, 16);
    pos = eol + 1;
    if (size == 0) break;
    total += size;
    if (total > limits.max_body_bytes) {
      return Bad(413, "requests are limited to " + std::to_string(limits.max_body_bytes) +
                          " bytes of body");
    }
    if (buffer.size() < pos + size + 2) return f;
    if (buffer.substr(pos + size, 2) != "\r\n") return Bad(400, "a chunk is not followed by CRLF");
    pos += size + 2;
  }
  // Trailer fields, then the empty line.
  for (std::size_t start = pos;;) {
    const std::size_t eol = LineEnd(buffer, pos, bad);
    if (bad) return Bad(400, "trailer lines must end with CRLF");
    if (eol == std::string_view::npos) {
      return buffer.size() - start > limits.max_header_bytes
                 ? Bad(431, "the trailers are too large")
                 : f;
    }
    const std::string_view field = buffer.substr(pos, eol - 1 - pos);
    pos = eol + 1;
    if (field.empty()) break;
    if (field.find(':') == std::string_view::npos) return Bad(400, "a trailer line has no colon");
  }
  f.state = Frame::State::kComplete;
  f.size = pos;
  return f;
}

// Checks the request line from `start` as far as it has arrived. Returns the
// answer when it is bad or incomplete; nullopt when it is whole and good,
// with `line_end` at its LF. A TLS handshake or other non-HTTP bytes are
// refused at their first byte.
std::optional<Frame> CheckRequestLine(std::string_view buffer, std::size_t start,
                                      const FramingLimits& limits, const Frame& f,
                                      std::size_t& line_end) {
  bool bad = false;
  line_end = LineEnd(buffer, start, bad);
  std::string_view line = buffer.substr(
      start, line_end == std::string_view::npos ? std::string_view::npos : line_end - start);
  const std::string_view method = line.substr(0, line.find(' '));
  if (!std::all_of(method.begin(), method.end(), IsTchar) ||
      (line_end == std::string_view::npos && method.size() == line.size() &&
       method.size() > kMaxMethod)) {
    return Bad(400, "this is not an HTTP/1.1 request");
  }
  if (bad) return Bad(400, "lines must end with CRLF");
  if (line_end == std::string_view::npos) {
    return line.size() > limits.max_request_line ? Bad(414, "the request line is too long") : f;
  }
  line.remove_suffix(1);  // the CR
  if (line.size() > limits.max_request_line) return Bad(414, "the request line is too long");
  const std::size_t sp1 = line.find(' ');
  const std::size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
  if (sp1 == 0 || sp2 == std::string_view::npos || sp2 == sp1 + 1 ||
      line.find(' ', sp2 + 1) != std::string_view::npos || method.size() > kMaxMethod) {
    return Bad(400, "the request line must be METHOD TARGET HTTP/1.1");
  }
  const std::string_view target = line.substr(sp1 + 1, sp2 - sp1 - 1);
  if (std::any_of(target.begin(), target.end(), IsCtl)) {
    return Bad(400, "the request target holds control characters");
  }
  const std::string_view version = line.substr(sp2 + 1);
  if (version == "HTTP/1.1" || version == "HTTP/1.0") return std::nullopt;
  const bool http = version.size() == 8 && version.starts_with("HTTP/") &&
                    std::isdigit(static_cast<unsigned char>(version[5])) && version[6] == '.' &&
                    std::isdigit(static_cast<unsigned char>(version[7]));
  return http ? Bad(505, "only HTTP/1.1 and HTTP/1.0 are supported")
              : Bad(400, "the request line must end with HTTP/1.1");
}

struct BodyFraming {
  std::optional<uint64_t> length;
  bool chunked = false;
};

// Reads the header fields from `pos`. Returns the answer when they are bad or
// incomplete; nullopt when the blank line ending them is read, with `pos`
// past it.
std::optional<Frame> ReadFields(std::string_view buffer, std::size_t start,
                                const FramingLimits& limits, Frame& f, std::size_t& pos,
                                BodyFraming& body) {
  bool bad = false;
  std::size_t count = 0;
  for (;;) {
    const std::size_t eol = LineEnd(buffer, pos, bad);
    if (bad) return Bad(400, "lines must end with CRLF");
    const std::size_t seen = (eol == std::string_view::npos ? buffer.size() : eol + 1) - start;
    if (seen > limits.max_header_bytes) return Bad(431, "the request's headers are too large");
    if (eol == std::string_view::npos) return f;
    const std::string_view field = buffer.substr(pos, eol - 1 - pos);
    pos = eol + 1;
    if (field.empty()) break;
    if (field.front() == ' ' || field.front() == '\t') {
      return Bad(400, "header lines may not be folded");
    }
    const std::size_t colon = field.find(':');
    const std::string_view name = field.substr(0, colon);
    if (colon == std::string_view::npos || name.empty() ||
        !std::all_of(name.begin(), name.end(), IsTchar)) {
      return Bad(400, "a header line must be NAME: VALUE");
    }
    const std::string_view value = TrimOws(field.substr(colon + 1));
    if (std::any_of(value.begin(), value.end(), [](char c) { return c != '\t' && IsCtl(c); })) {
      return Bad(400, "a header value holds control characters");
    }
    if (++count > limits.max_headers) return Bad(431, "the request has too many headers");
    const std::string lower = AsciiLower(name);
    if (lower == "content-length") {
      if (!MergeContentLength(value, body.length)) {
        return Bad(400, "Content-Length must be one whole number");
      }
    } else if (lower == "transfer-encoding") {
      if (body.chunked || AsciiLower(value) != "chunked") {
        return Bad(501, "only the chunked transfer coding is supported");
      }
      body.chunked = true;
    } else if (lower == "expect") {
      f.expect_continue = AsciiLower(value) == "100-continue";
    }
  }
  if (body.chunked && body.length) {
    return Bad(400, "Transfer-Encoding and Content-Length may not both be sent");
  }
  return std::nullopt;
}

}  // namespace

Frame NextRequest(std::string_view buffer, const FramingLimits& limits) {
  Frame f;
  std::size_t start = 0;
  while (buffer.substr(start, 2) == "\r\n") start += 2;
  if (start > limits.max_header_bytes) return Bad(400, "too many blank lines");
  f.start = start;
  std::size_t line_end = 0;
  if (auto answer = CheckRequestLine(buffer, start, limits, f, line_end)) return *answer;
  std::size_t pos = line_end + 1;
  BodyFraming body;
  if (auto answer = ReadFields(buffer, start, limits, f, pos, body)) return *answer;
  f.headers_complete = true;
  f.header_bytes = pos;
  if (body.chunked) return Chunked(buffer, pos, limits, f);
  f.body_bytes = body.length.value_or(0);
  f.expect_continue = f.expect_continue && f.body_bytes > 0;
  if (f.body_bytes > limits.max_body_bytes) {
    return Bad(
        413, "requests are limited to " + std::to_string(limits.max_body_bytes) + " bytes of body");
  }
  if (buffer.size() - pos < f.body_bytes) return f;
  f.state = Frame::State::kComplete;
  f.size = pos + f.body_bytes;
  return f;
}

}  // namespace jobmatch
