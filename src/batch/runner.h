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
#include <chrono>
#include <functional>
#include <mutex>
#include <span>
#include <thread>

#include "batch/allocation.h"
#include "batch/options.h"
#include "batch/plan.h"
#include "match/matcher.h"
#include "store/batch_store.h"
#include "store/household_store.h"

namespace jobmatch {

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
                         const ProgressFn& on_progress);
  // Live progress of the run in flight, if `id` is it.
  std::optional<BatchProgress> Progress(int64_t id) const;
  // Waits for the background run, if any (tests, shutdown).
  void Join();

 private:
  // Where a run's time went, for its summary.
  struct PhaseTimes {
    std::chrono::steady_clock::duration explain{}, plan{}, write{};
  };

  // The run's phases, in order (docs/batch.md).
  Result<void> Execute(int64_t id, const BatchOptions& options, const ProgressFn& on_progress);
  // The households to plan (pointing into `households`, which it fills).
  Result<std::vector<HouseholdWork>> Select(const BatchOptions& options,
                                            std::vector<Household>& households);
  Result<void> MatchAll(std::span<HouseholdWork* const> order, const BatchOptions& options,
                        int threads, const ProgressFn& on_progress);
  Result<Allocation> AllocateCapacity(const std::vector<HouseholdWork>& work,
                                      const BatchOptions& options);
  Result<void> Explain(HouseholdWork& hw, const Allocation& alloc, const std::string& as_of);
  Result<PlanTotals> ExplainAndWrite(int64_t id, std::span<HouseholdWork* const> order,
                                     const Allocation& alloc, const BatchOptions& options,
                                     int threads, PhaseTimes& times);

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
