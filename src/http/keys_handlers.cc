// Handlers for /v1/keys (admin only). A key is shown once, in the 201 answer;
// the list holds ids and owners, never a secret.
#include "http/api.h"
#include "http/params.h"

namespace jobmatch {

HttpResponse PostKey(App& app, HttpRequest& req) {
  if (Authorize(*req.principal, Action::kManageKeys) != Decision::kAllow) {
    return Forbidden("only an admin may create keys");
  }
  auto body = ParseJsonBody(req);
  if (!body) return ErrorResponse(body.error());
  auto key = app.CreateKey(*body);
  if (!key) return ErrorResponse(key.error());
  return JsonResponse(
      201, {{"id", key->id},
            {"key", key->key},
            {"role", RoleName(key->role)},
            {"owner", key->owner},
            {"region", key->region.empty() ? nlohmann::json() : nlohmann::json(key->region)}});
}

HttpResponse ListKeys(App& app, HttpRequest& req) {
  if (Authorize(*req.principal, Action::kManageKeys) != Decision::kAllow) {
    return Forbidden("only an admin may list keys");
  }
  auto paging = PagingParams(req);
  if (!paging) return ErrorResponse(paging.error());
  auto list = app.ListKeys(paging->per_page, (paging->page - 1) * paging->per_page);
  if (!list) return ErrorResponse(list.error());
  return JsonResponse(200, *list);
}

HttpResponse DeleteKey(App& app, HttpRequest& req) {
  if (Authorize(*req.principal, Action::kManageKeys) != Decision::kAllow) {
    return Forbidden("only an admin may revoke keys");
  }
  if (auto r = app.RevokeKey(req.params.at("id")); !r) return ErrorResponse(r.error());
  return {204, "", ""};
}

}  // namespace jobmatch
