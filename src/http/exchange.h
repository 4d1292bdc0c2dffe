// The HTTP exchange as the handlers see it, independent of Pistache: a decoded
// request in, a response out. Helpers build JSON bodies and the error shape
// {"error": {"code", "message", "field"}}. Plain values.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/error.h"
#include "core/policy.h"

namespace jobmatch {

struct HttpRequest {
  std::string method;                         // GET, POST, …
  std::string path;                           // without the query string
  std::map<std::string, std::string> query;   // percent-decoded, valid UTF-8
  std::map<std::string, std::string> params;  // path parameters, from the route
  std::string content_type;
  std::string authorization;  // the raw header; never logged
  std::string session_token;  // the jm_session cookie; never logged
  std::string csrf_token;     // the X-CSRF-Token header
  std::string client;         // the client's address (the proxy's X-Forwarded-For if trusted)
  std::string if_none_match;  // the If-None-Match header (the console's files)
  std::string accept;         // the Accept header's media types (JSON-LD openings)
  // scheme://host the service is reached at: --public-url, else the Host
  // header (https behind a TLS proxy); "" when neither is known.
  std::string origin;
  std::string body;
  std::optional<Principal> principal;  // set by the API for routes that need a caller
  nlohmann::json session;              // the session's view when signed in by cookie
};

inline constexpr char kSessionCookie[] = "jm_session";

struct HttpResponse {
  HttpResponse() = default;
  HttpResponse(int status, std::string body, std::string content_type)
      : status(status), body(std::move(body)), content_type(std::move(content_type)) {}

  int status = 200;
  std::string body;
  std::string content_type = "application/json; charset=utf-8";
  // Sets the session cookie to this value; "" clears it.
  std::optional<std::string> session_cookie;
  int retry_after_seconds = 0;                               // a Retry-After header when positive
  std::vector<std::pair<std::string, std::string>> headers;  // more headers: ETag, …
};

HttpResponse JsonResponse(int status, const nlohmann::json& body);
HttpResponse ErrorResponse(const Error& e);
HttpResponse ErrorResponse(ErrorKind kind, std::string code, std::string message,
                           std::string field = {});

HttpResponse Forbidden(std::string message);

// Parses a JSON request body: 415 unless the content type is JSON, 400 for
// malformed JSON, bad UTF-8 or numbers out of range.
// A Content-Type without its parameters: "application/json; charset=utf-8"
// is "application/json".
std::string_view MediaType(std::string_view content_type);
Result<nlohmann::json> ParseJsonBody(const HttpRequest& req);

// A positive integer path parameter, or 404 (an id that cannot exist).
Result<int64_t> IdParam(const HttpRequest& req, const std::string& name);

}  // namespace jobmatch
