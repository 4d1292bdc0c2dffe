#include "http/router.h"

namespace jobmatch {

namespace {

std::vector<std::string> Split(const std::string& path) {
  std::vector<std::string> out;
  std::size_t start = 1;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    out.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

bool MatchSegments(const Route& r, const std::vector<std::string>& parts,
                   std::map<std::string, std::string>* params) {
  if (r.segments.size() != parts.size()) return false;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const auto& seg = r.segments[i];
    if (!seg.empty() && seg[0] == ':') {
      if (parts[i].empty()) return false;
      if (params) (*params)[seg.substr(1)] = parts[i];
    } else if (seg != parts[i]) {
      return false;
    }
  }
  return true;
}

}  // namespace

void Router::Add(std::string method, std::string pattern, Access access, Handler handler) {
  auto segments = Split(pattern);
  routes_.push_back(
      {std::move(method), std::move(pattern), access, std::move(handler), std::move(segments)});
}

RouteMatch Router::Match(HttpRequest& req) const {
  RouteMatch m;
  if (req.path.empty() || req.path[0] != '/') return m;
  auto parts = Split(req.path);
  for (const auto& r : routes_) {
    if (!MatchSegments(r, parts, nullptr)) continue;
    if (r.method == req.method) {
      MatchSegments(r, parts, &req.params);
      m.route = &r;
      return m;
    }
    m.method_not_allowed = true;
    m.allowed += (m.allowed.empty() ? "" : ", ") + r.method;
  }
  return m;
}

}  // namespace jobmatch
