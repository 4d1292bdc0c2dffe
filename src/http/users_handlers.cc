// Handlers for /v1/session (signing in and out, one's own password) and
// /v1/users (people's accounts, admin only). The session id travels only in
// the HttpOnly cookie; the CSRF token in the body and the X-CSRF-Token header.
#include "http/api.h"
#include "http/params.h"

namespace jobmatch {

namespace {

HttpResponse NoSession() {
  return ErrorResponse(ErrorKind::kUnauthorized, "no_session",
                       "this request is signed in with an API key, not a session", "Authorization");
}

}  // namespace

HttpResponse PostSession(App& app, HttpRequest& req) {
  auto body = ParseJsonBody(req);
  if (!body) return ErrorResponse(body.error());
  auto signed_in = app.accounts().SignIn(*body, req.client);
  if (!signed_in) return ErrorResponse(signed_in.error());
  HttpResponse r = JsonResponse(200, signed_in->view);
  r.session_cookie = std::move(signed_in->token);
  return r;
}

HttpResponse GetSession(App&, HttpRequest& req) {
  if (req.session.is_null()) return NoSession();
  return JsonResponse(200, req.session);
}

HttpResponse DeleteSession(App& app, HttpRequest& req) {
  if (req.session.is_null()) return NoSession();
  if (auto r = app.accounts().SignOut(req.session_token, *req.principal, req.client); !r) {
    return ErrorResponse(r.error());
  }
  HttpResponse r{204, "", ""};
  r.session_cookie = "";
  return r;
}

HttpResponse PostPassword(App& app, HttpRequest& req) {
  if (Authorize(*req.principal, Action::kChangeOwnPassword) != Decision::kAllow) {
    return NoSession();
  }
  auto body = ParseJsonBody(req);
  if (!body) return ErrorResponse(body.error());
  if (auto r = app.accounts().ChangePassword(*req.principal, *body, req.client); !r) {
    return ErrorResponse(r.error());
  }
  HttpResponse r{204, "", ""};
  r.session_cookie = "";  // every session has ended, this one too
  return r;
}

HttpResponse ListUsers(App& app, HttpRequest& req) {
  if (Authorize(*req.principal, Action::kManageUsers) != Decision::kAllow) {
    return Forbidden("only an admin may list accounts");
  }
  auto paging = PagingParams(req);
  if (!paging) return ErrorResponse(paging.error());
  auto list = app.accounts().ListUsers(paging->per_page, (paging->page - 1) * paging->per_page);
  if (!list) return ErrorResponse(list.error());
  return JsonResponse(200, *list);
}

HttpResponse PostUser(App& app, HttpRequest& req) {
  if (Authorize(*req.principal, Action::kManageUsers) != Decision::kAllow) {
    return Forbidden("only an admin may create accounts");
  }
  auto body = ParseJsonBody(req);
  if (!body) return ErrorResponse(body.error());
  auto user = app.accounts().CreateUser(*body, *req.principal);
  if (!user) return ErrorResponse(user.error());
  return JsonResponse(201, *user);
}

HttpResponse GetUser(App& app, HttpRequest& req) {
  auto id = IdParam(req, "id");
  const std::string owner = id ? std::to_string(*id) : "";
  if (Authorize(*req.principal, Action::kReadUser, owner) != Decision::kAllow) {
    return Forbidden("only an admin may read other accounts");
  }
  if (!id) return ErrorResponse(id.error());
  auto user = app.accounts().GetUser(*id);
  if (!user) return ErrorResponse(user.error());
  return JsonResponse(200, *user);
}

HttpResponse PatchUser(App& app, HttpRequest& req) {
  if (Authorize(*req.principal, Action::kManageUsers) != Decision::kAllow) {
    return Forbidden("only an admin may change accounts");
  }
  auto id = IdParam(req, "id");
  if (!id) return ErrorResponse(id.error());
  auto body = ParseJsonBody(req);
  if (!body) return ErrorResponse(body.error());
  auto user = app.accounts().PatchUser(*id, *body, *req.principal);
  if (!user) return ErrorResponse(user.error());
  return JsonResponse(200, *user);
}

}  // namespace jobmatch
