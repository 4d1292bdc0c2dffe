#include "http/server.h"

#include <sys/socket.h>

#include <pistache/http.h>
#include <pistache/peer.h>
#include <charconv>
#include <chrono>
#include <cstdio>

#include "core/utf8.h"
#include "http/url.h"

namespace jobmatch {

namespace Http = Pistache::Http;
namespace Tcp = Pistache::Tcp;

namespace {

constexpr std::size_t kMaxHeaderBytes = 64 * 1024;
constexpr char kClosingKey[] = "jobmatch.closing";

std::string ReasonPhrase(int status) {
  return Http::codeString(static_cast<Http::Code>(status));
}

// Writes a complete response on the raw connection, then closes it: used when
// the request cannot be handed to the API (too large, unparseable).
void RejectAndClose(const std::shared_ptr<Tcp::Peer>& peer, int status, const HttpResponse& r) {
  peer->putData(kClosingKey, std::make_shared<bool>(true));
  std::string raw = "HTTP/1.1 " + std::to_string(status) + " " + ReasonPhrase(status) +
                    "\r\nContent-Type: " + r.content_type +
                    "\r\nContent-Length: " + std::to_string(r.body.size()) +
                    "\r\nConnection: close\r\n\r\n" + r.body;
  const int fd = peer->fd();
  peer->send(Pistache::RawBuffer(std::move(raw), raw.size()))
      .then([fd](ssize_t) { ::shutdown(fd, SHUT_RDWR); },
            [fd](std::exception_ptr) { ::shutdown(fd, SHUT_RDWR); });
}

bool WantsClose(const Http::Request& req) {
  auto c = req.headers().tryGet<Http::Header::Connection>();
  if (req.version() == Http::Version::Http10) {
    return !c || c->control() != Http::ConnectionControl::KeepAlive;
  }
  return c && c->control() == Http::ConnectionControl::Close;
}

// Converts Pistache's request; a bad query string yields a 400 response.
std::optional<HttpResponse> Convert(const Http::Request& in, HttpRequest& out) {
  out.method = Http::methodString(in.method());
  out.path = in.resource();
  if (!IsValidUtf8(out.path)) {
    return ErrorResponse(ErrorKind::kBadRequest, "bad_path", "the path is not valid UTF-8", "path");
  }
  const auto& query = in.query();
  for (auto it = query.parameters_begin(); it != query.parameters_end(); ++it) {
    auto name = PercentDecode(it->first);
    auto value = PercentDecode(it->second);
    if (!name || !value || !IsValidUtf8(*name) || !IsValidUtf8(*value)) {
      std::string field = name && IsValidUtf8(*name) ? *name : "query";
      return ErrorResponse(ErrorKind::kBadRequest, "bad_parameter",
                           field + " is not valid percent-encoded UTF-8", field);
    }
    out.query[*name] = std::move(*value);
  }
  if (auto ct = in.headers().tryGet<Http::Header::ContentType>()) {
    out.content_type = ct->mime().toString();
  }
  if (auto auth = in.headers().tryGetRaw("Authorization")) out.authorization = auth->value();
  out.body = in.body();
  return std::nullopt;
}

class ServerHandler : public Http::Handler {
 public:
  HTTP_PROTOTYPE(ServerHandler)

  ServerHandler(Api& api, const ServerOptions& options) : api_(api), options_(options) {}

  void onRequest(const Http::Request&, Http::ResponseWriter) override {
    // Unused: onInput below dispatches requests itself.
  }

 private:
  // Replaces Http::Handler::onInput (same parser, same ResponseWriter) so that
  // the request can be judged as soon as its headers are in.
  void onInput(const char* buffer, size_t len, const std::shared_ptr<Tcp::Peer>& peer) override {
    if (peer->tryGetData(kClosingKey)) return;  // rejected: discard the rest
    auto parser = getParser(peer);
    auto& request = parser->request;
    try {
      if (!parser->feed(buffer, len)) {
        parser->reset();
        return Reject(peer, TooLarge());
      }
      auto state = parser->parse();
      if (state != Http::Private::State::Done) {
        if (parser->step()->id() == Http::Private::BodyStep::Id) HeadersRead(peer, request);
        return;
      }
      Http::ResponseWriter response(request.version(), transport(), this, peer);
      peer->setIdle(false);
      Dispatch(request, std::move(response), peer);
      parser->reset();
    } catch (const std::exception&) {  // Http::HttpError included: never e.what()
      parser->reset();
      Reject(peer, ErrorResponse(ErrorKind::kBadRequest, "bad_request",
                                 "the request could not be parsed as HTTP/1.1"));
    }
  }

  HttpResponse TooLarge() const {
    return ErrorResponse(
        ErrorKind::kPayloadTooLarge, "payload_too_large",
        "requests are limited to " + std::to_string(options_.max_body_bytes) + " bytes", "body");
  }

  void Reject(const std::shared_ptr<Tcp::Peer>& peer, const HttpResponse& r) {
    api_.RecordTransport(r.status);
    RejectAndClose(peer, r.status, r);
  }

  // The headers are complete and the body has not all arrived.
  void HeadersRead(const std::shared_ptr<Tcp::Peer>& peer, Http::Request& request) {
    auto length = request.headers().tryGet<Http::Header::ContentLength>();
    if (length && length->value() > options_.max_body_bytes) {
      getParser(peer)->reset();
      return Reject(peer, TooLarge());
    }
    // The client may be waiting for leave to send the body (Pistache never gives it).
    // Any Expect header counts: 0.0.5 compares the value with strcmp on an
    // unterminated buffer, so "100-continue" parses as an unknown expectation.
    auto expect = request.headers().tryGet<Http::Header::Expect>();
    if (expect && request.body().empty()) {
      static const std::string kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      peer->send(Pistache::RawBuffer(kContinue, kContinue.size()));
    }
  }

  void Dispatch(const Http::Request& in, Http::ResponseWriter response,
                const std::shared_ptr<Tcp::Peer>& peer) {
    const auto start = std::chrono::steady_clock::now();
    HttpRequest req;
    HttpResponse resp;
    if (auto bad = Convert(in, req)) {
      resp = std::move(*bad);
      api_.RecordTransport(resp.status);
    } else {
      resp = api_.Handle(req);
    }
    const bool close = WantsClose(in);
    response.headers().add<Http::Header::Connection>(close ? Http::ConnectionControl::Close
                                                           : Http::ConnectionControl::KeepAlive);
    if (options_.access_log) {
      // Route-level facts only: never the query string, body or key.
      const double ms =
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
              .count();
      std::fprintf(stderr, "%s %s %d %.2fms %s\n", req.method.c_str(), req.path.c_str(),
                   resp.status, ms, req.principal ? req.principal->key_id.c_str() : "-");
    }
    auto sent = resp.content_type.empty()
                    ? response.send(static_cast<Http::Code>(resp.status), resp.body)
                    : response.send(static_cast<Http::Code>(resp.status), resp.body,
                                    Pistache::Http::Mime::MediaType::fromString(resp.content_type));
    if (close) {
      const int fd = peer->fd();
      sent.then([fd](ssize_t) { ::shutdown(fd, SHUT_WR); },
                [fd](std::exception_ptr) { ::shutdown(fd, SHUT_WR); });
    }
  }

  Api& api_;
  ServerOptions options_;
};

}  // namespace

Result<ServerOptions> ParseListen(const std::string& listen, ServerOptions base) {
  auto colon = listen.rfind(':');
  if (colon == std::string::npos) {
    return fail(ErrorKind::kBadRequest, "bad_listen", "--listen must be HOST:PORT", "listen");
  }
  base.host = listen.substr(0, colon);
  const std::string port = listen.substr(colon + 1);
  unsigned value = 0;
  auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (ec != std::errc() || ptr != port.data() + port.size() || value > 65535) {
    return fail(ErrorKind::kBadRequest, "bad_listen", "--listen port must be 0..65535", "listen");
  }
  base.port = static_cast<uint16_t>(value);
  return base;
}

HttpServer::HttpServer(Api& api, ServerOptions options) : api_(api), options_(std::move(options)) {}

HttpServer::~HttpServer() {
  Shutdown();
}

Result<void> HttpServer::Start() {
  try {
    Pistache::Address addr(options_.host, Pistache::Port(options_.port));
    endpoint_ = std::make_unique<Http::Endpoint>(addr);
    auto opts = Http::Endpoint::options()
                    .threads(options_.threads)
                    .flags(Tcp::Options::ReuseAddr)
                    // Room for the largest accepted body plus headers; HeadersRead()
                    // rejects larger declared bodies before they are read.
                    .maxRequestSize(options_.max_body_bytes + kMaxHeaderBytes)
                    .keepaliveTimeout(std::chrono::seconds(options_.keepalive_seconds));
    endpoint_->init(opts);
    endpoint_->setHandler(Http::make_handler<ServerHandler>(api_, options_));
    endpoint_->serveThreaded();
  } catch (const std::exception& e) {
    endpoint_.reset();
    return fail(ErrorKind::kInternal, "listen_failed",
                "cannot listen on " + options_.host + ":" + std::to_string(options_.port) + ": " +
                    e.what());
  }
  return {};
}

void HttpServer::Shutdown() {
  if (endpoint_) {
    endpoint_->shutdown();
    endpoint_.reset();  // joins the reactor threads: no handler runs after this
  }
}

uint16_t HttpServer::port() const {
  return endpoint_ ? static_cast<uint16_t>(endpoint_->getPort()) : 0;
}

}  // namespace jobmatch
