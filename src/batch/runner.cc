#include "batch/runner.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <set>
#include <span>

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

struct MemberWork {
  const Member* member = nullptr;
  Shortlist shortlist;                        // scored, for the allocation
  std::vector<nlohmann::json> jobs, courses;  // allocated, explained
  std::vector<nlohmann::json> aid;
};

struct HouseholdWork {
  const Household* household = nullptr;
  bool zero = false;
  Tier tier = Tier::kRest;
  std::vector<MemberWork> members;
  std::string error;
};

bool Selected(const Member& m) {
  return m.work_ability != WorkAbility::kNone &&
         (m.employment == Employment::kUnemployed || m.employment == Employment::kUnderemployed);
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

// Runs `fn` on every household, `threads` at a time. The first error wins.
template <typename Fn>
std::string ForEachHousehold(std::span<HouseholdWork* const> households, int threads, Fn fn) {
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i; (i = next++) < households.size();) {
      if (auto r = fn(*households[i]); !r) households[i]->error = r.error().message;
    }
  };
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) pool.emplace_back(worker);
  for (auto& t : pool) t.join();
  for (const HouseholdWork* hw : households) {
    if (!hw->error.empty()) return hw->error;
  }
  return "";
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
                                    const std::function<void(const BatchProgress&)>& on_progress) {
  auto id = batches_.CreateQueued(options.region, options.as_of, actor);
  if (!id) return id;
  active_id_ = *id;
  auto r = Execute(*id, options, on_progress);
  active_id_ = 0;
  if (!r) return std::unexpected(r.error());
  return id;
}

Result<void> BatchRunner::Execute(int64_t id, const BatchOptions& options,
                                  const std::function<void(const BatchProgress&)>& on_progress) {
  const auto t0 = std::chrono::steady_clock::now();
  done_ = 0;
  total_ = 0;
  auto failed = [&](const Error& e) -> Result<void> {
    (void)batches_.MarkFailed(id, e.message, done_.load());
    return std::unexpected(e);
  };

  if (auto r = catch_up_(); !r) return failed(r.error());

  // 1. Selection: active households with a member able to work and not in work.
  HouseholdFilter filter;
  filter.region = options.region;
  filter.status = "active";
  filter.limit = std::numeric_limits<int>::max();
  auto page = households_.List(filter);
  if (!page) return failed(page.error());
  std::vector<HouseholdWork> work;
  for (const auto& h : page->second) {
    HouseholdWork hw{&h, IsZeroEmployment(h, options.as_of, age_), Tier::kRest, {}, {}};
    bool graduate_or_special = false;
    for (const auto& m : h.members) {
      if (!Selected(m)) continue;
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
  total_ = static_cast<int64_t>(work.size());
  if (auto r = batches_.MarkRunning(id, total_); !r) return failed(r.error());
  const auto t_selected = std::chrono::steady_clock::now();

  // 2. Matching, in parallel: each worker takes the next household.
  const int threads =
      options.threads > 0 ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  const std::vector<HouseholdWork*> order = PlaceByPlace(work);
  std::string error = ForEachHousehold(order, threads, [&](HouseholdWork& hw) -> Result<void> {
    for (auto& mw : hw.members) {
      const Member& m = *mw.member;
      auto list =
          matcher_.ShortlistFor(*hw.household, m, options.as_of,
                                hw.zero ? kManyCandidates : kFewCandidates, kCoursesPerMember);
      if (!list) return std::unexpected(list.error());
      mw.shortlist = std::move(*list);
    }
    const int64_t d = ++done_;
    if (on_progress) on_progress({d, total_.load()});
    return {};
  });
  if (!error.empty()) return failed(Error{ErrorKind::kInternal, "batch_failed", error, "", {}, {}});
  const auto t_matched = std::chrono::steady_clock::now();

  // 3. Capacity: positions × k less placements; seats less enrolments.
  auto placed = batches_.CountByStatus("opening", kPlacedStatuses);
  auto enrolled = batches_.CountByStatus("course", kEnrolledStatuses);
  if (!placed) return failed(placed.error());
  if (!enrolled) return failed(enrolled.error());
  AllocationLimits limits;
  std::vector<HouseholdCandidates> input;
  for (const auto& hw : work) {
    HouseholdCandidates hc{hw.household->id, hw.tier, hw.zero, {}};
    for (const auto& mw : hw.members) {
      const Shortlist& list = mw.shortlist;
      MemberCandidates mc{mw.member->id, true, {}, {}, !list.courses.empty()};
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
  const Allocation alloc = Allocate(std::move(input), limits);
  const auto t_allocated = std::chrono::steady_clock::now();

  // 4. Explanations, in parallel, for only what was allocated; then the plans,
  // one per household, written a slice of households at a time so that the
  // run never holds every explanation at once.
  auto explain = [&](HouseholdWork& hw) -> Result<void> {
    for (auto& mw : hw.members) {
      const Member& m = *mw.member;
      std::vector<ScoredOpening> jobs;
      std::vector<ScoredCourse> courses;
      if (auto it = alloc.jobs.find(m.id); it != alloc.jobs.end()) {
        for (const auto& c : it->second) {
          const auto& all = mw.shortlist.openings;
          jobs.push_back(*std::find_if(all.begin(), all.end(),
                                       [&](const ScoredOpening& o) { return o.id == c.id; }));
        }
      }
      if (auto it = alloc.courses.find(m.id); it != alloc.courses.end()) {
        for (const auto& c : it->second) {
          const auto& all = mw.shortlist.courses;
          courses.push_back(*std::find_if(all.begin(), all.end(),
                                          [&](const ScoredCourse& s) { return s.id == c.id; }));
        }
      }
      auto explained_jobs = matcher_.ExplainOpenings(*hw.household, m, jobs, options.as_of);
      if (!explained_jobs) return std::unexpected(explained_jobs.error());
      auto explained_courses = matcher_.ExplainCourses(*hw.household, m, courses);
      if (!explained_courses) return std::unexpected(explained_courses.error());
      // Aid has no capacity: it is matched with the explanations, not held.
      auto aid = matcher_.Aid(*hw.household, m, options.as_of, kAidPerMember);
      if (!aid) return std::unexpected(aid.error());
      for (auto& item : *aid) mw.aid.push_back(Lean(std::move(item)));
      mw.jobs = std::move(*explained_jobs);
      mw.courses = std::move(*explained_courses);
    }
    return {};
  };
  std::map<std::string, int64_t> tracks;
  int64_t jobs = 0, course_recs = 0, aid_recs = 0, zero = 0, zero_served = 0, members = 0;
  std::chrono::steady_clock::duration explain_time{}, plan_time{}, write_time{};
  for (std::size_t begin = 0; begin < order.size(); begin += kWriteSlice) {
    const auto slice = std::span(order).subspan(begin, std::min(kWriteSlice, order.size() - begin));
    const auto t_slice = std::chrono::steady_clock::now();
    error = ForEachHousehold(slice, threads, explain);
    if (!error.empty())
      return failed(Error{ErrorKind::kInternal, "batch_failed", error, "", {}, {}});
    const auto t_explained = std::chrono::steady_clock::now();
    std::vector<PlanWrite> plans;
    std::vector<nlohmann::json> skeletons;  // plan docs, items without their ids
    for (HouseholdWork* hwp : slice) {
      HouseholdWork& hw = *hwp;
      PlanWrite pw{hw.household->id, hw.zero, hw.household->dibao, false, {}};
      nlohmann::json doc = {{"household_id", hw.household->id},
                            {"archive_no", hw.household->archive_no},
                            {"batch_id", id},
                            {"as_of", options.as_of},
                            {"counsellor", hw.household->counsellor},
                            {"zero_employment", hw.zero},
                            {"needs_attention", nullptr},
                            {"members", nlohmann::json::array()}};
      bool household_has_job = false;
      for (auto& mw : hw.members) {
        const Member& m = *mw.member;
        ++members;
        household_has_job |= !mw.jobs.empty();
        const std::string track = IsRecentGraduate(m, options.as_of) ? "graduate"
                                  : m.wants_startup                  ? "startup"
                                  : !mw.jobs.empty()                 ? "job"
                                  : !mw.courses.empty()              ? "training"
                                                                     : "job";
        ++tracks[track];
        nlohmann::json mj = {{"member_id", m.id},
                             {"name", m.name},
                             {"track", track},
                             {"jobs", nlohmann::json::array()},
                             {"courses", nlohmann::json::array()},
                             {"aid", nlohmann::json::array()}};
        // The recommendation id is known once written: the item remembers its
        // index. Explanations move: the batch holds each one once.
        auto add = [&](const char* list, const char* kind, nlohmann::json& item) {
          pw.recommendations.push_back(
              {m.id, track, kind, item.at("id"), item.at("title"), item.at("score")});
          mj[list].push_back({{"index", pw.recommendations.size() - 1},
                              {"id", item.at("id")},
                              {"title", std::move(item.at("title"))},
                              {"score", item.at("score")},
                              {"explanation", std::move(item.at("explanation"))}});
        };
        for (auto& j : mw.jobs) add("jobs", "opening", j);
        for (auto& c : mw.courses) add("courses", "course", c);
        for (auto& a : mw.aid) add("aid", "aid", a);
        jobs += static_cast<int64_t>(mw.jobs.size());
        course_recs += static_cast<int64_t>(mw.courses.size());
        aid_recs += static_cast<int64_t>(mw.aid.size());
        doc["members"].push_back(std::move(mj));
      }
      if (hw.zero) {
        ++zero;
        zero_served += household_has_job;
      }
      if (auto it = alloc.needs_attention.find(hw.household->id);
          it != alloc.needs_attention.end()) {
        pw.needs_attention = true;
        nlohmann::json bridges = nlohmann::json::array();
        if (it->second == "skills_gap") {
          for (const auto& mw : hw.members) {
            for (const auto& c : mw.shortlist.courses) {
              bridges.push_back({{"member_id", mw.member->id},
                                 {"course_id", c.id},
                                 {"title", c.title},
                                 {"unlocks", c.unlocks}});
            }
          }
        }
        doc["needs_attention"] = {{"reason", it->second}, {"bridge_courses", std::move(bridges)}};
      }
      hw.members = std::vector<MemberWork>();  // all of it is in the plan now
      skeletons.push_back(std::move(doc));
      plans.push_back(std::move(pw));
    }
    const auto t_planned = std::chrono::steady_clock::now();
    auto build = [&](std::size_t i, const std::vector<int64_t>& ids) {
      nlohmann::json doc = std::move(skeletons[i]);
      for (auto& mj : doc["members"]) {
        for (const char* list : {"jobs", "courses", "aid"}) {
          for (auto& item : mj[list]) {
            item["recommendation_id"] = ids[item.at("index").get<std::size_t>()];
            item.erase("index");
          }
        }
      }
      return doc;
    };
    if (auto r = batches_.WritePlans(id, plans, build); !r) return failed(r.error());
    explain_time += t_explained - t_slice;
    plan_time += t_planned - t_explained;
    write_time += std::chrono::steady_clock::now() - t_planned;
  }
  nlohmann::json summary = {
      {"households", work.size()},
      {"members", members},
      {"recommendations", {{"jobs", jobs}, {"courses", course_recs}, {"aid", aid_recs}}},
      {"tracks", tracks},
      {"zero_employment_households", zero},
      {"zero_employment_with_job", zero_served},
      {"needs_attention", alloc.needs_attention.size()},
      {"k", options.k},
      {"threads", threads},
      {"timings_ms",
       {{"select", Ms(t_selected - t0)},
        {"match", Ms(t_matched - t_selected)},
        {"allocate", Ms(t_allocated - t_matched)},
        {"explain", Ms(explain_time)},
        {"plan", Ms(plan_time)},
        {"write", Ms(write_time)}}}};
  if (auto r = batches_.Succeed(id, done_.load(), summary); !r) return failed(r.error());
  // Retention is housekeeping: a failure is logged and the run stands.
  if (auto pruned = batches_.Prune(options.keep_runs); !pruned) {
    std::fprintf(stderr, "batch %lld: pruning old runs failed: %s\n", static_cast<long long>(id),
                 pruned.error().message.c_str());
  }
  return {};
}

}  // namespace jobmatch
