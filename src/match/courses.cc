// The matcher's bridge courses: courses that teach what a member nearly has
// for openings within reach (and the openings each would unlock), or the
// skills of an occupation the member wishes for.
#include <algorithm>
#include <map>
#include <unordered_map>

#include "core/clock.h"
#include "core/entity.h"
#include "match/explanation.h"
#include "match/matcher.h"

namespace jobmatch {

std::set<std::string> Matcher::Goals(const Member& m) const {
  std::set<std::string> goals;
  for (const auto& d : m.desired_occupations) {
    if (const Occupation* occ = taxonomy_.FindOccupation(d.id)) {
      for (const auto& s : occ->essential_skills) {
        bool held = std::any_of(m.skills.begin(), m.skills.end(),
                                [&](const MemberSkill& ms) { return ms.skill.id == s; });
        if (!held) goals.insert(s);
      }
    }
  }
  return goals;
}

namespace {

// Openings the member nearly fits: only a few skills or levels missing. Many
// miss the same ones: a course is checked once per distinct gap.
class NearFits {
 public:
  // Candidate `i` lacks just `unmet`.
  void Add(std::size_t i, const std::vector<const Requirement*>& unmet) {
    Gap gap;
    for (const Requirement* r : unmet) {
      gap.emplace_back(r->skill, r->level);
      skills_.insert(r->skill);
    }
    auto [it, added] = index_.emplace(std::move(gap), gaps_.size());
    if (added) {
      gaps_.push_back(&it->first);
      near_.emplace_back();
      by_first_skill_[it->first.front().first].push_back(it->second);
    }
    near_[it->second].push_back(i);
  }

  // The skills worth learning for these openings.
  const std::set<std::string>& skills() const { return skills_; }

  // The candidates whose whole gap a course teaching `taught` (skill → level)
  // bridges, in candidate order.
  std::vector<std::size_t> UnlockedBy(const std::map<std::string, int>& taught) const {
    std::vector<std::size_t> unlocked;
    for (const auto& [skill, level] : taught) {
      auto by = by_first_skill_.find(skill);
      if (by == by_first_skill_.end()) continue;
      for (std::size_t g : by->second) {
        const bool bridged = std::all_of(gaps_[g]->begin(), gaps_[g]->end(), [&](const auto& need) {
          auto it = taught.find(need.first);
          return it != taught.end() && it->second >= need.second;
        });
        if (bridged) unlocked.insert(unlocked.end(), near_[g].begin(), near_[g].end());
      }
    }
    std::sort(unlocked.begin(), unlocked.end());
    return unlocked;
  }

 private:
  using Gap = std::vector<std::pair<std::string, int>>;  // skill, level required
  std::map<Gap, std::size_t> index_;
  std::vector<const Gap*> gaps_;
  std::vector<std::vector<std::size_t>> near_;  // per gap, the candidates missing just it
  // Gaps by their first skill: a course bridges only gaps whose first skill it teaches.
  std::unordered_map<std::string, std::vector<std::size_t>> by_first_skill_;
  std::set<std::string> skills_;
};

std::map<std::string, int> Taught(const Course& course) {
  std::map<std::string, int> taught;
  for (const auto& s : course.skills_taught)
    taught[s.skill.id] = std::max(taught[s.skill.id], s.level);
  return taught;
}

}  // namespace

double Matcher::CourseScore(const Household& h, const Course& course, const CourseCandidate& c,
                            const std::string& today) const {
  const RegionRelation rel = Relate(regions_, h.region, course.region);
  const double prox = course.online ? 1.0 : ProximityScore(rel, std::nullopt, std::nullopt);
  auto start = ParseDate(today);
  auto starts = ParseDate(course.starts_on);
  const double days = start && starts
                          ? (std::chrono::sys_days{*starts} - std::chrono::sys_days{*start}).count()
                          : 0;
  const double soon = std::clamp(1.0 - days / config_.course_horizon_days, 0.0, 1.0);
  const double unlock = std::min(1.0, c.unlocks.size() / 3.0);
  return Round3(0.45 * unlock + 0.2 * (c.teaches_goal ? 1 : 0) + 0.15 * prox +
                0.1 * (course.fee == 0 ? 1 : 0) + 0.1 * soon);
}

Result<std::vector<Matcher::CourseCandidate>> Matcher::ScoreCourses(const Household& h,
                                                                    const Member& m,
                                                                    const Scored& scored,
                                                                    const std::string& today) {
  std::vector<CourseCandidate> out;
  if (m.work_ability == WorkAbility::kNone) return out;
  // Openings kept for want of a certificate are near fits like any other.
  std::vector<const Candidate*> candidates;
  for (const auto* list : {&scored.candidates, &scored.gated}) {
    for (const Candidate& c : *list) candidates.push_back(&c);
  }
  NearFits near;
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    const Candidate& c = *candidates[i];
    const auto n = static_cast<int>(c.scoring.unmet.size());
    if (!c.padding && n > 0 && n <= config_.bridge_max_missing) near.Add(i, c.scoring.unmet);
  }
  const std::set<std::string> goals = Goals(m);
  std::set<std::string> wanted = near.skills();
  wanted.insert(goals.begin(), goals.end());
  if (wanted.empty()) return out;

  auto start = ParseDate(today);
  const std::string horizon = start ? AddDays(*start, config_.course_horizon_days) : today;
  auto hits = RetrieveCourses(searcher_, {wanted.begin(), wanted.end()}, today, horizon,
                              ReachRegion(h, m), 100);
  if (!hits) return std::unexpected(hits.error());

  for (const auto& hit : **hits) {
    auto decoded = courses_.Get(hit.docid, hit.generation, [&] {
      return std::make_shared<const Course>(DecodeCourse(*hit.doc));
    });
    const Course& course = *decoded;
    if (course.seats <= 0) continue;
    CourseCandidate c{hit.doc, std::move(decoded), 0, {}, false};
    if (!course.online && !Reachable(regions_, m, h.region, course.region, std::nullopt)) continue;
    for (std::size_t i : near.UnlockedBy(Taught(course))) c.unlocks.push_back(candidates[i]->id);
    c.teaches_goal = std::any_of(course.skills_taught.begin(), course.skills_taught.end(),
                                 [&](const auto& s) { return goals.contains(s.skill.id); });
    if (c.unlocks.empty() && !c.teaches_goal) continue;
    c.score = CourseScore(h, course, c, today);
    out.push_back(std::move(c));
  }
  std::stable_sort(out.begin(), out.end(), [](const CourseCandidate& a, const CourseCandidate& b) {
    return a.score != b.score ? a.score > b.score : a.course->id < b.course->id;
  });
  return out;
}

nlohmann::json Matcher::CourseItem(const Household& h, const Member& m, CourseCandidate c) const {
  const Course& course = *c.course;
  nlohmann::json learn = nlohmann::json::array(), already = nlohmann::json::array();
  for (const auto& s : course.skills_taught) {
    int held = 0;
    for (const auto& ms : m.skills) {
      if (ms.skill.id == s.skill.id) held = std::max(held, ms.level);
    }
    SkillMatch sm{s.skill.id, s.skill.name, s.level,
                  held,       false,        taxonomy_.CertificateOf(s.skill.id) != nullptr};
    (held >= s.level ? already : learn).push_back(SkillMatchJson(sm));
  }
  std::vector<std::string> reasons;
  if (!c.unlocks.empty()) {
    reasons.push_back("完成" + course.title + "后可匹配 " + std::to_string(c.unlocks.size()) +
                      " 个岗位");
  }
  if (c.teaches_goal) reasons.push_back("培训内容符合本人求职意向");
  if (course.fee == 0) reasons.push_back("免费培训");
  reasons.push_back(course.starts_on + "开课，剩余" + std::to_string(course.seats) + "个名额");
  if (course.certificate && !course.skills_taught.empty()) {
    const TermRef& first = course.skills_taught.front().skill;
    const CertificateKind* kind = taxonomy_.CertificateOf(first.id);
    reasons.push_back(kind ? "结业可考取" + kind->name + "（" + first.name + "）"
                           : "结业可获" + first.name + Level(*course.certificate) + "证书");
  }
  if (course.online) reasons.push_back("线上培训，不受距离限制");
  const std::string_view rel =
      course.online ? "online" : RegionRelationName(Relate(regions_, h.region, course.region));
  nlohmann::json item = *c.doc;
  item["score"] = c.score;
  item["unlocks"] = c.unlocks;
  item["explanation"] = {{"matched_skills", std::move(already)},
                         {"missing_skills", std::move(learn)},
                         {"region_relation", rel},
                         {"distance_km", nullptr},
                         {"wage_ok", nullptr},
                         {"unlocks", c.unlocks},
                         {"reasons", std::move(reasons)}};
  return item;
}

Result<std::vector<nlohmann::json>> Matcher::Courses(const Household& h, const Member& m,
                                                     const std::string& today, int limit) {
  auto scored = ScoreOpenings(h, m, today);
  if (!scored) return std::unexpected(scored.error());
  auto courses = ScoreCourses(h, m, *scored, today);
  if (!courses) return std::unexpected(courses.error());
  std::vector<nlohmann::json> out;
  for (auto& c : *courses) {
    if (static_cast<int>(out.size()) >= limit) break;
    out.push_back(CourseItem(h, m, std::move(c)));
  }
  return out;
}

Result<std::vector<nlohmann::json>> Matcher::ExplainCourses(
    const Household& h, const Member& m, const std::vector<ScoredCourse>& chosen) {
  std::vector<int64_t> ids;
  for (const auto& c : chosen) ids.push_back(c.id);
  auto docs = FetchStored(searcher_, kEntityCourse, ids);
  if (!docs) return std::unexpected(docs.error());
  const std::set<std::string> goals = Goals(m);
  std::vector<nlohmann::json> out;
  for (std::size_t i = 0; i < chosen.size(); ++i) {
    if ((*docs)[i].is_null()) continue;  // deleted since it was scored
    auto doc = std::make_shared<const nlohmann::json>(std::move((*docs)[i]));
    CourseCandidate c{doc, std::make_shared<const Course>(DecodeCourse(*doc)), chosen[i].score,
                      chosen[i].unlocks, false};
    c.teaches_goal = std::any_of(c.course->skills_taught.begin(), c.course->skills_taught.end(),
                                 [&](const auto& s) { return goals.contains(s.skill.id); });
    nlohmann::json item = CourseItem(h, m, std::move(c));
    out.push_back({{"id", item.at("id")},
                   {"title", item.at("title")},
                   {"score", item.at("score")},
                   {"seats", item.value("seats", 0)},
                   {"unlocks", item.at("unlocks")},
                   {"explanation", std::move(item.at("explanation"))}});
  }
  return out;
}

}  // namespace jobmatch
