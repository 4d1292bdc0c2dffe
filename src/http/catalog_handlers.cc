// Handlers for /v1/courses and /v1/aid-products: the same shape for both
// catalogues; `course` tells which.
#include "core/utf8.h"
#include "http/api.h"
#include "http/params.h"

namespace jobmatch {

namespace {

nlohmann::json ListJson(const SearchResults& r, const Paging& paging) {
  return {{"total", r.total},
          {"total_estimated", r.total_estimated},
          {"page", paging.page},
          {"per_page", paging.per_page},
          {"items", r.items}};
}

HttpResponse PutItem(App& app, HttpRequest& req, Catalog catalog, bool create) {
  if (Authorize(*req.principal, Action::kWriteCatalog) != Decision::kAllow) {
    return Forbidden("only counsellors and admins may change the catalogues");
  }
  std::optional<int64_t> id;
  if (!create) {
    auto param = IdParam(req, "id");
    if (!param) return ErrorResponse(param.error());
    id = *param;
  }
  auto body = ParseJsonBody(req);
  if (!body) return ErrorResponse(body.error());
  std::vector<std::string> warnings;
  auto doc = catalog == Catalog::kCourses ? app.PutCourse(id, *body, warnings)
                                          : app.PutAidProduct(id, *body);
  if (!doc) return ErrorResponse(doc.error());
  (*doc)["warnings"] = warnings;
  return JsonResponse(create ? 201 : 200, *doc);
}

HttpResponse GetItem(App& app, HttpRequest& req, Catalog catalog) {
  if (Authorize(*req.principal, Action::kReadCatalog) != Decision::kAllow) {
    return Forbidden("this key may not read the catalogues");
  }
  auto id = IdParam(req, "id");
  if (!id) return ErrorResponse(id.error());
  auto doc = app.GetCatalogItem(catalog, *id);
  if (!doc) return ErrorResponse(doc.error());
  return JsonResponse(200, *doc);
}

HttpResponse DeleteItem(App& app, HttpRequest& req, Catalog catalog) {
  if (Authorize(*req.principal, Action::kWriteCatalog) != Decision::kAllow) {
    return Forbidden("only counsellors and admins may change the catalogues");
  }
  auto id = IdParam(req, "id");
  if (!id) return ErrorResponse(id.error());
  if (auto r = app.DeleteCatalogItem(catalog, *id); !r) return ErrorResponse(r.error());
  return {204, "", ""};
}

}  // namespace

HttpResponse PostCourse(App& app, HttpRequest& req) {
  return PutItem(app, req, Catalog::kCourses, true);
}
HttpResponse PutCourse(App& app, HttpRequest& req) {
  return PutItem(app, req, Catalog::kCourses, false);
}
HttpResponse GetCourse(App& app, HttpRequest& req) {
  return GetItem(app, req, Catalog::kCourses);
}
HttpResponse DeleteCourse(App& app, HttpRequest& req) {
  return DeleteItem(app, req, Catalog::kCourses);
}
HttpResponse PostAidProduct(App& app, HttpRequest& req) {
  return PutItem(app, req, Catalog::kAid, true);
}
HttpResponse PutAidProduct(App& app, HttpRequest& req) {
  return PutItem(app, req, Catalog::kAid, false);
}
HttpResponse GetAidProduct(App& app, HttpRequest& req) {
  return GetItem(app, req, Catalog::kAid);
}
HttpResponse DeleteAidProduct(App& app, HttpRequest& req) {
  return DeleteItem(app, req, Catalog::kAid);
}

HttpResponse SearchCourses(App& app, HttpRequest& req) {
  if (Authorize(*req.principal, Action::kReadCatalog) != Decision::kAllow) {
    return Forbidden("this key may not read the catalogues");
  }
  CourseQuery q;
  q.text = StrParam(req, "q");
  if (Utf8Length(q.text) > 500)
    return ErrorResponse(ParamError("q", "must be at most 500 characters"));
  for (const auto& r : SplitList(StrParam(req, "region"))) {
    auto region = app.regions().Resolve(r, "region");
    if (!region) return ErrorResponse(AsBadRequest(region.error()));
    q.regions.push_back((*region)->code);
  }
  for (const auto& s : SplitList(StrParam(req, "skill")))
    q.skills.push_back(app.taxonomy().ResolveSkill(s).id);
  q.starts_after = StrParam(req, "starts_after");
  if (!q.starts_after.empty() && !ParseDate(q.starts_after)) {
    return ErrorResponse(ParamError("starts_after", "must be a date written YYYY-MM-DD"));
  }
  auto free = BoolParam(req, "free");
  if (!free) return ErrorResponse(free.error());
  q.free = *free;
  if (auto mode = StrParam(req, "mode"); !mode.empty()) {
    if (mode != "online" && mode != "offline")
      return ErrorResponse(ParamError("mode", "must be online or offline"));
    q.online = mode == "online";
  }
  auto paging = PagingParams(req);
  if (!paging) return ErrorResponse(paging.error());
  q.page = paging->page;
  q.per_page = paging->per_page;
  auto r = app.SearchCourses(q);
  if (!r) return ErrorResponse(r.error());
  return JsonResponse(200, ListJson(*r, *paging));
}

HttpResponse SearchAidProducts(App& app, HttpRequest& req) {
  if (Authorize(*req.principal, Action::kReadCatalog) != Decision::kAllow) {
    return Forbidden("this key may not read the catalogues");
  }
  AidQuery q;
  q.text = StrParam(req, "q");
  if (Utf8Length(q.text) > 500)
    return ErrorResponse(ParamError("q", "must be at most 500 characters"));
  if (auto region = StrParam(req, "region"); !region.empty()) {
    auto r = app.regions().Resolve(region, "region");
    if (!r) return ErrorResponse(AsBadRequest(r.error()));
    q.region = (*r)->code;
  }
  if (auto kind = StrParam(req, "kind"); !kind.empty()) {
    if (!ParseAidKind(kind)) {
      return ErrorResponse(
          ParamError("kind",
                     "must be one of startup_training, startup_mentoring, "
                     "interest_free_loan, loan_interest_subsidy, production_materials"));
    }
    q.kind = kind;
  }
  auto paging = PagingParams(req);
  if (!paging) return ErrorResponse(paging.error());
  q.page = paging->page;
  q.per_page = paging->per_page;
  auto r = app.SearchAid(q);
  if (!r) return ErrorResponse(r.error());
  return JsonResponse(200, ListJson(*r, *paging));
}

HttpResponse ListRegions(App& app, HttpRequest& req) {
  std::string parent = req.principal->role == Role::kAdmin ? "" : req.principal->region;
  if (auto asked = StrParam(req, "parent"); !asked.empty()) {
    auto r = app.regions().Resolve(asked, "parent");
    if (!r) return ErrorResponse(AsBadRequest(r.error()));
    parent = (*r)->code;
  }
  nlohmann::json items = nlohmann::json::array();
  for (const Region* r : app.regions().Children(parent)) {
    items.push_back(
        {{"code", r->code}, {"name", r->name}, {"full_name", app.regions().FullName(r->code)}});
  }
  return JsonResponse(200, {{"parent", parent.empty() ? nlohmann::json() : nlohmann::json(parent)},
                            {"items", std::move(items)}});
}

}  // namespace jobmatch
