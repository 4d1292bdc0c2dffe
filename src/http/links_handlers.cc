// Handlers for households' links: /v1/households/{id}/links (counsellors in
// scope) and /v1/p/{token} (the household, without signing in).
#include "http/api.h"

namespace jobmatch {

namespace {

HttpResponse NoIndex(HttpResponse r) {
  r.headers.emplace_back("X-Robots-Tag", "noindex");
  return r;
}

}  // namespace

HttpResponse PostLink(App& app, HttpRequest& req) {
  if (Authorize(*req.principal, Action::kWriteHousehold) != Decision::kAllow) {
    return Forbidden("only counsellors and admins may make links");
  }
  auto id = IdParam(req, "id");
  if (!id) return ErrorResponse(id.error());
  nlohmann::json body = nlohmann::json::object();
  if (!req.body.empty()) {
    auto parsed = ParseJsonBody(req);
    if (!parsed) return ErrorResponse(parsed.error());
    body = std::move(*parsed);
  }
  auto link = app.CreateLink(*id, body, *req.principal);
  if (!link) return ErrorResponse(link.error());
  return JsonResponse(201, *link);
}

HttpResponse ListLinks(App& app, HttpRequest& req) {
  if (Authorize(*req.principal, Action::kWriteHousehold) != Decision::kAllow) {
    return Forbidden("only counsellors and admins may read links");
  }
  auto id = IdParam(req, "id");
  if (!id) return ErrorResponse(id.error());
  auto links = app.ListLinks(*id, *req.principal);
  if (!links) return ErrorResponse(links.error());
  return JsonResponse(200, *links);
}

HttpResponse DeleteLink(App& app, HttpRequest& req) {
  if (Authorize(*req.principal, Action::kWriteHousehold) != Decision::kAllow) {
    return Forbidden("only counsellors and admins may revoke links");
  }
  auto id = IdParam(req, "id");
  auto link = IdParam(req, "link_id");
  if (!id) return ErrorResponse(id.error());
  if (!link) return ErrorResponse(link.error());
  if (auto r = app.RevokeLink(*id, *link, *req.principal); !r) return ErrorResponse(r.error());
  return {204, "", ""};
}

HttpResponse GetLinkPlan(App& app, HttpRequest& req) {
  auto plan = app.LinkPlan(req.params.at("token"));
  return NoIndex(plan ? JsonResponse(200, *plan) : ErrorResponse(plan.error()));
}

HttpResponse PostLinkAnswer(App& app, HttpRequest& req) {
  auto body = ParseJsonBody(req);
  if (!body) return NoIndex(ErrorResponse(body.error()));
  auto answer = app.AnswerThroughLink(req.params.at("token"), *body);
  return NoIndex(answer ? JsonResponse(200, *answer) : ErrorResponse(answer.error()));
}

}  // namespace jobmatch
