// NextRequest: HTTP/1.1 framing on raw bytes, as a table of cases. Each bad
// case guards against a framing gap seen in Pistache 0.0.5 (smuggling through
// conflicting lengths, silence on garbage, dropped pipelined requests).
#include "http/framing.h"

#include <gtest/gtest.h>

namespace jobmatch {
namespace {

using State = Frame::State;

struct Case {
  const char* name;
  std::string bytes;
  State state;
  int status = 0;        // kBad
  std::size_t size = 0;  // kComplete
};

std::string Get(const std::string& headers = "") {
  return "GET /healthz HTTP/1.1\r\nHost: x\r\n" + headers + "\r\n";
}

TEST(FramingTest, JudgesEveryCaseAsRfc9112Asks) {
  const std::string post = "POST /v1/openings HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n";
  const Case cases[] = {
      {"a whole GET", Get(), State::kComplete, 0, Get().size()},
      {"HTTP/1.0", "GET / HTTP/1.0\r\n\r\n", State::kComplete, 0, 18},
      {"a blank line before the request", "\r\n" + Get(), State::kComplete, 0, Get().size() + 2},
      {"half a request line", "GET /heal", State::kIncomplete},
      {"headers still arriving", "GET / HTTP/1.1\r\nHost: x\r\n", State::kIncomplete},
      {"a body still arriving", post + "ab", State::kIncomplete},
      {"a whole POST", post + "abcde", State::kComplete, 0, post.size() + 5},
      {"two pipelined requests: the first", Get() + Get(), State::kComplete, 0, Get().size()},
      {"the same length twice", Get("Content-Length: 0\r\nContent-Length: 0\r\n"), State::kComplete,
       0, Get("Content-Length: 0\r\nContent-Length: 0\r\n").size()},
      {"conflicting lengths", Get("Content-Length: 1\r\nContent-Length: 2\r\n"), State::kBad, 400},
      {"a conflicting length list", Get("Content-Length: 1, 2\r\n"), State::kBad, 400},
      {"a signed length", Get("Content-Length: +5\r\n"), State::kBad, 400},
      {"a huge length", Get("Content-Length: 99999999999999999999999\r\n"), State::kBad, 400},
      {"a body over the limit", Get("Content-Length: 9000000\r\n"), State::kBad, 413},
      {"length and chunked", Get("Content-Length: 5\r\nTransfer-Encoding: chunked\r\n"),
       State::kBad, 400},
      {"an unknown coding", Get("Transfer-Encoding: gzip, chunked\r\n"), State::kBad, 501},
      {"no colon", Get("Host x\r\n"), State::kBad, 400},
      {"space before the colon", Get("Host : x\r\n"), State::kBad, 400},
      {"obs-fold", Get("X-A: 1\r\n folded\r\n"), State::kBad, 400},
      {"a bare LF", "GET / HTTP/1.1\nHost: x\n\n", State::kBad, 400},
      {"a bare LF in the headers", "GET / HTTP/1.1\r\nHost: x\n\r\n", State::kBad, 400},
      {"a bare CR in a value", Get("X-A: a\rb\r\n"), State::kBad, 400},
      {"no version", "GET /\r\n\r\n", State::kBad, 400},
      {"HTTP/2", "PRI * HTTP/2.0\r\n\r\n", State::kBad, 505},
      {"a TLS ClientHello", std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11),
       State::kBad, 400},
      {"a request line too long", "GET /" + std::string(9000, 'a'), State::kBad, 414},
      {"headers too large", "GET / HTTP/1.1\r\nX-A: " + std::string(70000, 'a'), State::kBad, 431},
      {"too many headers",
       "GET / HTTP/1.1\r\n" +
           [] {
             std::string h;
             for (int i = 0; i < 101; ++i) h += "X-" + std::to_string(i) + ": 1\r\n";
             return h;
           }(),
       State::kBad, 431},
  };
  FramingLimits limits;
  for (const Case& c : cases) {
    Frame f = NextRequest(c.bytes, limits);
    EXPECT_EQ(f.state, c.state) << c.name << ": " << f.message;
    if (c.state == State::kBad) {
      EXPECT_EQ(f.status, c.status) << c.name << ": " << f.message;
    } else if (c.state == State::kComplete) {
      EXPECT_EQ(f.size, c.size) << c.name;
    }
  }
}

TEST(FramingTest, ChunkedBodiesEndAfterTheLastChunkAndTrailers) {
  const std::string head = "POST /v1/keys HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n";
  const std::string body = "4;ext=1\r\nWiki\r\n5\r\npedia\r\n0\r\nX-Trailer: 1\r\n\r\n";
  const std::string whole = head + body + "GET / HTTP/1.1\r\n\r\n";
  Frame f = NextRequest(whole, {});
  ASSERT_EQ(f.state, State::kComplete) << f.message;
  EXPECT_EQ(f.size, head.size() + body.size());
  EXPECT_EQ(f.header_bytes, head.size());
  for (std::size_t cut = head.size(); cut < head.size() + body.size(); ++cut) {
    EXPECT_EQ(NextRequest(whole.substr(0, cut), {}).state, State::kIncomplete) << cut;
  }
  EXPECT_EQ(NextRequest(head + "zz\r\n", {}).status, 400);
  EXPECT_EQ(NextRequest(head + "4\r\nWikiXX", {}).status, 400);
  FramingLimits small;
  small.max_body_bytes = 8;
  EXPECT_EQ(NextRequest(head + body, small).status, 413);
}

TEST(FramingTest, ExpectContinueIsReportedOnceTheHeadersAreIn) {
  const std::string head =
      "POST /v1/openings HTTP/1.1\r\nContent-Length: 10\r\nExpect: 100-continue\r\n\r\n";
  Frame f = NextRequest(head, {});
  EXPECT_EQ(f.state, State::kIncomplete);
  EXPECT_TRUE(f.headers_complete);
  EXPECT_TRUE(f.expect_continue);
  EXPECT_EQ(f.body_bytes, 10u);
  EXPECT_FALSE(NextRequest(head.substr(0, 30), {}).headers_complete);
}

}  // namespace
}  // namespace jobmatch
