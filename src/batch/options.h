// What a run of the batch is asked to do, and how far it has got: plain
// values shared by the runner and those who start and watch runs.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

namespace jobmatch {

struct BatchOptions {
  std::string region;  // a code; empty = everywhere
  std::string as_of;   // YYYY-MM-DD: "today" for expiry, ages and graduates
  int k = 3;           // an opening goes to at most positions × k members
  int threads = 0;     // 0 = every core
  // After a successful run, older runs are pruned down to this many (plus
  // those that outcomes or households' latest plans still need).
  int keep_runs = 20;
};

struct BatchProgress {
  int64_t done = 0;
  int64_t total = 0;
};
using ProgressFn = std::function<void(const BatchProgress&)>;

}  // namespace jobmatch
