// Handlers for /v1/batches, /v1/households/{id}/plan, /v1/recommendations,
// /v1/stats and /v1/follow-ups.
#include "http/api.h"
#include "http/params.h"

namespace jobmatch {

HttpResponse PostBatch(App& app, HttpRequest& req) {
  if (Authorize(*req.principal, Action::kRunBatch) != Decision::kAllow) {
    return Forbidden("only counsellors and admins may run the batch");
  }
  nlohmann::json body = nlohmann::json::object();
  if (!req.body.empty()) {
    auto parsed = ParseJsonBody(req);
    if (!parsed) return ErrorResponse(parsed.error());
    body = std::move(*parsed);
  }
  auto id = app.StartBatch(body, *req.principal);
  if (!id) return ErrorResponse(id.error());
  return JsonResponse(202, {{"id", *id}, {"status", "queued"}});
}

HttpResponse GetBatch(App& app, HttpRequest& req) {
  if (Authorize(*req.principal, Action::kRunBatch) != Decision::kAllow) {
    return Forbidden("only counsellors and admins may read batches");
  }
  auto id = IdParam(req, "id");
  if (!id) return ErrorResponse(id.error());
  auto b = app.GetBatch(*id);
  if (!b) return ErrorResponse(b.error());
  return JsonResponse(200, *b);
}

HttpResponse ListBatches(App& app, HttpRequest& req) {
  if (Authorize(*req.principal, Action::kRunBatch) != Decision::kAllow) {
    return Forbidden("only counsellors and admins may read batches");
  }
  auto paging = PagingParams(req);
  if (!paging) return ErrorResponse(paging.error());
  auto list = app.ListBatches(paging->per_page, (paging->page - 1) * paging->per_page);
  if (!list) return ErrorResponse(list.error());
  return JsonResponse(200, *list);
}

HttpResponse GetPlansCsv(App& app, HttpRequest& req) {
  if (Authorize(*req.principal, Action::kRunBatch) != Decision::kAllow) {
    return Forbidden("only counsellors and admins may export plans");
  }
  auto id = IdParam(req, "id");
  if (!id) return ErrorResponse(id.error());
  auto csv = app.PlansCsv(*id, *req.principal);
  if (!csv) return ErrorResponse(csv.error());
  return {200, std::move(*csv), "text/csv; charset=utf-8"};
}

HttpResponse GetPlansXlsx(App& app, HttpRequest& req) {
  if (Authorize(*req.principal, Action::kRunBatch) != Decision::kAllow) {
    return Forbidden("only counsellors and admins may export plans");
  }
  auto id = IdParam(req, "id");
  if (!id) return ErrorResponse(id.error());
  auto xlsx = app.PlansXlsx(*id, *req.principal);
  if (!xlsx) return ErrorResponse(xlsx.error());
  const std::string n = std::to_string(*id);
  return XlsxResponse(std::move(*xlsx), "plans-" + n + ".xlsx", "帮扶计划-" + n + ".xlsx");
}

// ?format=text: the plan as a short text with a new link, for SMS or WeChat.
HttpResponse GetPlanText(App& app, HttpRequest& req, int64_t id) {
  if (Authorize(*req.principal, Action::kWriteHousehold) != Decision::kAllow) {
    return Forbidden("only counsellors and admins may send plans (it makes a link)");
  }
  auto text = app.PlanText(id, req.origin, *req.principal);
  if (!text) return ErrorResponse(text.error());
  return {200, std::move(*text), "text/plain; charset=utf-8"};
}

HttpResponse GetPlan(App& app, HttpRequest& req) {
  const Principal& p = *req.principal;
  auto id = IdParam(req, "id");
  if (!id && Authorize(p, Action::kLearnMissingIds) != Decision::kAllow) {
    return Forbidden("this key may not read this plan");
  }
  if (!id) return ErrorResponse(id.error());
  if (Authorize(p, Action::kReadPlan, std::to_string(*id)) != Decision::kAllow) {
    return Forbidden("this key may not read this plan");
  }
  const std::string format = StrParam(req, "format");
  if (format == "text") return GetPlanText(app, req, *id);
  if (!format.empty() && format != "json") {
    return ErrorResponse(ParamError("format", "must be json or text"));
  }
  auto plan = app.GetPlan(*id, p);
  if (!plan) return ErrorResponse(plan.error());
  return JsonResponse(200, *plan);
}

HttpResponse PostOutcome(App& app, HttpRequest& req) {
  if (Authorize(*req.principal, Action::kRecordOutcome) != Decision::kAllow) {
    return Forbidden("only counsellors and admins may record outcomes");
  }
  auto id = IdParam(req, "id");
  if (!id) return ErrorResponse(id.error());
  auto body = ParseJsonBody(req);
  if (!body) return ErrorResponse(body.error());
  auto r = app.RecordOutcome(*id, *body, *req.principal);
  if (!r) return ErrorResponse(r.error());
  return JsonResponse(200, *r);
}

HttpResponse GetStats(App& app, HttpRequest& req) {
  if (Authorize(*req.principal, Action::kReadStats) != Decision::kAllow) {
    return Forbidden("only counsellors and admins may read statistics");
  }
  std::string region;
  if (auto r = StrParam(req, "region"); !r.empty()) {
    auto resolved = app.regions().Resolve(r, "region");
    if (!resolved) return ErrorResponse(AsBadRequest(resolved.error()));
    region = (*resolved)->code;
  }
  auto stats = app.Stats(region, *req.principal);
  if (!stats) return ErrorResponse(stats.error());
  return JsonResponse(200, *stats);
}

HttpResponse GetFollowUps(App& app, HttpRequest& req) {
  if (Authorize(*req.principal, Action::kReadStats) != Decision::kAllow) {
    return Forbidden("only counsellors and admins may read follow-ups");
  }
  auto list = app.FollowUps(*req.principal);
  if (!list) return ErrorResponse(list.error());
  return JsonResponse(200, *list);
}

}  // namespace jobmatch
