#include "http/exchange.h"

#include <charconv>

#include "core/json_reader.h"

namespace jobmatch {

HttpResponse JsonResponse(int status, const nlohmann::json& body) {
  // Replace rather than throw should a stored string ever be ill-formed.
  return {status, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
          "application/json; charset=utf-8"};
}

HttpResponse ErrorResponse(const Error& e) {
  nlohmann::json err = {{"code", e.code}, {"message", e.message}, {"field", e.field}};
  if (!e.errors.empty()) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& fe : e.errors) list.push_back({{"field", fe.field}, {"message", fe.message}});
    err["errors"] = std::move(list);
  }
  if (!e.candidates.empty()) err["candidates"] = e.candidates;
  if (!e.shard.empty()) err["shard"] = e.shard;
  HttpResponse r = JsonResponse(e.http_status(), {{"error", std::move(err)}});
  r.retry_after_seconds = e.retry_after_seconds;
  return r;
}

HttpResponse ErrorResponse(ErrorKind kind, std::string code, std::string message,
                           std::string field) {
  return ErrorResponse(Error{kind, std::move(code), std::move(message), std::move(field), {}, {}});
}

HttpResponse Forbidden(std::string message) {
  return ErrorResponse(ErrorKind::kForbidden, "forbidden", std::move(message));
}

std::string_view MediaType(std::string_view type) {
  type = type.substr(0, type.find(';'));
  while (!type.empty() && type.back() == ' ') type.remove_suffix(1);
  return type;
}

Result<nlohmann::json> ParseJsonBody(const HttpRequest& req) {
  if (MediaType(req.content_type) != "application/json") {
    return fail(ErrorKind::kUnsupportedMediaType, "unsupported_media_type",
                "the body must be sent as Content-Type: application/json", "Content-Type");
  }
  return ParseUntrustedJson(req.body);
}

Result<int64_t> IdParam(const HttpRequest& req, const std::string& name) {
  const std::string& s = req.params.at(name);
  int64_t id = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), id);
  if (ec != std::errc() || ptr != s.data() + s.size() || id <= 0) {
    return fail(ErrorKind::kNotFound, "not_found", "no resource with that id", name);
  }
  return id;
}

}  // namespace jobmatch
