// Request metrics in Prometheus text format: requests by route, method and
// status, and a latency histogram by route. Thread-safe (one mutex; the
// critical section is a map increment).
#pragma once

#include <array>
#include <map>
#include <mutex>
#include <string>
#include <tuple>

namespace jobmatch {

class Metrics {
 public:
  void Record(const std::string& route, const std::string& method, int status, double seconds);

  // The request families, rendered in the Prometheus text exposition format.
  std::string Render() const;

 private:
  static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,   0.25,   0.5,   1.0,  2.5};
  struct Histogram {
    std::array<uint64_t, kBuckets.size()> buckets{};  // cumulative at render time
    uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mu_;
  std::map<std::tuple<std::string, std::string, int>, uint64_t> requests_;  // guarded by mu_
  std::map<std::string, Histogram> latency_;                                // guarded by mu_
};

// Escapes a Prometheus label value.
std::string LabelValue(const std::string& s);

}  // namespace jobmatch
