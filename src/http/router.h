// The route table: method + path pattern ("/v1/openings/:id") → handler, with
// whether the route needs an API key. Replaces Pistache's Rest::Router, whose
// 0.0.5 release races on methods without a route and hides which route
// matched (needed for per-route metrics). Build it once, then Match() from any
// thread (read-only).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "http/exchange.h"

namespace jobmatch {

using Handler = std::function<HttpResponse(HttpRequest&)>;

// kSignedIn: an API key (Authorization: Bearer) or a session cookie.
enum class Access { kPublic, kSignedIn };

struct Route {
  std::string method;
  std::string pattern;  // also the route's name in metrics
  Access access;
  Handler handler;
  std::vector<std::string> segments;
};

struct RouteMatch {
  const Route* route = nullptr;     // null: no route
  bool method_not_allowed = false;  // the path exists with other methods
  std::string allowed;              // e.g. "GET, DELETE" for the Allow header
};

class Router {
 public:
  void Add(std::string method, std::string pattern, Access access, Handler handler);

  // Fills req.params on a match.
  RouteMatch Match(HttpRequest& req) const;

  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace jobmatch
