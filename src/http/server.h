// The HTTP server: Pistache's endpoint with a handler of our own in front of
// the Api. It works around Debian Pistache 0.0.5's traps (docs/architecture.md):
// requests are framed on the raw bytes first (framing.h: conflicting lengths,
// garbage and oversized heads get a JSON 4xx and the connection closes;
// pipelined requests are all answered); `Expect: 100-continue` is answered;
// query strings are percent-decoded; handler exceptions never reach Pistache;
// slow or silent connections are shut down and their number is capped
// (connections.h); `Connection: close` closes. Start() and Shutdown() from one
// thread.
#pragma once

#include <pistache/endpoint.h>

#include <memory>
#include <string>

#include "http/api.h"
#include "http/connections.h"

namespace jobmatch {

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;  // 0: an ephemeral port (see port())
  int threads = 2;
  std::size_t max_body_bytes = 8 * 1024 * 1024;
  int keepalive_seconds = 30;
  // A request's headers must arrive within this many seconds of its first
  // byte (or of the connect), and its body at this rate after them.
  int header_timeout_seconds = 10;
  std::size_t min_body_bytes_per_second = 16 * 1024;
  // Open connections; also kept below the file limit. More are refused (503).
  std::size_t max_connections = 10000;
  bool access_log = false;
  // Behind a TLS-terminating proxy: the session cookie gets `Secure`.
  bool secure_cookies = false;
  // Behind a proxy that appends the client's address to X-Forwarded-For:
  // sign-in throttling counts that address, not the proxy's.
  bool trust_proxy = false;
  // https://host the public reaches the service at (links in texts sent to
  // households); "" takes it from each request's Host header.
  std::string public_url;
};

class HttpServer {
 public:
  HttpServer(Api& api, ServerOptions options);
  ~HttpServer();

  // Binds and serves on background threads.
  Result<void> Start();
  // Stops serving and joins the threads; afterwards no handler runs.
  void Shutdown();
  uint16_t port() const;

 private:
  Api& api_;
  ServerOptions options_;
  std::shared_ptr<ConnectionTable> connections_;
  std::unique_ptr<Pistache::Http::Endpoint> endpoint_;
};

// Parses "HOST:PORT".
Result<ServerOptions> ParseListen(const std::string& listen, ServerOptions base);

}  // namespace jobmatch
