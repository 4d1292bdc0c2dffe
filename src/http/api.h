// The REST API without the transport: registers every route in one place
// (api.cc), authenticates keys and sessions, turns every failure into the JSON error shape
// and records metrics. The Pistache server (server.h) feeds it decoded
// requests; tests may call Handle() directly. Thread-safe after construction.
#pragma once

#include "http/assets.h"
#include "http/metrics.h"
#include "http/router.h"
#include "service/app.h"

namespace jobmatch {

class Api {
 public:
  // `web_dir`: serve the console's own files from there instead of the
  // embedded copy (working on the console).
  explicit Api(App& app, std::string web_dir = "");

  // Routes, authenticates, runs the handler; never throws.
  HttpResponse Handle(HttpRequest& req);

  // Records a response the transport produced itself (413 on an oversized
  // body, 400 on an unparseable request).
  void RecordTransport(int status) { metrics_.Record("(transport)", "-", status, 0); }

  const Router& router() const { return router_; }

 private:
  void AddPublicRoutes();  // health, metrics, the console and the household's page
  void AddApiRoutes();     // /v1, for keys and sessions
  HttpResponse Route(HttpRequest& req, std::string& route_name);
  // Sets req.principal from an API key or a session cookie (checking the
  // CSRF token of a signed-in write); the refusal otherwise.
  std::optional<HttpResponse> Authenticate(HttpRequest& req);
  HttpResponse MetricsText();
  // An asset of the console, or 304 when the client holds this version.
  HttpResponse ServeAsset(const HttpRequest& req, std::string_view path) const;

  App& app_;
  WebAssets assets_;
  Router router_;
  Metrics metrics_;
};

// Handlers, one file per resource; `req.principal` is set for signed-in routes.
HttpResponse PostSession(App& app, HttpRequest& req);
HttpResponse GetSession(App& app, HttpRequest& req);
HttpResponse DeleteSession(App& app, HttpRequest& req);
HttpResponse PostPassword(App& app, HttpRequest& req);
HttpResponse ListUsers(App& app, HttpRequest& req);
HttpResponse PostUser(App& app, HttpRequest& req);
HttpResponse GetUser(App& app, HttpRequest& req);
HttpResponse PatchUser(App& app, HttpRequest& req);
HttpResponse PostOpening(App& app, HttpRequest& req);
HttpResponse PostOpeningsBulk(App& app, HttpRequest& req);
HttpResponse GetOpening(App& app, HttpRequest& req);
HttpResponse DeleteOpening(App& app, HttpRequest& req);
HttpResponse ClearComplianceFlag(App& app, HttpRequest& req);
HttpResponse RenewOpening(App& app, HttpRequest& req);
HttpResponse GetOpeningFeed(App& app, HttpRequest& req);
HttpResponse GetBoardStats(App& app, HttpRequest& req);
HttpResponse SearchOpenings(App& app, HttpRequest& req);
HttpResponse PostKey(App& app, HttpRequest& req);
HttpResponse DeleteKey(App& app, HttpRequest& req);
HttpResponse ListKeys(App& app, HttpRequest& req);
HttpResponse PostHousehold(App& app, HttpRequest& req);
HttpResponse GetHousehold(App& app, HttpRequest& req);
HttpResponse PutHousehold(App& app, HttpRequest& req);
HttpResponse ListHouseholds(App& app, HttpRequest& req);
HttpResponse ExitHousehold(App& app, HttpRequest& req);
HttpResponse GetMatches(App& app, HttpRequest& req);
HttpResponse GetTimeline(App& app, HttpRequest& req);
HttpResponse GetAudit(App& app, HttpRequest& req);
HttpResponse PostCourse(App& app, HttpRequest& req);
HttpResponse PutCourse(App& app, HttpRequest& req);
HttpResponse GetCourse(App& app, HttpRequest& req);
HttpResponse DeleteCourse(App& app, HttpRequest& req);
HttpResponse SearchCourses(App& app, HttpRequest& req);
HttpResponse PostAidProduct(App& app, HttpRequest& req);
HttpResponse PutAidProduct(App& app, HttpRequest& req);
HttpResponse GetAidProduct(App& app, HttpRequest& req);
HttpResponse DeleteAidProduct(App& app, HttpRequest& req);
HttpResponse SearchAidProducts(App& app, HttpRequest& req);
HttpResponse PostBatch(App& app, HttpRequest& req);
HttpResponse GetBatch(App& app, HttpRequest& req);
HttpResponse ListBatches(App& app, HttpRequest& req);
HttpResponse GetPlansCsv(App& app, HttpRequest& req);
HttpResponse GetPlansXlsx(App& app, HttpRequest& req);
HttpResponse PostHouseholdImport(App& app, HttpRequest& req);
HttpResponse GetImportTemplate(App& app, HttpRequest& req);
// A 200 carrying an .xlsx file to save as `utf8_name` (`ascii_name` for old clients).
HttpResponse XlsxResponse(std::string bytes, std::string_view ascii_name,
                          std::string_view utf8_name);
HttpResponse GetPlan(App& app, HttpRequest& req);
HttpResponse PostOutcome(App& app, HttpRequest& req);
HttpResponse GetStats(App& app, HttpRequest& req);
HttpResponse GetFollowUps(App& app, HttpRequest& req);
HttpResponse ListRegions(App& app, HttpRequest& req);
HttpResponse PostLink(App& app, HttpRequest& req);
HttpResponse ListLinks(App& app, HttpRequest& req);
HttpResponse DeleteLink(App& app, HttpRequest& req);
HttpResponse GetLinkPlan(App& app, HttpRequest& req);
HttpResponse PostLinkAnswer(App& app, HttpRequest& req);

}  // namespace jobmatch
