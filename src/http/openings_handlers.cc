// Handlers for /v1/openings: decode → authorize → App → encode.
#include <charconv>
#include <set>
#include <sstream>

#include "core/json_reader.h"
#include "core/utf8.h"
#include "http/api.h"
#include "http/params.h"
#include "http/search_params.h"

namespace jobmatch {

namespace {

constexpr std::size_t kMaxBulkItems = 1000;
constexpr char kJsonLd[] = "application/ld+json";

const char* StatusName(UpsertKind k) {
  switch (k) {
    case UpsertKind::kCreated:
      return "created";
    case UpsertKind::kUpdated:
      return "updated";
    case UpsertKind::kUnchanged:
      return "unchanged";
  }
  return "";
}

nlohmann::json ErrorJson(const Error& e) {
  return nlohmann::json::parse(ErrorResponse(e).body).at("error");
}

// Boards post our JSON or the schema.org JobPostings they publish (JSON-LD).
bool IsJsonLd(const HttpRequest& req) {
  return MediaType(req.content_type) == kJsonLd;
}

Result<nlohmann::json> ReadPostingBody(const HttpRequest& req) {
  if (IsJsonLd(req)) return ParseUntrustedJson(req.body);
  if (MediaType(req.content_type) != "application/json") {
    return fail(ErrorKind::kUnsupportedMediaType, "unsupported_media_type",
                "openings are sent as Content-Type: application/json, or as schema.org "
                "JobPosting in application/ld+json",
                "Content-Type");
  }
  return ParseJsonBody(req);
}

// Whether the caller asks for JSON-LD before plain JSON.
bool WantsJsonLd(const HttpRequest& req) {
  const auto ld = req.accept.find(kJsonLd);
  const auto json = req.accept.find("application/json");
  return ld != std::string::npos && (json == std::string::npos || ld < json);
}

Result<std::vector<Result<PostedOpening>>> Post(App& app, const HttpRequest& req,
                                                const std::vector<nlohmann::json>& items) {
  const std::string& board = req.principal->owner;
  return IsJsonLd(req) ? app.PostJobPostings(board, items) : app.PostOpenings(board, items);
}

}  // namespace

HttpResponse PostOpening(App& app, HttpRequest& req) {
  const Principal& p = *req.principal;
  if (Authorize(p, Action::kPostOpening, p.owner) != Decision::kAllow) {
    return Forbidden("only a job board's key may post openings");
  }
  auto body = ReadPostingBody(req);
  if (!body) return ErrorResponse(body.error());
  if (IsJsonLd(req) && !body->is_object()) {
    return ErrorResponse(ErrorKind::kUnprocessable, "validation_failed",
                         "one JobPosting object; several go to /v1/openings/bulk", "body");
  }
  std::vector<nlohmann::json> items;
  items.push_back(std::move(*body));  // moved, never copied: an initializer list would copy
  auto results = Post(app, req, items);
  if (!results) return ErrorResponse(results.error());
  auto& result = results->front();
  if (!result) return ErrorResponse(result.error());
  nlohmann::json out = std::move(result->opening);
  out["warnings"] = result->warnings;
  return JsonResponse(result->kind == UpsertKind::kCreated ? 201 : 200, out);
}

HttpResponse PostOpeningsBulk(App& app, HttpRequest& req) {
  const Principal& p = *req.principal;
  if (Authorize(p, Action::kPostOpening, p.owner) != Decision::kAllow) {
    return Forbidden("only a job board's key may post openings");
  }
  auto body = ReadPostingBody(req);
  if (!body) return ErrorResponse(body.error());
  if (IsJsonLd(req) && body->is_object() && body->contains("@graph")) {
    body = nlohmann::json(std::move((*body)["@graph"]));  // a JSON-LD document of postings
  }
  if (!body->is_array()) {
    return ErrorResponse(ErrorKind::kUnprocessable, "validation_failed",
                         "the body must be a JSON array of openings (or of JobPostings)", "body");
  }
  if (body->size() > kMaxBulkItems) {
    return ErrorResponse(
        ErrorKind::kUnprocessable, "validation_failed",
        "a bulk request holds at most 1000 openings (got " + std::to_string(body->size()) + ")",
        "body");
  }
  std::vector<nlohmann::json> items(std::make_move_iterator(body->begin()),
                                    std::make_move_iterator(body->end()));
  auto results = Post(app, req, items);
  if (!results) return ErrorResponse(results.error());
  nlohmann::json list = nlohmann::json::array();
  std::map<std::string, int> counts = {
      {"created", 0}, {"updated", 0}, {"unchanged", 0}, {"failed", 0}};
  for (std::size_t i = 0; i < results->size(); ++i) {
    const auto& r = (*results)[i];
    if (r) {
      list.push_back({{"index", i},
                      {"status", r->kind == UpsertKind::kCreated ? 201 : 200},
                      {"result", StatusName(r->kind)},
                      {"id", r->opening.at("id")},
                      {"external_id", r->opening.at("external_id")},
                      {"warnings", r->warnings}});
      ++counts[StatusName(r->kind)];
    } else {
      list.push_back({{"index", i},
                      {"status", r.error().http_status()},
                      {"result", "failed"},
                      {"error", ErrorJson(r.error())}});
      ++counts["failed"];
    }
  }
  nlohmann::json out = {{"total", list.size()}, {"items", std::move(list)}};
  for (const auto& [k, n] : counts) out[k] = n;
  return JsonResponse(200, out);
}

HttpResponse GetOpening(App& app, HttpRequest& req) {
  if (Authorize(*req.principal, Action::kReadOpening) != Decision::kAllow) {
    return Forbidden("this key may not read openings");
  }
  auto id = IdParam(req, "id");
  if (!id) return ErrorResponse(id.error());
  if (WantsJsonLd(req)) {
    auto posting = app.GetJobPosting(*id);
    if (!posting) return ErrorResponse(posting.error());
    HttpResponse out = JsonResponse(200, *posting);
    out.content_type = std::string(kJsonLd) + "; charset=utf-8";
    return out;
  }
  auto opening = app.GetOpening(*id);
  if (!opening) return ErrorResponse(opening.error());
  return JsonResponse(200, *opening);
}

HttpResponse DeleteOpening(App& app, HttpRequest& req) {
  auto id = IdParam(req, "id");
  if (!id) return ErrorResponse(id.error());
  auto board = app.OpeningBoard(*id);
  if (!board) return ErrorResponse(board.error());
  if (Authorize(*req.principal, Action::kDeleteOpening, *board) != Decision::kAllow) {
    return Forbidden("a board may only delete its own openings");
  }
  if (auto r = app.DeleteOpening(*id); !r) return ErrorResponse(r.error());
  return {204, "", ""};
}

HttpResponse RenewOpening(App& app, HttpRequest& req) {
  auto id = IdParam(req, "id");
  if (!id) return ErrorResponse(id.error());
  auto board = app.OpeningBoard(*id);
  if (!board) return ErrorResponse(board.error());
  if (Authorize(*req.principal, Action::kRenewOpening, *board) != Decision::kAllow) {
    return Forbidden("only the opening's board may renew it");
  }
  nlohmann::json body;  // optional: {expires_at}
  if (!req.body.empty()) {
    auto parsed = ParseJsonBody(req);
    if (!parsed) return ErrorResponse(parsed.error());
    body = std::move(*parsed);
  }
  auto opening = app.RenewOpening(*id, body);
  if (!opening) return ErrorResponse(opening.error());
  return JsonResponse(200, *opening);
}

HttpResponse GetOpeningFeed(App& app, HttpRequest& req) {
  if (Authorize(*req.principal, Action::kReadFeed) != Decision::kAllow) {
    return Forbidden("only admins, counsellors and reader keys may read the feed");
  }
  constexpr int64_t kMaxFeedItems = 1000;
  auto after = IntParam(req, "after", 0, std::numeric_limits<int64_t>::max());
  if (!after) return ErrorResponse(after.error());
  auto limit = IntParam(req, "limit", 1, kMaxFeedItems);
  if (!limit) return ErrorResponse(limit.error());
  auto page = app.OpeningFeed(after->value_or(0), static_cast<int>(limit->value_or(100)));
  if (!page) return ErrorResponse(page.error());
  return JsonResponse(200, *page);
}

HttpResponse GetBoardStats(App& app, HttpRequest& req) {
  const Principal& p = *req.principal;
  if (Authorize(p, Action::kReadBoardStats) != Decision::kAllow) {
    return Forbidden("only a job board's key has board figures");
  }
  auto stats = app.BoardStats(p.owner);
  if (!stats) return ErrorResponse(stats.error());
  return JsonResponse(200, *stats);
}

HttpResponse ClearComplianceFlag(App& app, HttpRequest& req) {
  if (Authorize(*req.principal, Action::kClearComplianceFlag) != Decision::kAllow) {
    return Forbidden("only admins may clear compliance flags");
  }
  auto id = IdParam(req, "id");
  if (!id) return ErrorResponse(id.error());
  auto body = ParseJsonBody(req);
  if (!body) return ErrorResponse(body.error());
  auto opening = app.ClearComplianceFlag(*id, *body, *req.principal);
  if (!opening) return ErrorResponse(opening.error());
  return JsonResponse(200, *opening);
}

HttpResponse SearchOpenings(App& app, HttpRequest& req) {
  if (Authorize(*req.principal, Action::kSearchOpenings) != Decision::kAllow) {
    return Forbidden("this key may not search openings");
  }
  std::vector<std::string> warnings;
  auto q = ParseOpeningSearch(req, app.regions(), app.taxonomy(), warnings);
  if (!q) return ErrorResponse(q.error());
  auto results = app.SearchOpenings(*q);
  if (!results) return ErrorResponse(results.error());
  const std::string today = app.Today();
  nlohmann::json items = nlohmann::json::array();
  for (const auto& doc : results->items) items.push_back(OpeningView(doc, today));
  nlohmann::json facets = nlohmann::json::object();
  for (const auto& [name, counts] : results->facets) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& c : counts) {
      list.push_back({{"value", c.value}, {"name", c.name}, {"count", c.count}});
    }
    facets[name] = std::move(list);
  }
  return JsonResponse(200, {{"total", results->total},
                            {"total_estimated", results->total_estimated},
                            {"page", q->page},
                            {"per_page", q->per_page},
                            {"items", std::move(items)},
                            {"facets", std::move(facets)},
                            {"warnings", warnings}});
}

}  // namespace jobmatch
