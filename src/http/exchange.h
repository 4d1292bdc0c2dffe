// The HTTP exchange as the handlers see it, independent of Pistache: a decoded
// request in, a response out. Helpers build JSON bodies and the error shape
// {"error": {"code", "message", "field"}}. Plain values.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

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
  std::string body;
  std::optional<Principal> principal;  // set by the router for routes that need a key
};

struct HttpResponse {
  int status = 200;
  std::string body;
  std::string content_type = "application/json; charset=utf-8";
};

HttpResponse JsonResponse(int status, const nlohmann::json& body);
HttpResponse ErrorResponse(const Error& e);
HttpResponse ErrorResponse(ErrorKind kind, std::string code, std::string message,
                           std::string field = {});

HttpResponse Forbidden(std::string message);

// Parses a JSON request body: 415 unless the content type is JSON, 400 for
// malformed JSON, bad UTF-8 or numbers out of range.
Result<nlohmann::json> ParseJsonBody(const HttpRequest& req);

// A positive integer path parameter, or 404 (an id that cannot exist).
Result<int64_t> IdParam(const HttpRequest& req, const std::string& name);

}  // namespace jobmatch
