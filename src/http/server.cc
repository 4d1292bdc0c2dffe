#include "http/server.h"

#include <sys/resource.h>
#include <sys/socket.h>

#include <pistache/http.h>
#include <pistache/peer.h>
#include <cctype>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <map>

#include "core/utf8.h"
#include "http/framing.h"
#include "http/url.h"

namespace jobmatch {

namespace Http = Pistache::Http;
namespace Tcp = Pistache::Tcp;

namespace {

using SteadyClock = std::chrono::steady_clock;

constexpr char kConnectionKey[] = "jobmatch.connection";
constexpr std::size_t kReservedFds = 256;  // the store, the index, threads, logs

// What one connection has received and not yet answered. Touched only by the
// connection's reactor thread.
struct Connection {
  std::string buffer;               // bytes of requests not yet dispatched
  bool closing = false;             // rejected or asked to close: the rest is ignored
  bool continued = false;           // 100 Continue was sent for the request in `buffer`
  SteadyClock::time_point started;  // the first byte of the request in `buffer` arrived
  SteadyClock::time_point headers;  // its header section was complete (epoch: not yet)
};

std::string ReasonPhrase(int status) {
  return Http::codeString(static_cast<Http::Code>(status));
}

// Writes a complete response on the raw connection, then closes it: used when
// the request cannot be handed to the API (too large, unparseable).
void RejectAndClose(const std::shared_ptr<Tcp::Peer>& peer, int status, const HttpResponse& r) {
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
  if (in.cookies().has(kSessionCookie)) out.session_token = in.cookies().get(kSessionCookie).value;
  if (auto csrf = in.headers().tryGetRaw("X-CSRF-Token")) out.csrf_token = csrf->value();
  if (auto etag = in.headers().tryGetRaw("If-None-Match")) out.if_none_match = etag->value();
  // Accept is one of the headers Pistache parses: its media types, in order.
  if (auto accept = in.headers().tryGet<Http::Header::Accept>()) {
    for (const auto& m : accept->media())
      out.accept += (out.accept.empty() ? "" : ", ") + m.toString();
  }
  out.body = in.body();
  return std::nullopt;
}

// The client's address: the last entry of X-Forwarded-For (the one our proxy
// appended; earlier ones come from the client) when the proxy is trusted.
std::string ClientAddress(const Http::Request& in, const Tcp::Peer& peer, bool trust_proxy) {
  if (trust_proxy) {
    if (auto fwd = in.headers().tryGetRaw("X-Forwarded-For")) {
      std::string_view v = fwd->value();
      v = v.substr(v.rfind(',') == std::string_view::npos ? 0 : v.rfind(',') + 1);
      while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
      if (!v.empty()) return std::string(v);
    }
  }
  return peer.address().host();
}

// Where the client reached us, for links the service hands out.
std::string Origin(const Http::Request& in, const ServerOptions& o) {
  if (!o.public_url.empty()) return o.public_url;
  auto host = in.headers().tryGet<Http::Header::Host>();
  if (!host || host->host().empty()) return "";
  const std::string name = host->host();
  // Only a host name or address: the origin goes into texts sent to households.
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) &&
        std::string_view(".-:[]").find(c) == std::string_view::npos) {
      return "";
    }
  }
  const uint16_t port = host->port();
  const std::string scheme = o.secure_cookies ? "https" : "http";
  const bool usual = port == 0 || port == (o.secure_cookies ? 443 : 80);
  return scheme + "://" + name + (usual ? "" : ":" + std::to_string(port));
}

// Pistache 0.0.5 sends no header added raw (PITFALLS); a Header object with
// its own name is sent.
class NamedHeader : public Http::Header::Header {
 public:
  NamedHeader(std::string name, std::string value)
      : name_(std::move(name)), value_(std::move(value)) {}
  const char* name() const override { return name_.c_str(); }
  uint64_t hash() const override { return Http::Header::detail::hash(name_.c_str()); }
  void parse(const std::string& s) override { value_ = s; }
  void write(std::ostream& os) const override { os << value_; }

 private:
  std::string name_, value_;
};

// On every answer: nothing but our own origin may load into or script a page,
// no type sniffing, no referrer leaves, no framing.
const std::pair<const char*, const char*> kSecurityHeaders[] = {
    {"Content-Security-Policy",
     "default-src 'self'; base-uri 'none'; form-action 'self'; "
     "frame-ancestors 'none'"},
    {"X-Content-Type-Options", "nosniff"},
    {"Referrer-Policy", "no-referrer"},
    {"X-Frame-Options", "DENY"},
};

// The session cookie: HttpOnly (no script reads it), SameSite=Strict (no
// other site's request carries it), Secure behind TLS; "" clears it.
Http::Cookie SessionCookie(const std::string& value, bool secure) {
  Http::Cookie c(kSessionCookie, value);
  c.path = "/";
  c.httpOnly = true;
  c.secure = secure;
  c.ext = {{"SameSite", "Strict"}};
  if (value.empty()) c.maxAge = 0;
  return c;
}

HttpResponse FramingError(const Frame& f) {
  static const std::map<int, const char*> kCodes = {
      {400, "bad_request"},       {413, "payload_too_large"}, {414, "uri_too_long"},
      {431, "headers_too_large"}, {501, "not_implemented"},   {505, "http_version_not_supported"}};
  auto it = kCodes.find(f.status);
  return ErrorResponse(static_cast<ErrorKind>(f.status),
                       it == kCodes.end() ? "bad_request" : it->second, f.message,
                       f.status == 413 ? "body" : "");
}

class ServerHandler : public Http::Handler {
 public:
  HTTP_PROTOTYPE(ServerHandler)

  ServerHandler(Api& api, const ServerOptions& options,
                std::shared_ptr<ConnectionTable> connections)
      : api_(api), options_(options), connections_(std::move(connections)) {
    limits_.max_body_bytes = options_.max_body_bytes;
  }

  void onRequest(const Http::Request&, Http::ResponseWriter) override {
    // Unused: onInput below frames and dispatches requests itself.
  }

  void onConnection(const std::shared_ptr<Tcp::Peer>& peer) override {
    // What Http::Handler::onConnection (private) does: the peer's parser.
    peer->putData(ParserData, std::make_shared<Http::RequestParser>(getMaxRequestSize()));
    auto conn = std::make_shared<Connection>();
    conn->started = SteadyClock::now();
    peer->putData(kConnectionKey, conn);
    if (!connections_->Admit(peer.get(), peer->fd(), conn->started + HeaderTimeout())) {
      Reject(peer, *conn,
             ErrorResponse(ErrorKind::kUnavailable, "too_many_connections",
                           "the server has too many open connections; retry shortly"));
    }
  }

  void onDisconnection(const std::shared_ptr<Tcp::Peer>& peer) override {
    connections_->Remove(peer.get());  // before Pistache closes the socket
  }

 private:
  std::chrono::seconds HeaderTimeout() const {
    return std::chrono::seconds(options_.header_timeout_seconds);
  }

  // Replaces Http::Handler::onInput: frames requests on the raw bytes
  // (framing.h), then hands Pistache's parser one whole request at a time, so
  // that pipelined requests are all answered, in order.
  void onInput(const char* buffer, size_t len, const std::shared_ptr<Tcp::Peer>& peer) override {
    auto data = peer->tryGetData(kConnectionKey);
    if (!data) return;
    Connection& conn = *std::static_pointer_cast<Connection>(data);
    if (conn.closing) return;  // rejected: discard the rest
    const auto now = SteadyClock::now();
    if (conn.buffer.empty()) conn.started = now;
    conn.buffer.append(buffer, len);
    try {
      while (!conn.closing) {
        const Frame f = NextRequest(conn.buffer, limits_);
        if (f.state == Frame::State::kBad) return Reject(peer, conn, FramingError(f));
        if (f.state == Frame::State::kIncomplete) return Waiting(peer, conn, f, now);
        auto parser = getParser(peer);
        parser->reset();
        if (!parser->feed(conn.buffer.data() + f.start, f.size - f.start) ||
            parser->parse() != Http::Private::State::Done) {
          return Reject(peer, conn,
                        ErrorResponse(ErrorKind::kBadRequest, "bad_request",
                                      "the request could not be parsed as HTTP/1.1"));
        }
        Http::ResponseWriter response(parser->request.version(), transport(), this, peer);
        conn.closing = Dispatch(parser->request, std::move(response), peer);
        parser->reset();
        conn.buffer.erase(0, f.size);
        conn.continued = false;
        conn.started = now;
        conn.headers = {};
      }
    } catch (...) {  // Http::HttpError included: never e.what()
      Reject(peer, conn,
             ErrorResponse(ErrorKind::kBadRequest, "bad_request",
                           "the request could not be parsed as HTTP/1.1"));
    }
  }

  // The buffer holds part of a request (or nothing): answer Expect, and set
  // when the connection must have made progress by.
  void Waiting(const std::shared_ptr<Tcp::Peer>& peer, Connection& conn, const Frame& f,
               SteadyClock::time_point now) {
    SteadyClock::time_point deadline;
    if (conn.buffer.empty()) {
      deadline = now + std::chrono::seconds(options_.keepalive_seconds);
    } else if (!f.headers_complete) {
      deadline = conn.started + HeaderTimeout();
    } else {
      if (conn.headers == SteadyClock::time_point{}) conn.headers = now;
      // The client may be waiting for leave to send the body (Pistache never gives it).
      if (f.expect_continue && !conn.continued) {
        static const std::string kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
        peer->send(Pistache::RawBuffer(kContinue, kContinue.size()));
        conn.continued = true;
      }
      const auto rate = std::max<std::size_t>(1, options_.min_body_bytes_per_second);
      deadline = conn.headers + HeaderTimeout() + std::chrono::seconds(f.body_bytes / rate);
    }
    connections_->SetDeadline(peer.get(), deadline);
  }

  void Reject(const std::shared_ptr<Tcp::Peer>& peer, Connection& conn, const HttpResponse& r) {
    conn.closing = true;
    conn.buffer.clear();
    api_.RecordTransport(r.status);
    RejectAndClose(peer, r.status, r);
  }

  // Answers one request; true when the connection is to close after it.
  bool Dispatch(const Http::Request& in, Http::ResponseWriter response,
                const std::shared_ptr<Tcp::Peer>& peer) {
    const auto start = SteadyClock::now();
    HttpRequest req;
    HttpResponse resp;
    if (auto bad = Convert(in, req)) {
      resp = std::move(*bad);
      api_.RecordTransport(resp.status);
    } else {
      req.client = ClientAddress(in, *peer, options_.trust_proxy);
      req.origin = Origin(in, options_);
      resp = api_.Handle(req);
    }
    if (resp.session_cookie) {
      response.cookies().add(SessionCookie(*resp.session_cookie, options_.secure_cookies));
    }
    if (resp.retry_after_seconds > 0) {
      resp.headers.emplace_back("Retry-After", std::to_string(resp.retry_after_seconds));
    }
    for (const auto& [name, value] : kSecurityHeaders) resp.headers.emplace_back(name, value);
    for (auto& [name, value] : resp.headers) {
      response.headers().add(std::make_shared<NamedHeader>(name, value));
    }
    const bool close = WantsClose(in);
    response.headers().add<Http::Header::Connection>(close ? Http::ConnectionControl::Close
                                                           : Http::ConnectionControl::KeepAlive);
    if (options_.access_log) {
      // Route-level facts only: never the query string, body or key.
      const double ms =
          std::chrono::duration<double, std::milli>(SteadyClock::now() - start).count();
      std::fprintf(stderr, "%s %s %d %.2fms %s\n", req.method.c_str(), req.path.c_str(),
                   resp.status, ms, req.principal ? req.principal->actor.c_str() : "-");
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
    return close;
  }

  Api& api_;
  ServerOptions options_;
  FramingLimits limits_;
  std::shared_ptr<ConnectionTable> connections_;
};

// Raises the soft limit on open files to the hard limit; returns the soft
// limit in force.
rlim_t RaiseFileLimit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return 1024;
  const rlim_t before = limit.rlim_cur;
  limit.rlim_cur = limit.rlim_max;
  if (setrlimit(RLIMIT_NOFILE, &limit) != 0) limit.rlim_cur = before;
  std::fprintf(stderr, "open files: soft limit %llu (was %llu), hard limit %llu\n",
               static_cast<unsigned long long>(limit.rlim_cur),
               static_cast<unsigned long long>(before),
               static_cast<unsigned long long>(limit.rlim_max));
  return limit.rlim_cur;
}

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
  // Open sockets stay below the file limit, so that accept() never fails
  // with EMFILE (Pistache's listener would spin on it).
  const rlim_t files = RaiseFileLimit();
  const std::size_t cap = std::min<std::size_t>(
      options_.max_connections, files > 2 * kReservedFds ? files - kReservedFds : files / 2);
  std::fprintf(stderr, "connections: at most %zu open, %d s to send a request's headers\n", cap,
               options_.header_timeout_seconds);
  connections_ = std::make_shared<ConnectionTable>(cap);
  try {
    Pistache::Address addr(options_.host, Pistache::Port(options_.port));
    endpoint_ = std::make_unique<Http::Endpoint>(addr);
    auto opts = Http::Endpoint::options()
                    .threads(options_.threads)
                    .flags(Tcp::Options::ReuseAddr)
                    // The parser gets one framed request at a time (framing.h), never
                    // more than the largest body plus its headers and chunk lines.
                    .maxRequestSize(2 * options_.max_body_bytes + FramingLimits{}.max_header_bytes)
                    // The connection table keeps every deadline: Pistache's own timeouts
                    // close sockets without telling the handler, so they are put out of reach.
                    .headerTimeout(std::chrono::hours(24))
                    .bodyTimeout(std::chrono::hours(24))
                    .keepaliveTimeout(std::chrono::hours(24));
    endpoint_->init(opts);
    endpoint_->setHandler(Http::make_handler<ServerHandler>(api_, options_, connections_));
    endpoint_->serveThreaded();
    connections_->StartWatchdog(std::chrono::milliseconds(250));
  } catch (const std::exception& e) {
    endpoint_.reset();
    return fail(ErrorKind::kInternal, "listen_failed",
                "cannot listen on " + options_.host + ":" + std::to_string(options_.port) + ": " +
                    e.what());
  }
  return {};
}

void HttpServer::Shutdown() {
  if (connections_) connections_->StopWatchdog();
  if (endpoint_) {
    endpoint_->shutdown();
    endpoint_.reset();  // joins the reactor threads: no handler runs after this
  }
}

uint16_t HttpServer::port() const {
  return endpoint_ ? static_cast<uint16_t>(endpoint_->getPort()) : 0;
}

}  // namespace jobmatch
