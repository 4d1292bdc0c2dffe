// HTTP protocol regressions: each test guards against one trap of Debian's
// Pistache 0.0.5 (see docs/architecture.md, "HTTP transport").
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>

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

}  // namespace
}  // namespace jobmatch::testing
