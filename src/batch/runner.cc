#include "batch/runner.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <set>
#include <span>

#include "batch/plan.h"
#include "core/catalog.h"

namespace jobmatch {

namespace {

constexpr int kFewCandidates = 30;     // openings kept per member
constexpr int kManyCandidates = 300;   // for zero-employment members: the guarantee needs them all
constexpr int kCoursesPerMember = 10;  // bridge courses considered per member
constexpr int kAidPerMember = 5;
constexpr std::size_t kWriteSlice = 2000;  // households explained and written together

const std::vector<std::string> kPlacedStatuses = {"hired", "retained_1m", "retained_3m",
                                                  "retained_6m"};
const std::vector<std::string> kEnrolledStatuses = {"enrolled", "completed"};

// Able to work, seeking work, and of an age the law lets work (LabourLaw::NoJobs).
bool Selected(const Member& m, const LabourLaw& law, std::string_view as_of) {
  return m.work_ability != WorkAbility::kNone &&
         (m.employment == Employment::kUnemployed || m.employment == Employment::kUnderemployed) &&
         !law.NoJobs(m, as_of);
}

// What a plan keeps of an aid product.
nlohmann::json Lean(nlohmann::json item) {
  return {{"id", item.at("id")},
          {"title", item.at("title")},
          {"score", item.at("score")},
          {"explanation", std::move(item.at("explanation"))}};
}

// Households in the order they are matched and written: place by place, so
// that members who want the same things in the same place come together and
// share the searcher's cached retrieval.
std::vector<HouseholdWork*> PlaceByPlace(std::vector<HouseholdWork>& work) {
  std::vector<HouseholdWork*> order;
  for (auto& hw : work) order.push_back(&hw);
  std::stable_sort(order.begin(), order.end(), [](const HouseholdWork* a, const HouseholdWork* b) {
    return a->household->region < b->household->region;
  });
  return order;
}

// Runs `fn` on every household, `threads` at a time. A worker never lets an
// exception escape (it would end the process): a household that throws fails
// the run like one that returns an error. The first failing household wins.
template <typename Fn>
Result<void> ForEachHousehold(std::span<HouseholdWork* const> households, int threads, Fn fn) {
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i; (i = next++) < households.size();) {
      HouseholdWork& hw = *households[i];
      const std::string who = "household " + std::to_string(hw.household->id) + ": ";
      try {
        if (auto r = fn(hw); !r) hw.error = r.error();
      } catch (const std::exception& e) {
        hw.error = Error{ErrorKind::kInternal, "batch_failed", who + e.what(), "", {}, {}};
      } catch (...) {
        hw.error = Error{ErrorKind::kInternal, "batch_failed", who + "unknown error", "", {}, {}};
      }
    }
  };
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) pool.emplace_back(worker);
  for (auto& t : pool) t.join();
  for (const HouseholdWork* hw : households) {
    if (hw->error) return std::unexpected(*hw->error);
  }
  return {};
}

int64_t Ms(std::chrono::steady_clock::duration d) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
}

}  // namespace

BatchRunner::~BatchRunner() {
  Join();
}

void BatchRunner::Join() {
  std::thread t;
  {
    std::lock_guard lock(mu_);
    t = std::move(thread_);
  }
  if (t.joinable()) t.join();
}

std::optional<BatchProgress> BatchRunner::Progress(int64_t id) const {
  if (active_id_.load() != id) return std::nullopt;
  return BatchProgress{done_.load(), total_.load()};
}

Result<int64_t> BatchRunner::Submit(const BatchOptions& options, const std::string& actor) {
  std::lock_guard lock(mu_);
  if (active_id_.load() != 0) {
    return fail(ErrorKind::kConflict, "batch_running", "a batch is already queued or running");
  }
  auto id = batches_.CreateQueued(options.region, options.as_of, actor);
  if (!id) return id;
  if (thread_.joinable()) thread_.join();  // the previous run has finished
  done_ = 0;
  total_ = 0;
  active_id_ = *id;
  thread_ = std::thread([this, id = *id, options] {
    if (auto r = Execute(id, options, nullptr); !r) {
      std::fprintf(stderr, "batch %lld failed: %s\n", static_cast<long long>(id),
                   r.error().message.c_str());
    }
    active_id_ = 0;
  });
  return id;
}

Result<int64_t> BatchRunner::RunNow(const BatchOptions& options, const std::string& actor,
                                    const ProgressFn& on_progress) {
  auto id = batches_.CreateQueued(options.region, options.as_of, actor);
  if (!id) return id;
  active_id_ = *id;
  auto r = Execute(*id, options, on_progress);
  active_id_ = 0;
  if (!r) return std::unexpected(r.error());
  return id;
}

Result<std::vector<HouseholdWork>> BatchRunner::Select(const BatchOptions& options,
                                                       std::vector<Household>& households) {
  HouseholdFilter filter;
  filter.region = options.region;
  filter.status = "active";
  filter.limit = std::numeric_limits<int>::max();
  auto page = households_.List(filter);
  if (!page) return std::unexpected(page.error());
  households = std::move(page->second);
  std::vector<HouseholdWork> work;
  for (const auto& h : households) {
    HouseholdWork hw{&h, IsZeroEmployment(h, options.as_of, age_), Tier::kRest, {}, {}};
    bool graduate_or_special = false;
    for (const auto& m : h.members) {
      if (!Selected(m, matcher_.config().law, options.as_of)) continue;
      hw.members.push_back({&m, {}, {}, {}, {}});
      graduate_or_special |= IsRecentGraduate(m, options.as_of) || !m.special_groups.empty();
    }
    // A zero-employment household nobody in which is seeking work (students,
    // early retirees) still gets a plan: flagged for a counsellor.
    if (hw.members.empty() && !hw.zero) continue;
    hw.tier = hw.zero               ? Tier::kZeroEmployment
              : h.dibao             ? Tier::kDibao
              : graduate_or_special ? Tier::kGraduateOrSpecial
                                    : Tier::kRest;
    work.push_back(std::move(hw));
  }
  return work;
}

Result<void> BatchRunner::MatchAll(std::span<HouseholdWork* const> order,
                                   const BatchOptions& options, int threads,
                                   const ProgressFn& on_progress) {
  return ForEachHousehold(order, threads, [&](HouseholdWork& hw) -> Result<void> {
    for (auto& mw : hw.members) {
      auto list =
          matcher_.ShortlistFor(*hw.household, *mw.member, options.as_of,
                                hw.zero ? kManyCandidates : kFewCandidates, kCoursesPerMember);
      if (!list) return std::unexpected(list.error());
      mw.shortlist = std::move(*list);
    }
    const int64_t d = ++done_;
    if (on_progress) on_progress({d, total_.load()});
    return {};
  });
}

Result<Allocation> BatchRunner::AllocateCapacity(const std::vector<HouseholdWork>& work,
                                                 const BatchOptions& options) {
  // Capacity: positions × k less placements; seats less enrolments.
  auto placed = batches_.CountByStatus("opening", kPlacedStatuses);
  if (!placed) return std::unexpected(placed.error());
  auto enrolled = batches_.CountByStatus("course", kEnrolledStatuses);
  if (!enrolled) return std::unexpected(enrolled.error());
  AllocationLimits limits;
  std::vector<HouseholdCandidates> input;
  for (const auto& hw : work) {
    HouseholdCandidates hc{hw.household->id, hw.tier, hw.zero, {}};
    for (const auto& mw : hw.members) {
      const Shortlist& list = mw.shortlist;
      MemberCandidates mc{mw.member->id, true, {}, {}, !list.courses.empty(), list.law_excluded};
      for (const auto& o : list.openings) {
        mc.openings.push_back({o.id, o.score});
        if (!limits.opening_cap.contains(o.id)) {
          const int64_t left = std::max<int64_t>(0, o.positions - (*placed)[o.id]);
          limits.opening_cap[o.id] = left * options.k;
        }
      }
      for (const auto& c : list.courses) {
        mc.courses.push_back({c.id, c.score});
        if (!limits.course_cap.contains(c.id)) {
          limits.course_cap[c.id] = std::max<int64_t>(0, c.seats - (*enrolled)[c.id]);
        }
      }
      hc.members.push_back(std::move(mc));
    }
    input.push_back(std::move(hc));
  }
  // For bench/allocation_bench: the allocation's input, to compare passes on.
  if (const char* path = std::getenv("JOBMATCH_DUMP_ALLOCATION")) {
    std::ofstream(path) << AllocationInputText(input, limits);
  }
  return Allocate(std::move(input), limits);
}

Result<void> BatchRunner::Explain(HouseholdWork& hw, const Allocation& alloc,
                                  const std::string& as_of) {
  // The allocated items of `all`, in the allocation's order.
  auto chosen = [](const auto& all, const std::vector<Candidate>& picks) {
    std::vector<typename std::decay_t<decltype(all)>::value_type> out;
    for (const auto& c : picks) {
      out.push_back(
          *std::find_if(all.begin(), all.end(), [&](const auto& s) { return s.id == c.id; }));
    }
    return out;
  };
  for (auto& mw : hw.members) {
    const Member& m = *mw.member;
    std::vector<ScoredOpening> jobs;
    std::vector<ScoredCourse> courses;
    if (auto it = alloc.jobs.find(m.id); it != alloc.jobs.end()) {
      jobs = chosen(mw.shortlist.openings, it->second);
    }
    if (auto it = alloc.courses.find(m.id); it != alloc.courses.end()) {
      courses = chosen(mw.shortlist.courses, it->second);
    }
    auto explained_jobs = matcher_.ExplainOpenings(*hw.household, m, jobs, as_of);
    if (!explained_jobs) return std::unexpected(explained_jobs.error());
    auto explained_courses = matcher_.ExplainCourses(*hw.household, m, courses);
    if (!explained_courses) return std::unexpected(explained_courses.error());
    // Aid has no capacity: it is matched with the explanations, not held.
    auto aid = matcher_.Aid(*hw.household, m, as_of, kAidPerMember);
    if (!aid) return std::unexpected(aid.error());
    for (auto& item : *aid) mw.aid.push_back(Lean(std::move(item)));
    mw.jobs = std::move(*explained_jobs);
    mw.courses = std::move(*explained_courses);
  }
  return {};
}

Result<PlanTotals> BatchRunner::ExplainAndWrite(int64_t id, std::span<HouseholdWork* const> order,
                                                const Allocation& alloc,
                                                const BatchOptions& options, int threads,
                                                PhaseTimes& times) {
  // A slice of households at a time, so that the run never holds every
  // explanation at once.
  PlanTotals totals;
  for (std::size_t begin = 0; begin < order.size(); begin += kWriteSlice) {
    const auto slice = order.subspan(begin, std::min(kWriteSlice, order.size() - begin));
    const auto t_slice = std::chrono::steady_clock::now();
    auto explained = ForEachHousehold(
        slice, threads, [&](HouseholdWork& hw) { return Explain(hw, alloc, options.as_of); });
    if (!explained) return std::unexpected(explained.error());
    const auto t_explained = std::chrono::steady_clock::now();
    std::vector<PlanWrite> plans;
    std::vector<nlohmann::json> docs;  // items without their recommendation ids yet
    for (HouseholdWork* hw : slice) {
      PlannedHousehold planned = PlanHousehold(*hw, alloc, id, options.as_of, totals);
      plans.push_back(std::move(planned.write));
      docs.push_back(std::move(planned.doc));
    }
    const auto t_planned = std::chrono::steady_clock::now();
    auto build = [&](std::size_t i, const std::vector<int64_t>& ids) {
      return WithRecommendationIds(std::move(docs[i]), ids);
    };
    if (auto r = batches_.WritePlans(id, plans, build); !r) return std::unexpected(r.error());
    times.explain += t_explained - t_slice;
    times.plan += t_planned - t_explained;
    times.write += std::chrono::steady_clock::now() - t_planned;
  }
  return totals;
}

Result<void> BatchRunner::Execute(int64_t id, const BatchOptions& options,
                                  const ProgressFn& on_progress) {
  const auto t0 = std::chrono::steady_clock::now();
  done_ = 0;
  total_ = 0;
  auto failed = [&](const Error& e) -> Result<void> {
    (void)batches_.MarkFailed(id, e.message, done_.load());
    return std::unexpected(e);
  };
  if (auto r = catch_up_(); !r) return failed(r.error());

  // 1. Selection: active households with a member able to work and not in work.
  std::vector<Household> households;
  auto work = Select(options, households);
  if (!work) return failed(work.error());
  total_ = static_cast<int64_t>(work->size());
  if (auto r = batches_.MarkRunning(id, total_); !r) return failed(r.error());
  const auto t_selected = std::chrono::steady_clock::now();

  // 2. Matching, in parallel: each worker takes the next household.
  const int threads =
      options.threads > 0 ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  const std::vector<HouseholdWork*> order = PlaceByPlace(*work);
  if (auto r = MatchAll(order, options, threads, on_progress); !r) return failed(r.error());
  const auto t_matched = std::chrono::steady_clock::now();

  // 3. Allocation under capacity (allocation.h).
  auto alloc = AllocateCapacity(*work, options);
  if (!alloc) return failed(alloc.error());
  const auto t_allocated = std::chrono::steady_clock::now();

  // 4. Explanations for only what was allocated, then one plan per household.
  PhaseTimes times;
  auto totals = ExplainAndWrite(id, order, *alloc, options, threads, times);
  if (!totals) return failed(totals.error());

  nlohmann::json summary = {
      {"households", work->size()},
      {"members", totals->members},
      {"recommendations",
       {{"jobs", totals->jobs}, {"courses", totals->courses}, {"aid", totals->aid}}},
      {"tracks", totals->tracks},
      {"zero_employment_households", totals->zero_employment},
      {"zero_employment_with_job", totals->zero_employment_with_job},
      {"needs_attention", alloc->needs_attention.size()},
      {"k", options.k},
      {"threads", threads},
      {"timings_ms",
       {{"select", Ms(t_selected - t0)},
        {"match", Ms(t_matched - t_selected)},
        {"allocate", Ms(t_allocated - t_matched)},
        {"explain", Ms(times.explain)},
        {"plan", Ms(times.plan)},
        {"write", Ms(times.write)}}}};
  if (auto r = batches_.Succeed(id, done_.load(), summary); !r) return failed(r.error());
  // Retention is housekeeping: a failure is logged and the run stands.
  if (auto pruned = batches_.Prune(options.keep_runs); !pruned) {
    std::fprintf(stderr, "batch %lld: pruning old runs failed: %s\n", static_cast<long long>(id),
                 pruned.error().message.c_str());
  }
  return {};
}

}  // namespace jobmatch
