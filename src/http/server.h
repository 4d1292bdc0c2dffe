// The HTTP server: Pistache's endpoint with a handler of our own in front of
// the Api. It works around Debian Pistache 0.0.5's traps (docs/architecture.md):
// bodies over the limit get a JSON 413 as soon as the headers are read and the
// connection is closed; `Expect: 100-continue` is answered; query strings are
// percent-decoded; handler exceptions never reach Pistache; idle connections
// time out; `Connection: close` closes. Start() and Shutdown() from one thread.
#pragma once

#include <pistache/endpoint.h>

#include <memory>
#include <string>

#include "http/api.h"

namespace jobmatch {

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;  // 0: an ephemeral port (see port())
  int threads = 2;
  std::size_t max_body_bytes = 8 * 1024 * 1024;
  int keepalive_seconds = 30;
  bool access_log = false;
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
  std::unique_ptr<Pistache::Http::Endpoint> endpoint_;
};

// Parses "HOST:PORT".
Result<ServerOptions> ParseListen(const std::string& listen, ServerOptions base);

}  // namespace jobmatch
