#include "http/metrics.h"

#include <sstream>

namespace jobmatch {

std::string LabelValue(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

void Metrics::Record(const std::string& route, const std::string& method, int status,
                     double seconds) {
  std::lock_guard lock(mu_);
  ++requests_[{route, method, status}];
  Histogram& h = latency_[route];
  for (std::size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) {
      ++h.buckets[i];
      break;
    }
  }
  ++h.count;
  h.sum += seconds;
}

std::string Metrics::Render() const {
  std::ostringstream out;
  std::lock_guard lock(mu_);
  out << "# HELP jobmatch_http_requests_total HTTP requests by route, method and status.\n"
         "# TYPE jobmatch_http_requests_total counter\n";
  for (const auto& [key, n] : requests_) {
    const auto& [route, method, status] = key;
    out << "jobmatch_http_requests_total{route=\"" << LabelValue(route) << "\",method=\"" << method
        << "\",status=\"" << status << "\"} " << n << "\n";
  }
  out << "# HELP jobmatch_http_request_duration_seconds HTTP request latency by route.\n"
         "# TYPE jobmatch_http_request_duration_seconds histogram\n";
  for (const auto& [route, h] : latency_) {
    uint64_t cumulative = 0;
    const std::string label = "route=\"" + LabelValue(route) + "\"";
    for (std::size_t i = 0; i < kBuckets.size(); ++i) {
      cumulative += h.buckets[i];
      out << "jobmatch_http_request_duration_seconds_bucket{" << label << ",le=\"" << kBuckets[i]
          << "\"} " << cumulative << "\n";
    }
    out << "jobmatch_http_request_duration_seconds_bucket{" << label << ",le=\"+Inf\"} " << h.count
        << "\n";
    out << "jobmatch_http_request_duration_seconds_sum{" << label << "} " << h.sum << "\n";
    out << "jobmatch_http_request_duration_seconds_count{" << label << "} " << h.count << "\n";
  }
  return out.str();
}

}  // namespace jobmatch
