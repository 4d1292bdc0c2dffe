// Handlers for /v1/households, /v1/members/{id}/matches and /v1/audit.
#include "core/id_number.h"
#include "http/api.h"
#include "http/params.h"

namespace jobmatch {

namespace {

// ?reveal=id_number (the only field that can be revealed); 400 for anything else.
Result<bool> RevealParam(const HttpRequest& req) {
  auto it = req.query.find("reveal");
  if (it == req.query.end() || it->second.empty()) return false;
  if (it->second != "id_number") return BadParam("reveal", "may only be id_number");
  if (Authorize(*req.principal, Action::kRevealIdNumber) != Decision::kAllow) {
    return fail(ErrorKind::kForbidden, "forbidden", "this key may not reveal ID numbers", "reveal");
  }
  return true;
}

HttpResponse WithWarnings(int status, nlohmann::json body,
                          const std::vector<std::string>& warnings) {
  body["warnings"] = warnings;
  return JsonResponse(status, body);
}

}  // namespace

HttpResponse PostHousehold(App& app, HttpRequest& req) {
  if (Authorize(*req.principal, Action::kWriteHousehold) != Decision::kAllow) {
    return Forbidden("only counsellors and admins may file households");
  }
  auto body = ParseJsonBody(req);
  if (!body) return ErrorResponse(body.error());
  std::vector<std::string> warnings;
  auto h = app.CreateHousehold(*body, warnings, *req.principal);
  if (!h) return ErrorResponse(h.error());
  return WithWarnings(201, std::move(*h), warnings);
}

HttpResponse GetHousehold(App& app, HttpRequest& req) {
  auto id = IdParam(req, "id");
  // Only staff learn whether an id exists; other keys are refused either way.
  if (!id && Authorize(*req.principal, Action::kLearnMissingIds) != Decision::kAllow) {
    return Forbidden("this key may not read this household");
  }
  if (!id) return ErrorResponse(id.error());
  if (Authorize(*req.principal, Action::kReadHousehold, std::to_string(*id)) != Decision::kAllow) {
    return Forbidden("this key may not read this household");
  }
  auto reveal = RevealParam(req);
  if (!reveal) return ErrorResponse(reveal.error());
  auto h = app.GetHousehold(*id, *reveal, *req.principal);
  if (!h) return ErrorResponse(h.error());
  return JsonResponse(200, *h);
}

HttpResponse PutHousehold(App& app, HttpRequest& req) {
  if (Authorize(*req.principal, Action::kWriteHousehold) != Decision::kAllow) {
    return Forbidden("only counsellors and admins may change households");
  }
  auto id = IdParam(req, "id");
  if (!id) return ErrorResponse(id.error());
  auto body = ParseJsonBody(req);
  if (!body) return ErrorResponse(body.error());
  std::vector<std::string> warnings;
  auto h = app.ReplaceHousehold(*id, *body, warnings, *req.principal);
  if (!h) return ErrorResponse(h.error());
  return WithWarnings(200, std::move(*h), warnings);
}

HttpResponse ListHouseholds(App& app, HttpRequest& req) {
  if (Authorize(*req.principal, Action::kListHouseholds) != Decision::kAllow) {
    return Forbidden("only counsellors and admins may list households");
  }
  HouseholdFilter f;
  if (auto region = StrParam(req, "region"); !region.empty()) {
    auto r = app.regions().Resolve(region, "region");
    if (!r) return ErrorResponse(AsBadRequest(r.error()));
    f.region = (*r)->code;
  }
  for (auto [name, into] :
       {std::pair{"zero_employment", &f.zero_employment}, std::pair{"dibao", &f.dibao},
        std::pair{"needs_attention", &f.needs_attention}}) {
    auto flag = BoolParam(req, name);
    if (!flag) return ErrorResponse(flag.error());
    *into = *flag;
  }
  f.status = StrParam(req, "status");
  if (!f.status.empty() && f.status != "active" && f.status != "exited") {
    return ErrorResponse(ParamError("status", "must be active or exited"));
  }
  f.text = StrParam(req, "q");
  f.id_number = StrParam(req, "id_number");
  if (!f.id_number.empty() && f.id_number.back() == 'x')
    f.id_number.back() = 'X';  // stored upper-case
  if (!f.id_number.empty() && !CheckIdNumber(f.id_number)) {
    return ErrorResponse(ErrorKind::kBadRequest, "bad_parameter",
                         "id_number is not a valid ID number", "id_number");
  }
  auto paging = PagingParams(req);
  if (!paging) return ErrorResponse(paging.error());
  f.limit = paging->per_page;
  f.offset = (paging->page - 1) * paging->per_page;
  auto reveal = RevealParam(req);
  if (!reveal) return ErrorResponse(reveal.error());
  auto list = app.ListHouseholds(f, *reveal, *req.principal);
  if (!list) return ErrorResponse(list.error());
  return JsonResponse(200, *list);
}

HttpResponse ExitHousehold(App& app, HttpRequest& req) {
  if (Authorize(*req.principal, Action::kWriteHousehold) != Decision::kAllow) {
    return Forbidden("only counsellors and admins may exit households");
  }
  auto id = IdParam(req, "id");
  if (!id) return ErrorResponse(id.error());
  auto body = ParseJsonBody(req);
  if (!body) return ErrorResponse(body.error());
  auto h = app.ExitHousehold(*id, *body, *req.principal);
  if (!h) return ErrorResponse(h.error());
  return JsonResponse(200, *h);
}

HttpResponse GetMatches(App& app, HttpRequest& req) {
  const Principal& p = *req.principal;
  const bool may_learn = Authorize(p, Action::kLearnMissingIds) == Decision::kAllow;
  auto id = IdParam(req, "id");
  if (!id && !may_learn) return Forbidden("this key may not read this member");
  if (!id) return ErrorResponse(id.error());
  auto household = app.HouseholdOfMember(*id, p);
  if (!household) {
    // Boards and household keys learn nothing about other households' members.
    if (!may_learn && household.error().kind == ErrorKind::kNotFound) {
      return Forbidden("this key may not read this member");
    }
    return ErrorResponse(household.error());
  }
  if (Authorize(p, Action::kReadMatches, std::to_string(*household)) != Decision::kAllow) {
    return Forbidden("this key may not read this member");
  }
  auto kind_name = StrParam(req, "kind");
  auto kind = ParseMatchKind(kind_name.empty() ? "openings" : kind_name);
  if (!kind) return ErrorResponse(ParamError("kind", "must be openings, courses or aid"));
  auto limit = IntParam(req, "limit", 1, 50);
  if (!limit) return ErrorResponse(limit.error());
  auto matches = app.Matches(*id, *kind, static_cast<int>(limit->value_or(10)));
  if (!matches) return ErrorResponse(matches.error());
  return JsonResponse(200, *matches);
}

HttpResponse GetTimeline(App& app, HttpRequest& req) {
  const Principal& p = *req.principal;
  if (Authorize(p, Action::kReadTimeline) != Decision::kAllow) {
    return Forbidden("only counsellors and admins read a member's timeline");
  }
  auto id = IdParam(req, "id");
  if (!id) return ErrorResponse(id.error());
  auto timeline = app.Timeline(*id, p);
  if (!timeline) return ErrorResponse(timeline.error());
  return JsonResponse(200, *timeline);
}

HttpResponse GetAudit(App& app, HttpRequest& req) {
  if (Authorize(*req.principal, Action::kReadAudit) != Decision::kAllow) {
    return Forbidden("only admins may read the audit log");
  }
  auto paging = PagingParams(req);
  if (!paging) return ErrorResponse(paging.error());
  auto list = app.ListAudit(paging->per_page, (paging->page - 1) * paging->per_page);
  if (!list) return ErrorResponse(list.error());
  return JsonResponse(200, *list);
}

}  // namespace jobmatch
