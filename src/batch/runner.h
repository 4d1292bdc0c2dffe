// Runs the employment and entrepreneurship batch: selects the members who can
// and want to work, matches each (in parallel, on every core), allocates
// recommendations under the catalogue's capacity (allocation.h) and writes one
// plan per household, a slice of households per transaction; the plans take
// effect together when the run is marked succeeded. One run at a time; a run
// that fails or is interrupted leaves the last good plans in place.
// Thread-safe: Submit/Progress from any thread; runs execute on a background
// thread owned by the runner (joined on destruction).
#pragma once

#include <atomic>
#include <functional>
#include <mutex>
#include <thread>

#include "batch/allocation.h"
#include "match/matcher.h"
#include "store/batch_store.h"
#include "store/household_store.h"

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

class BatchRunner {
 public:
  // `catch_up` makes every write acknowledged before a run searchable before
  // the run matches anything (it waits for the search index).
  BatchRunner(HouseholdStore& households, BatchStore& batches, Matcher& matcher, const Clock& clock,
              WorkingAge age, std::function<Result<void>()> catch_up)
      : households_(households),
        batches_(batches),
        matcher_(matcher),
        clock_(clock),
        age_(age),
        catch_up_(std::move(catch_up)) {}
  ~BatchRunner();

  // Queues a run and starts it in the background; kConflict while one runs.
  Result<int64_t> Submit(const BatchOptions& options, const std::string& actor);
  // Runs now on the calling thread (the CLI); `on_progress` is called as
  // households are matched.
  Result<int64_t> RunNow(const BatchOptions& options, const std::string& actor,
                         const std::function<void(const BatchProgress&)>& on_progress);
  // Live progress of the run in flight, if `id` is it.
  std::optional<BatchProgress> Progress(int64_t id) const;
  // Waits for the background run, if any (tests, shutdown).
  void Join();

 private:
  Result<void> Execute(int64_t id, const BatchOptions& options,
                       const std::function<void(const BatchProgress&)>& on_progress);

  HouseholdStore& households_;
  BatchStore& batches_;
  Matcher& matcher_;
  const Clock& clock_;
  WorkingAge age_;
  std::function<Result<void>()> catch_up_;

  std::mutex mu_;
  std::thread thread_;  // guarded by mu_
  std::atomic<int64_t> active_id_{0};
  std::atomic<int64_t> done_{0};
  std::atomic<int64_t> total_{0};
};

}  // namespace jobmatch
