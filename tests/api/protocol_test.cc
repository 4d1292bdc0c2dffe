// HTTP protocol regressions: each test guards against one trap of Debian's
// Pistache 0.0.5 (see docs/architecture.md, "HTTP transport").
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <poll.h>

#include <chrono>
#include <cstdio>
#include <thread>
#include <vector>

#include "server_process.h"

namespace jobmatch::testing {
namespace {

class ProtocolTest : public ::testing::Test {
 protected:
  TempDir dir_;
  ServerProcess server_{dir_.path()};
  std::string board_ = server_.CreateKey("board", "测试招聘网");
};

std::string PostHead(const std::string& key, std::size_t length, const std::string& extra = "") {
  return "POST /v1/openings HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + key +
         "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(length) +
         "\r\n" + extra + "\r\n";
}

// Guards against: Expect: 100-continue never answered (clients stall).
TEST_F(ProtocolTest, ExpectContinueGets100BeforeTheBodyIsSent) {
  const std::string body = SampleOpening("P-1").dump();
  int fd = Connect(server_.port());
  SendAll(fd, PostHead(board_, body.size(), "Expect: 100-continue\r\n"));
  std::string interim = ReadUntil(fd, "\r\n\r\n", 5000);
  EXPECT_EQ(interim.rfind("HTTP/1.1 100 Continue\r\n\r\n", 0), 0u) << interim;
  SendAll(fd, body);
  std::string rest = ReadUntil(fd, "}", 5000);
  close(fd);
  EXPECT_EQ(ParseResponse(rest).status, 201) << rest;
}

// Guards against: an over-limit body keeps a reactor thread busy for minutes
// and the connection open. The 413 must come from the headers alone.
TEST_F(ProtocolTest, OversizedBodyGets413AtOnceAndTheConnectionCloses) {
  int fd = Connect(server_.port());
  SendAll(fd, PostHead(board_, 20u * 1024 * 1024));
  SendAll(fd, std::string(64 * 1024, 'x'));
  const auto start = std::chrono::steady_clock::now();
  std::string raw = ReadUntil(fd, "", 10000);  // until the server closes
  const auto waited = std::chrono::steady_clock::now() - start;
  close(fd);
  auto r = ParseResponse(raw);
  EXPECT_EQ(r.status, 413) << raw;
  EXPECT_EQ(r.Json()["error"]["code"], "payload_too_large");
  EXPECT_EQ(r.headers["connection"], "close");
  EXPECT_LT(waited, std::chrono::seconds(10)) << "the connection was not closed";
  // Others are served meanwhile, and afterwards.
  EXPECT_EQ(server_.Request("GET", "/healthz").status, 200);
}

TEST_F(ProtocolTest, BodyJustUnderTheLimitIsAccepted) {
  // 8 MiB of JSON: a bulk array padded with whitespace. Parsed, not refused.
  std::string body = "[" + SampleOpening("BIG-1").dump() + "]";
  body.append(8u * 1024 * 1024 - body.size() - 16, ' ');
  auto r = server_.Request("POST", "/v1/openings/bulk", board_, body);
  EXPECT_EQ(r.status, 200) << r.body.substr(0, 200);
}

// Guards against: Connection: close answered but the socket kept open.
TEST_F(ProtocolTest, ConnectionCloseAndHttp10AreClosedAfterTheResponse) {
  for (const std::string req : {"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                                "GET /healthz HTTP/1.0\r\n\r\n"}) {
    int fd = Connect(server_.port());
    SendAll(fd, req);
    const auto start = std::chrono::steady_clock::now();
    std::string raw = ReadUntil(fd, "", 5000);
    close(fd);
    EXPECT_EQ(ParseResponse(raw).status, 200) << raw;
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  }
}

TEST_F(ProtocolTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  int fd = Connect(server_.port());
  for (int i = 0; i < 3; ++i) {
    SendAll(fd, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    std::string raw = ReadUntil(fd, "}", 5000);
    EXPECT_EQ(ParseResponse(raw).status, 200) << raw;
  }
  close(fd);
}

// Guards against: garbage request lines and unparseable Content-Length getting
// no reply or a 500 with an exception message.
TEST_F(ProtocolTest, GarbageGetsA400AndNoExceptionText) {
  for (const std::string req :
       {"POST /v1/openings HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999999\r\n\r\n",
        "BREW /pot HTTP/1.1\r\nHost: x\r\n\r\n"}) {
    int fd = Connect(server_.port());
    SendAll(fd, req);
    std::string raw = ReadUntil(fd, "", 5000);
    close(fd);
    auto r = ParseResponse(raw);
    EXPECT_EQ(r.status, 400) << raw;
    EXPECT_EQ(r.Json()["error"]["code"], "bad_request") << raw;
  }
  EXPECT_EQ(server_.Request("GET", "/healthz").status, 200);
}

TEST_F(ProtocolTest, InvalidUtf8InTheQueryIs400) {
  auto r = server_.Get("/v1/openings?q=%FF%FE");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.Json()["error"]["field"], "q");
  EXPECT_EQ(server_.Get("/v1/openings?q=%E7%84").status, 400);
  EXPECT_EQ(server_.Get("/v1/openings?q=%ZZ").status, 400);
}

TEST_F(ProtocolTest, MethodsWithoutAnyRouteAreAnswered) {
  // Pistache 0.0.5 races in Rest::Router for such methods; ours answers 405/404.
  EXPECT_EQ(server_.Request("OPTIONS", "/v1/openings", board_).status, 405);
  EXPECT_EQ(server_.Request("HEAD", "/nothing", board_).status, 404);
}

TEST_F(ProtocolTest, MetricsCountRequestsByRouteAndStatus) {
  server_.Get("/v1/openings");
  server_.Get("/v1/openings/424242");
  auto m = server_.Request("GET", "/metrics").body;
  EXPECT_NE(
      m.find("jobmatch_http_requests_total{route=\"/v1/openings\",method=\"GET\",status=\"200\"}"),
      std::string::npos)
      << m;
  EXPECT_NE(m.find("route=\"/v1/openings/:id\",method=\"GET\",status=\"404\""), std::string::npos);
  EXPECT_NE(
      m.find("jobmatch_http_request_duration_seconds_bucket{route=\"/v1/openings\",le=\"+Inf\"}"),
      std::string::npos);
  EXPECT_NE(m.find("jobmatch_index_lag_changes"), std::string::npos);
}

// Splits raw bytes holding several responses (each with Content-Length).
std::vector<HttpResult> ParseResponses(std::string raw) {
  std::vector<HttpResult> out;
  while (!raw.empty()) {
    HttpResult r = ParseResponse(raw);
    if (r.status == 0) break;
    out.push_back(r);
    const std::size_t head = raw.find("\r\n\r\n") + 4;
    raw.erase(0, head + std::stoul(r.headers["content-length"]));
  }
  return out;
}

// Sends `bytes`, then reads until the server closes (or 5 s pass).
struct Closed {
  std::string raw;
  bool closed;
};
Closed SendAndReadToClose(uint16_t port, const std::string& bytes) {
  int fd = Connect(port);
  SendAll(fd, bytes);
  const auto start = std::chrono::steady_clock::now();
  std::string raw = ReadUntil(fd, "", 5000);
  const bool closed = std::chrono::steady_clock::now() - start < std::chrono::milliseconds(4900);
  close(fd);
  return {raw, closed};
}

// Guards against: only the first of pipelined requests was answered (RFC 9112
// requires all, in order).
TEST_F(ProtocolTest, PipelinedRequestsAreAllAnsweredInOrder) {
  const std::string auth = "Authorization: Bearer " + board_ + "\r\n";
  const std::string body = SampleOpening("PIPE-1").dump();
  auto got = SendAndReadToClose(
      server_.port(),
      "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
      "POST /v1/openings HTTP/1.1\r\nHost: x\r\n" +
          auth +
          "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
          "\r\n\r\n" + body + "GET /v1/openings/999999 HTTP/1.1\r\nHost: x\r\n" + auth +
          "\r\nGET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  auto responses = ParseResponses(got.raw);
  ASSERT_EQ(responses.size(), 4u) << got.raw;
  EXPECT_EQ(responses[0].status, 200);
  EXPECT_EQ(responses[1].status, 201);
  EXPECT_EQ(responses[2].status, 404);
  EXPECT_EQ(responses[3].status, 200);
  EXPECT_TRUE(got.closed);
}

// Guards against: request smuggling (the first of two conflicting
// Content-Length headers won), and silence on malformed heads and on TLS.
TEST_F(ProtocolTest, MalformedFramingGetsAnAnswerAndTheConnectionCloses) {
  struct Case {
    const char* name;
    std::string bytes;
    int status;
  };
  const Case cases[] = {
      {"conflicting lengths",
       "POST /v1/keys HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 40\r\n\r\n{}",
       400},
      {"no colon", "GET /healthz HTTP/1.1\r\nHost x\r\n\r\n", 400},
      {"obs-fold", "GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n  2\r\n\r\n", 400},
      {"no version", "GET /healthz\r\n\r\n", 400},
      {"bare LF", "GET /healthz HTTP/1.1\nHost: x\n\n", 400},
      {"TLS ClientHello", std::string("\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03", 11), 400},
      {"request line too long", "GET /" + std::string(9000, 'a') + " HTTP/1.1\r\n\r\n", 414},
      {"too many headers",
       "GET /healthz HTTP/1.1\r\n" +
           [] {
             std::string h;
             for (int i = 0; i < 150; ++i) h += "X-H" + std::to_string(i) + ": 1\r\n";
             return h + "\r\n";
           }(),
       431},
      {"unknown transfer coding",
       "POST /v1/keys HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n", 501},
  };
  for (const Case& c : cases) {
    auto got = SendAndReadToClose(server_.port(), c.bytes);
    auto r = ParseResponse(got.raw);
    EXPECT_EQ(r.status, c.status) << c.name << ": " << got.raw;
    EXPECT_EQ(r.headers["connection"], "close") << c.name;
    EXPECT_TRUE(r.Json()["error"]["code"].is_string()) << c.name;
    EXPECT_TRUE(got.closed) << c.name << ": the connection was held open";
  }
  EXPECT_EQ(server_.Request("GET", "/healthz").status, 200);
}

TEST_F(ProtocolTest, ChunkedBodiesAreAccepted) {
  const std::string body = SampleOpening("CHUNK-1").dump();
  const std::string half = body.substr(0, body.size() / 2), rest = body.substr(body.size() / 2);
  auto hex = [](std::size_t n) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%zx", n);
    return std::string(buf);
  };
  auto got = SendAndReadToClose(
      server_.port(), "POST /v1/openings HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + board_ +
                          "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
                          "Connection: close\r\n\r\n" +
                          hex(half.size()) + "\r\n" + half + "\r\n" + hex(rest.size()) + "\r\n" +
                          rest + "\r\n0\r\n\r\n");
  EXPECT_EQ(ParseResponse(got.raw).status, 201) << got.raw;
}

// Guards against: slowloris. Connections that never finish their headers
// (here one byte every 200 ms) or never send anything were never closed.
TEST(SlowClientTest, ConnectionsThatDoNotFinishTheirHeadersAreClosed) {
  TempDir dir;
  ServerProcess server(dir.path(), {"--header-timeout", "1"});
  int silent = Connect(server.port());
  int slow = Connect(server.port());
  const std::string head = "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Padding: ";
  bool slow_closed = false;
  for (std::size_t i = 0; i < 100 && !slow_closed; ++i) {  // up to 20 s
    if (send(slow, &head[i % head.size()], 1, MSG_NOSIGNAL) != 1) slow_closed = true;
    pollfd p{slow, POLLIN, 0};
    if (poll(&p, 1, 200) > 0) {
      char buf[256];
      if (recv(slow, buf, sizeof buf, 0) <= 0) slow_closed = true;
    }
  }
  EXPECT_TRUE(slow_closed) << "a connection trickling its headers was kept open";
  char c;
  pollfd p{silent, POLLIN, 0};
  EXPECT_EQ(poll(&p, 1, 10000), 1);
  EXPECT_EQ(recv(silent, &c, 1, 0), 0) << "a silent connection was kept open";
  close(silent);
  close(slow);
  EXPECT_EQ(server.Request("GET", "/healthz").status, 200);
}

// Guards against: connections beyond the file limit made every client time
// out. Past the cap, a new connection gets a 503 and is closed at once. One
// reactor thread, so that connections are admitted in the order they came.
TEST(SlowClientTest, ConnectionsPastTheCapAreRefusedAndOthersServedOnceTheyLeave) {
  TempDir dir;
  ServerProcess server(dir.path(),
                       {"--max-connections", "4", "--header-timeout", "60", "--threads", "1"});
  std::vector<int> held;
  for (int i = 0; i < 4; ++i) held.push_back(Connect(server.port()));
  auto refused = SendAndReadToClose(server.port(), "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  auto r = ParseResponse(refused.raw);
  EXPECT_EQ(r.status, 503) << refused.raw;
  EXPECT_EQ(r.Json()["error"]["code"], "too_many_connections");
  EXPECT_TRUE(refused.closed);
  for (int fd : held) close(fd);
  bool served = false;
  for (int attempt = 0; attempt < 100 && !served; ++attempt) {
    served = server.Request("GET", "/healthz").status == 200;
    if (!served) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_TRUE(served);
}

}  // namespace
}  // namespace jobmatch::testing
