#include "http/api.h"

#include <chrono>
#include <cstdio>

#include "core/secrets.h"

namespace jobmatch {

namespace {
constexpr char kBearer[] = "Bearer ";
}  // namespace

// The console's pages: each answers the same page, whose script draws what
// the path names (and sends a visitor without a session to /login).
constexpr const char* kConsolePages[] = {
    "/",         "/login",   "/households", "/households/:id", "/households/:id/print",
    "/openings", "/batches", "/admin"};

Api::Api(App& app, std::string web_dir) : app_(app), assets_(std::move(web_dir)) {
  AddPublicRoutes();
  AddApiRoutes();
}

void Api::AddPublicRoutes() {
  Router& r = router_;
  r.Add("GET", "/healthz", Access::kPublic, [](HttpRequest&) {
    return JsonResponse(200, {{"status", "ok"}});
  });
  r.Add("GET", "/readyz", Access::kPublic, [this](HttpRequest&) {
    nlohmann::json checks = app_.Readiness();
    nlohmann::json failing = nlohmann::json::array();
    for (const auto& [name, check] : checks.items()) {
      if (!check.at("ok").get<bool>()) failing.push_back(name);
    }
    const bool ready = failing.empty();
    return JsonResponse(ready ? 200 : 503, {{"status", ready ? "ready" : "not_ready"},
                                            {"failing", std::move(failing)},
                                            {"checks", std::move(checks)}});
  });
  r.Add("GET", "/metrics", Access::kPublic, [this](HttpRequest&) { return MetricsText(); });
  for (const char* page : kConsolePages) {
    r.Add("GET", page, Access::kPublic, [this](HttpRequest& req) { return ServeAsset(req, "/"); });
  }
  for (const std::string& path : assets_.Paths()) {
    if (path == "/" || path == "/household.html") continue;
    r.Add("GET", path, Access::kPublic,
          [this, path](HttpRequest& req) { return ServeAsset(req, path); });
  }
  // The household's page: the same answer for an unknown, expired or revoked
  // link (404), the page itself otherwise; its script reads /v1/p/{token}.
  r.Add("GET", "/p/:token", Access::kPublic, [this](HttpRequest& req) {
    HttpResponse page = ServeAsset(req, "/household.html");
    if (auto live = app_.CheckLink(req.params.at("token")); !live) {
      if (live.error().kind == ErrorKind::kTooManyRequests) return ErrorResponse(live.error());
      page.status = 404;
    }
    page.headers.emplace_back("X-Robots-Tag", "noindex");
    return page;
  });
}

void Api::AddApiRoutes() {
  auto bind = [this](HttpResponse (*fn)(App&, HttpRequest&)) {
    return [this, fn](HttpRequest& req) { return fn(app_, req); };
  };
  Router& r = router_;
  r.Add("POST", "/v1/session", Access::kPublic, bind(PostSession));
  r.Add("GET", "/v1/session", Access::kSignedIn, bind(GetSession));
  r.Add("DELETE", "/v1/session", Access::kSignedIn, bind(DeleteSession));
  r.Add("POST", "/v1/session/password", Access::kSignedIn, bind(PostPassword));
  r.Add("GET", "/v1/users", Access::kSignedIn, bind(ListUsers));
  r.Add("POST", "/v1/users", Access::kSignedIn, bind(PostUser));
  r.Add("GET", "/v1/users/:id", Access::kSignedIn, bind(GetUser));
  r.Add("PATCH", "/v1/users/:id", Access::kSignedIn, bind(PatchUser));
  r.Add("GET", "/v1/keys", Access::kSignedIn, bind(ListKeys));
  r.Add("POST", "/v1/keys", Access::kSignedIn, bind(PostKey));
  r.Add("DELETE", "/v1/keys/:id", Access::kSignedIn, bind(DeleteKey));
  r.Add("GET", "/v1/openings", Access::kSignedIn, bind(SearchOpenings));
  r.Add("POST", "/v1/openings", Access::kSignedIn, bind(PostOpening));
  // Before /v1/openings/:id only for readability: Match() prefers the route
  // whose method matches, so GET /v1/openings/bulk still reaches :id (a 404).
  r.Add("POST", "/v1/openings/bulk", Access::kSignedIn, bind(PostOpeningsBulk));
  r.Add("GET", "/v1/openings/feed", Access::kSignedIn, bind(GetOpeningFeed));  // before :id
  r.Add("GET", "/v1/openings/:id", Access::kSignedIn, bind(GetOpening));
  r.Add("DELETE", "/v1/openings/:id", Access::kSignedIn, bind(DeleteOpening));
  r.Add("POST", "/v1/openings/:id/compliance_flags/clear", Access::kSignedIn,
        bind(ClearComplianceFlag));
  r.Add("POST", "/v1/openings/:id/renew", Access::kSignedIn, bind(RenewOpening));
  r.Add("GET", "/v1/boards/me/stats", Access::kSignedIn, bind(GetBoardStats));
  r.Add("GET", "/v1/households", Access::kSignedIn, bind(ListHouseholds));
  r.Add("POST", "/v1/households", Access::kSignedIn, bind(PostHousehold));
  r.Add("POST", "/v1/households/import", Access::kSignedIn, bind(PostHouseholdImport));
  r.Add("GET", "/v1/households/import/template.xlsx", Access::kSignedIn, bind(GetImportTemplate));
  r.Add("GET", "/v1/households/:id", Access::kSignedIn, bind(GetHousehold));
  r.Add("PUT", "/v1/households/:id", Access::kSignedIn, bind(PutHousehold));
  r.Add("POST", "/v1/households/:id/exit", Access::kSignedIn, bind(ExitHousehold));
  r.Add("GET", "/v1/households/:id/plan", Access::kSignedIn, bind(GetPlan));
  r.Add("GET", "/v1/members/:id/matches", Access::kSignedIn, bind(GetMatches));
  r.Add("GET", "/v1/members/:id/timeline", Access::kSignedIn, bind(GetTimeline));
  r.Add("GET", "/v1/audit", Access::kSignedIn, bind(GetAudit));
  r.Add("GET", "/v1/batches", Access::kSignedIn, bind(ListBatches));
  r.Add("POST", "/v1/batches", Access::kSignedIn, bind(PostBatch));
  r.Add("GET", "/v1/batches/:id", Access::kSignedIn, bind(GetBatch));
  r.Add("GET", "/v1/batches/:id/plans.csv", Access::kSignedIn, bind(GetPlansCsv));
  r.Add("GET", "/v1/batches/:id/plans.xlsx", Access::kSignedIn, bind(GetPlansXlsx));
  r.Add("POST", "/v1/recommendations/:id/outcome", Access::kSignedIn, bind(PostOutcome));
  r.Add("GET", "/v1/stats", Access::kSignedIn, bind(GetStats));
  r.Add("GET", "/v1/follow-ups", Access::kSignedIn, bind(GetFollowUps));
  r.Add("GET", "/v1/regions", Access::kSignedIn, bind(ListRegions));
  r.Add("POST", "/v1/households/:id/links", Access::kSignedIn, bind(PostLink));
  r.Add("GET", "/v1/households/:id/links", Access::kSignedIn, bind(ListLinks));
  r.Add("DELETE", "/v1/households/:id/links/:link_id", Access::kSignedIn, bind(DeleteLink));
  r.Add("GET", "/v1/p/:token", Access::kPublic, bind(GetLinkPlan));
  r.Add("POST", "/v1/p/:token/responses", Access::kPublic, bind(PostLinkAnswer));
  r.Add("GET", "/v1/courses", Access::kSignedIn, bind(SearchCourses));
  r.Add("POST", "/v1/courses", Access::kSignedIn, bind(PostCourse));
  r.Add("GET", "/v1/courses/:id", Access::kSignedIn, bind(GetCourse));
  r.Add("PUT", "/v1/courses/:id", Access::kSignedIn, bind(PutCourse));
  r.Add("DELETE", "/v1/courses/:id", Access::kSignedIn, bind(DeleteCourse));
  r.Add("GET", "/v1/aid-products", Access::kSignedIn, bind(SearchAidProducts));
  r.Add("POST", "/v1/aid-products", Access::kSignedIn, bind(PostAidProduct));
  r.Add("GET", "/v1/aid-products/:id", Access::kSignedIn, bind(GetAidProduct));
  r.Add("PUT", "/v1/aid-products/:id", Access::kSignedIn, bind(PutAidProduct));
  r.Add("DELETE", "/v1/aid-products/:id", Access::kSignedIn, bind(DeleteAidProduct));
}

HttpResponse Api::Handle(HttpRequest& req) {
  const auto start = std::chrono::steady_clock::now();
  std::string route_name = "(unmatched)";
  HttpResponse resp;
  try {
    resp = Route(req, route_name);
  } catch (const std::exception& e) {
    // Never leak e.what() to the client (Pistache would); log it instead.
    std::fprintf(stderr, "handler error on %s %s: %s\n", req.method.c_str(), route_name.c_str(),
                 e.what());
    resp = ErrorResponse(ErrorKind::kInternal, "internal", "internal error");
  } catch (...) {  // Xapian's errors are not std::exceptions
    std::fprintf(stderr, "handler error on %s %s\n", req.method.c_str(), route_name.c_str());
    resp = ErrorResponse(ErrorKind::kInternal, "internal", "internal error");
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  metrics_.Record(route_name, req.method, resp.status, seconds);
  return resp;
}

HttpResponse Api::Route(HttpRequest& req, std::string& route_name) {
  RouteMatch m = router_.Match(req);
  if (m.route == nullptr) {
    if (m.method_not_allowed) {
      return ErrorResponse(ErrorKind::kMethodNotAllowed, "method_not_allowed",
                           req.method + " is not allowed here; allowed: " + m.allowed);
    }
    return ErrorResponse(ErrorKind::kNotFound, "not_found", "no such route");
  }
  route_name = m.route->pattern;
  if (m.route->access == Access::kSignedIn) {
    if (auto refused = Authenticate(req)) return std::move(*refused);
  }
  return m.route->handler(req);
}

std::optional<HttpResponse> Api::Authenticate(HttpRequest& req) {
  // A key wins over a cookie: a cross-site page cannot send the header.
  if (!req.authorization.empty()) {
    std::string_view header = req.authorization;
    if (header.substr(0, sizeof kBearer - 1) != kBearer) {
      return ErrorResponse(ErrorKind::kUnauthorized, "unauthorized",
                           "send an API key as Authorization: Bearer <key>", "Authorization");
    }
    auto principal = app_.Authenticate(header.substr(sizeof kBearer - 1));
    if (!principal) return ErrorResponse(principal.error());
    if (!*principal) {
      return ErrorResponse(ErrorKind::kUnauthorized, "unauthorized",
                           "the API key is not valid or has been revoked", "Authorization");
    }
    req.principal = **principal;
    return std::nullopt;
  }
  if (req.session_token.empty()) {
    return ErrorResponse(ErrorKind::kUnauthorized, "unauthorized",
                         "sign in (POST /v1/session), or send an API key as Authorization: "
                         "Bearer <key>",
                         "Authorization");
  }
  auto caller = app_.accounts().FromSession(req.session_token);
  if (!caller) return ErrorResponse(caller.error());
  if (!*caller) {
    HttpResponse r = ErrorResponse(ErrorKind::kUnauthorized, "session_ended",
                                   "the session has ended: sign in again", kSessionCookie);
    r.session_cookie = "";
    return r;
  }
  // A cookie comes with every request the browser makes, also those another
  // site makes it send: a write must prove it comes from our own page.
  const bool safe = req.method == "GET" || req.method == "HEAD" || req.method == "OPTIONS";
  if (!safe && !SecretEquals(req.csrf_token, (*caller)->csrf_token)) {
    return ErrorResponse(ErrorKind::kForbidden, "csrf",
                         "a signed-in write must carry the session's X-CSRF-Token header",
                         "X-CSRF-Token");
  }
  req.principal = std::move((*caller)->principal);
  req.session = std::move((*caller)->view);
  return std::nullopt;
}

HttpResponse Api::ServeAsset(const HttpRequest& req, std::string_view path) const {
  auto a = assets_.Get(path);
  if (!a) return ErrorResponse(ErrorKind::kNotFound, "not_found", "no such file");
  // Revalidated each time (the names carry no version); unchanged: 304.
  HttpResponse r = req.if_none_match == a->etag
                       ? HttpResponse(304, "", "")
                       : HttpResponse(200, std::move(a->body), std::move(a->content_type));
  r.headers = {{"ETag", a->etag}, {"Cache-Control", "no-cache"}};
  return r;
}

HttpResponse Api::MetricsText() {
  std::string out = metrics_.Render();
  const int64_t applied = app_.IndexLastApplied();
  const int64_t last = app_.StoreLastChange().value_or(applied);
  out +=
      "# HELP jobmatch_index_documents Documents in the search index.\n"
      "# TYPE jobmatch_index_documents gauge\n"
      "jobmatch_index_documents " +
      std::to_string(app_.IndexDocuments()) +
      "\n"
      "# HELP jobmatch_index_last_applied_change Last change-log sequence applied to the index.\n"
      "# TYPE jobmatch_index_last_applied_change gauge\n"
      "jobmatch_index_last_applied_change " +
      std::to_string(applied) +
      "\n"
      "# HELP jobmatch_store_last_change Last change-log sequence committed to the store.\n"
      "# TYPE jobmatch_store_last_change gauge\n"
      "jobmatch_store_last_change " +
      std::to_string(last) +
      "\n"
      "# HELP jobmatch_index_lag_changes Changes committed to the store but not yet searchable.\n"
      "# TYPE jobmatch_index_lag_changes gauge\n"
      "jobmatch_index_lag_changes " +
      std::to_string(last - applied) +
      "\n"
      "# HELP jobmatch_index_failures_total Index batches that failed and were retried.\n"
      "# TYPE jobmatch_index_failures_total counter\n"
      "jobmatch_index_failures_total " +
      std::to_string(app_.IndexFailures()) + "\n";
  return {200, std::move(out), "text/plain; version=0.0.4; charset=utf-8"};
}

}  // namespace jobmatch
