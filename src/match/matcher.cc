#include "match/matcher.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <set>

#include "core/catalog.h"
#include "core/clock.h"

namespace jobmatch {

namespace {

constexpr const char* kLevelShort[] = {"", "五级", "四级", "三级", "二级", "一级"};

// "三级" — short, for certificates ("持有焊条电弧焊三级证书").
std::string Level(int level) {
  return level >= 1 && level <= 5 ? kLevelShort[level] : std::to_string(level) + "级";
}

nlohmann::json SkillMatchJson(const SkillMatch& s) {
  return {{"skill", s.skill},
          {"name", s.name},
          {"required_level", s.required_level},
          {"held_level", s.held_level},
          {"certified", s.certified}};
}

nlohmann::json Opt(std::optional<double> v) {
  return v ? nlohmann::json(std::round(*v * 10) / 10) : nlohmann::json(nullptr);
}
nlohmann::json Opt(std::optional<bool> v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

double Round3(double v) {
  return std::round(v * 1000) / 1000;
}

std::optional<GeoPoint> LocationOf(const nlohmann::json& doc) {
  const auto& loc = doc.value("location", nlohmann::json());
  if (!loc.is_object()) return std::nullopt;
  return GeoPoint{loc.at("lat"), loc.at("lon")};
}

std::optional<int64_t> OptInt(const nlohmann::json& doc, const char* key) {
  const auto& v = doc.value(key, nlohmann::json());
  return v.is_number() ? std::optional<int64_t>(v.get<int64_t>()) : std::nullopt;
}

}  // namespace

Result<MatchConfig> MatchConfig::Load(const std::string& index_dir) {
  MatchConfig c;
  std::ifstream in(index_dir + "/minimum_wages.json");
  if (!in)
    return fail(ErrorKind::kInternal, "config_missing",
                "cannot read " + index_dir + "/minimum_wages.json");
  try {
    auto j = nlohmann::json::parse(in);
    c.default_minimum_wage = j.at("default");
    for (const auto& [code, wage] : j.at("by_province").items()) c.minimum_wage[code] = wage;
  } catch (const nlohmann::json::exception& e) {
    return fail(ErrorKind::kInternal, "config_corrupt",
                std::string("minimum_wages.json: ") + e.what());
  }
  return c;
}

std::optional<MatchKind> ParseMatchKind(std::string_view s) {
  if (s == "openings") return MatchKind::kOpenings;
  if (s == "courses") return MatchKind::kCourses;
  if (s == "aid") return MatchKind::kAid;
  return std::nullopt;
}

int64_t Matcher::MinimumWage(const std::string& region) const {
  auto lineage = regions_.Lineage(region);
  if (!lineage.empty()) {
    auto it = config_.minimum_wage.find(lineage.front()->code);
    if (it != config_.minimum_wage.end()) return it->second;
  }
  return config_.default_minimum_wage;
}

Xapian::Query Matcher::ReachFilter(const Household& h, const Member& m) const {
  const std::string& prefix = searcher_.schema().prefix.region;
  auto lineage = regions_.Lineage(h.region);
  if (lineage.empty()) return Xapian::Query(prefix + h.region);
  // A commute radius may cross the reach's border: widen to the province and
  // let the exact distance decide.
  Reach reach = m.location && m.max_commute_km ? Reach::kProvince : m.reach;
  const Region* chosen = lineage.back();
  if (reach == Reach::kProvince) {
    chosen = lineage.front();
  } else if (reach == Reach::kCity && lineage.size() >= 2 &&
             lineage[1]->name.find("直辖县级行政区划") == std::string::npos) {
    chosen = lineage[1];
  }
  return Xapian::Query(prefix + chosen->code);
}

Result<std::vector<Matcher::Candidate>> Matcher::ScoreOpenings(const Household& h, const Member& m,
                                                               const std::string& today) {
  std::vector<Candidate> out;
  if (m.work_ability == WorkAbility::kNone) return out;
  const auto& p = searcher_.schema().prefix;
  const Weights& w = config_.weights;

  // What the member might be good for: their skills and desired occupations,
  // by id (boolean) and by name (weighted text).
  std::vector<Xapian::Query> want;
  std::string words;
  for (const auto& s : m.skills) {
    want.emplace_back(p.skill + s.skill.id);
    words += s.skill.name + " ";
  }
  for (const auto& o : m.desired_occupations) {
    want.emplace_back(p.occupation + o.id);
    words += taxonomy_.ResolveOccupation(o.id).name + " ";
  }
  for (const auto& occ : taxonomy_.occupations()) {
    for (const auto& s : m.skills) {
      if (std::find(occ.essential_skills.begin(), occ.essential_skills.end(), s.skill.id) !=
          occ.essential_skills.end()) {
        want.emplace_back(p.occupation + occ.id);
      }
    }
  }
  Xapian::Query relevance = MatchEverything();
  if (!want.empty()) {
    Xapian::Query text(Xapian::Query::OP_OR, want.begin(), want.end());
    std::vector<Xapian::Query> named;
    std::string token;
    for (std::size_t i = 0; i <= words.size(); ++i) {
      if (i == words.size() || words[i] == ' ') {
        if (!token.empty()) named.push_back(searcher_.TextQuery(token));
        token.clear();
      } else {
        token += words[i];
      }
    }
    named.push_back(text);
    relevance = Xapian::Query(Xapian::Query::OP_OR, named.begin(), named.end());
  }
  std::vector<Xapian::Query> filters{
      Xapian::Query(p.type + kTypeOpening), searcher_.OpenOn(today), ReachFilter(h, m),
      Xapian::Query(p.education + std::to_string(EducationRank(m.education)))};
  if (m.work_ability == WorkAbility::kPartial) filters.emplace_back(p.full_time + "0");
  Xapian::Query query(Xapian::Query::OP_FILTER, relevance,
                      Xapian::Query(Xapian::Query::OP_AND, filters.begin(), filters.end()));
  auto hits = searcher_.Retrieve(query, config_.candidates);
  if (!hits) return std::unexpected(hits.error());

  const bool zero = IsZeroEmployment(h, today, config_.working_age);
  const bool graduate = IsRecentGraduate(m, today);
  const bool special = !m.special_groups.empty();
  for (auto& hit : *hits) {
    const nlohmann::json& doc = hit.doc;
    const std::string region = doc.at("region");
    const auto location = LocationOf(doc);
    if (!Reachable(regions_, m, h.region, region, location)) continue;
    Candidate c;
    std::vector<std::pair<std::string, int>> posted;
    for (const auto& s : doc.at("skills")) posted.emplace_back(s.at("skill"), s.at("level"));
    const std::string occupation = doc.at("occupation");
    c.fit = ScoreSkills(m, Requirements(taxonomy_, occupation, posted), w);
    const RegionRelation rel = Relate(regions_, h.region, region);
    std::optional<double> distance;
    if (m.location && location) {
      distance = HaversineKm(m.location->lat, m.location->lon, location->lat, location->lon);
    }
    const auto wage_min = OptInt(doc, "wage_min"), wage_max = OptInt(doc, "wage_max");
    const int64_t minimum = MinimumWage(region);
    const double occ = OccupationScore(taxonomy_, m, occupation);
    const double prox = ProximityScore(rel, distance, m.max_commute_km);
    const double wage = WageScore(wage_min, wage_max, minimum);
    const double text = hit.percent / 100.0;
    double score = w.skill * c.fit.score + w.occupation * occ + w.proximity * prox + w.wage * wage +
                   w.text * text;
    const bool for_graduates = doc.value("for_graduates", false);
    nlohmann::json boosts = nlohmann::json::object();
    if (zero) boosts["zero_employment"] = w.zero_employment_boost;
    if (h.dibao) boosts["dibao"] = w.dibao_boost;
    if (special) boosts["special_groups"] = w.special_group_boost;
    if (graduate && for_graduates) boosts["graduate"] = w.graduate_boost;
    for (const auto& [k, v] : boosts.items()) score += v.get<double>();
    c.score = Round3(std::min(1.0, score));

    std::vector<std::string> reasons;
    for (const auto& s : c.fit.matched) {
      if (s.certified) {
        reasons.push_back("持有" + s.name + Level(s.held_level) + "证书，符合岗位要求");
      } else {
        reasons.push_back("具备" + s.name + "技能（" + Level(s.held_level) + "），符合岗位要求");
      }
    }
    for (const auto& s : c.fit.missing) {
      reasons.push_back(s.held_level > 0
                            ? s.name + "为" + Level(s.held_level) + "，岗位要求" +
                                  Level(s.required_level)
                            : "缺少" + s.name + "技能（岗位要求" + Level(s.required_level) + "）");
    }
    if (occ == 1.0)
      reasons.push_back("符合本人求职意向（" + doc.value("occupation_name", occupation) + "）");
    if (distance) {
      char buf[64];
      std::snprintf(buf, sizeof buf, "距离约%.1f公里", *distance);
      reasons.push_back(buf);
    } else {
      reasons.push_back(rel == RegionRelation::kSameCounty ? "岗位在本区县"
                        : rel == RegionRelation::kSameCity ? "岗位在本市"
                                                           : "岗位在本省");
    }
    auto ok = WageOk(wage_min, wage_max, minimum);
    if (!ok) {
      reasons.push_back("薪资面议");
    } else if (*ok) {
      reasons.push_back("月薪" + std::to_string(wage_min.value_or(*wage_max)) +
                        "元起，不低于当地最低工资");
    } else {
      reasons.push_back("起薪低于当地最低工资标准，请核实");
    }
    if (graduate && for_graduates) reasons.push_back("面向高校毕业生的岗位，优先推荐");
    if (zero) reasons.push_back("零就业家庭成员，优先推荐");
    if (m.work_ability == WorkAbility::kPartial)
      reasons.push_back("非全日制岗位，适合部分劳动能力");

    nlohmann::json matched = nlohmann::json::array(), missing = nlohmann::json::array();
    for (const auto& s : c.fit.matched) matched.push_back(SkillMatchJson(s));
    for (const auto& s : c.fit.missing) missing.push_back(SkillMatchJson(s));
    c.explanation = {{"matched_skills", std::move(matched)},
                     {"missing_skills", std::move(missing)},
                     {"region_relation", RegionRelationName(rel)},
                     {"distance_km", Opt(distance)},
                     {"wage_ok", Opt(ok)},
                     {"components",
                      {{"skill", Round3(c.fit.score)},
                       {"occupation", Round3(occ)},
                       {"proximity", Round3(prox)},
                       {"wage", Round3(wage)},
                       {"text", Round3(text)}}},
                     {"boosts", std::move(boosts)},
                     {"reasons", std::move(reasons)}};
    c.doc = OpeningView(doc, today);
    c.passes = true;
    out.push_back(std::move(c));
  }
  return out;
}

Result<std::vector<nlohmann::json>> Matcher::Openings(const Household& h, const Member& m,
                                                      const std::string& today, int limit) {
  auto candidates = ScoreOpenings(h, m, today);
  if (!candidates) return std::unexpected(candidates.error());
  return RankOpenings(std::move(*candidates), limit);
}

Result<MemberMatches> Matcher::OpeningsAndCourses(const Household& h, const Member& m,
                                                  const std::string& today, int opening_limit,
                                                  int course_limit) {
  auto candidates = ScoreOpenings(h, m, today);
  if (!candidates) return std::unexpected(candidates.error());
  auto courses = CoursesFor(h, m, *candidates, today, course_limit);
  if (!courses) return std::unexpected(courses.error());
  return MemberMatches{RankOpenings(std::move(*candidates), opening_limit), std::move(*courses)};
}

std::vector<nlohmann::json> Matcher::RankOpenings(std::vector<Candidate> candidates, int limit) {
  std::stable_sort(
      candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
        return a.score != b.score ? a.score > b.score : a.doc.at("id") < b.doc.at("id");
      });
  std::vector<nlohmann::json> out;
  for (auto& c : candidates) {
    if (static_cast<int>(out.size()) >= limit) break;
    nlohmann::json item = std::move(c.doc);
    item["score"] = c.score;
    item["explanation"] = std::move(c.explanation);
    out.push_back(std::move(item));
  }
  return out;
}

Result<std::vector<nlohmann::json>> Matcher::Courses(const Household& h, const Member& m,
                                                     const std::string& today, int limit) {
  auto candidates = ScoreOpenings(h, m, today);
  if (!candidates) return std::unexpected(candidates.error());
  return CoursesFor(h, m, *candidates, today, limit);
}

Result<std::vector<nlohmann::json>> Matcher::CoursesFor(const Household& h, const Member& m,
                                                        const std::vector<Candidate>& candidates,
                                                        const std::string& today, int limit) {
  std::vector<nlohmann::json> out;
  if (m.work_ability == WorkAbility::kNone) return out;
  // Openings the member nearly fits: only a few skills or levels missing.
  struct NearFit {
    int64_t id;
    std::vector<SkillMatch> missing;
  };
  std::vector<NearFit> near;
  std::set<std::string> wanted;  // skills worth learning
  for (const auto& c : candidates) {
    const auto n = static_cast<int>(c.fit.missing.size());
    if (n == 0 || n > config_.bridge_max_missing) continue;
    near.push_back({c.doc.at("id").get<int64_t>(), c.fit.missing});
    for (const auto& s : c.fit.missing) wanted.insert(s.skill);
  }
  // Skills of the occupations the member wants, not yet held.
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
  wanted.insert(goals.begin(), goals.end());
  if (wanted.empty()) return out;

  const auto& p = searcher_.schema().prefix;
  std::vector<Xapian::Query> teaches;
  for (const auto& s : wanted) teaches.emplace_back(p.skill + s);
  auto start = ParseDate(today);
  const std::string horizon = start ? AddDays(*start, config_.course_horizon_days) : today;
  std::vector<Xapian::Query> filters{
      Xapian::Query(p.type + kTypeCourse),
      Xapian::Query(Xapian::Query::OP_VALUE_RANGE, searcher_.schema().slot.starts_on, today,
                    horizon),
      Xapian::Query(Xapian::Query::OP_OR, ReachFilter(h, m), Xapian::Query(p.mode + "online"))};
  Xapian::Query query(Xapian::Query::OP_FILTER,
                      Xapian::Query(Xapian::Query::OP_OR, teaches.begin(), teaches.end()),
                      Xapian::Query(Xapian::Query::OP_AND, filters.begin(), filters.end()));
  auto hits = searcher_.Retrieve(query, 100);
  if (!hits) return std::unexpected(hits.error());

  struct Scored {
    nlohmann::json item;
    double score;
  };
  std::vector<Scored> scored;
  for (const auto& hit : *hits) {
    const Course course = DecodeCourse(hit.doc);
    if (course.seats <= 0) continue;
    if (!course.online && !Reachable(regions_, m, h.region, course.region, std::nullopt)) continue;
    std::map<std::string, int> taught;
    for (const auto& s : course.skills_taught)
      taught[s.skill.id] = std::max(taught[s.skill.id], s.level);
    std::vector<int64_t> unlocks;
    for (const auto& n : near) {
      bool all = std::all_of(n.missing.begin(), n.missing.end(), [&](const SkillMatch& s) {
        auto it = taught.find(s.skill);
        return it != taught.end() && it->second >= s.required_level;
      });
      if (all) unlocks.push_back(n.id);
    }
    nlohmann::json learn = nlohmann::json::array(), already = nlohmann::json::array();
    bool teaches_goal = false;
    for (const auto& s : course.skills_taught) {
      int held = 0;
      for (const auto& ms : m.skills) {
        if (ms.skill.id == s.skill.id) held = std::max(held, ms.level);
      }
      SkillMatch sm{s.skill.id, s.skill.name, s.level, held, false};
      (held >= s.level ? already : learn).push_back(SkillMatchJson(sm));
      teaches_goal |= goals.contains(s.skill.id);
    }
    if (unlocks.empty() && !teaches_goal) continue;
    const RegionRelation rel = Relate(regions_, h.region, course.region);
    const double prox = course.online ? 1.0 : ProximityScore(rel, std::nullopt, std::nullopt);
    auto starts = ParseDate(course.starts_on);
    const double days =
        start && starts ? (std::chrono::sys_days{*starts} - std::chrono::sys_days{*start}).count()
                        : 0;
    const double soon = std::clamp(1.0 - days / config_.course_horizon_days, 0.0, 1.0);
    const double unlock = std::min(1.0, unlocks.size() / 3.0);
    const double score = Round3(0.45 * unlock + 0.2 * (teaches_goal ? 1 : 0) + 0.15 * prox +
                                0.1 * (course.fee == 0 ? 1 : 0) + 0.1 * soon);
    std::vector<std::string> reasons;
    if (!unlocks.empty()) {
      reasons.push_back("完成" + course.title + "后可匹配 " + std::to_string(unlocks.size()) +
                        " 个岗位");
    }
    if (teaches_goal) reasons.push_back("培训内容符合本人求职意向");
    if (course.fee == 0) reasons.push_back("免费培训");
    reasons.push_back(course.starts_on + "开课，剩余" + std::to_string(course.seats) + "个名额");
    if (course.certificate && !course.skills_taught.empty()) {
      reasons.push_back("结业可获" + course.skills_taught.front().skill.name +
                        Level(*course.certificate) + "证书");
    }
    if (course.online) reasons.push_back("线上培训，不受距离限制");
    nlohmann::json item = hit.doc;
    item["score"] = score;
    item["unlocks"] = unlocks;
    item["explanation"] = {{"matched_skills", std::move(already)},
                           {"missing_skills", std::move(learn)},
                           {"region_relation", course.online ? "online" : RegionRelationName(rel)},
                           {"distance_km", nullptr},
                           {"wage_ok", nullptr},
                           {"unlocks", unlocks},
                           {"reasons", std::move(reasons)}};
    scored.push_back({std::move(item), score});
  }
  std::stable_sort(scored.begin(), scored.end(), [](const Scored& a, const Scored& b) {
    return a.score != b.score ? a.score > b.score : a.item.at("id") < b.item.at("id");
  });
  for (auto& s : scored) {
    if (static_cast<int>(out.size()) >= limit) break;
    out.push_back(std::move(s.item));
  }
  return out;
}

Result<std::vector<nlohmann::json>> Matcher::Aid(const Household& h, const Member& m,
                                                 const std::string& today, int limit) {
  std::vector<nlohmann::json> out;
  if (!m.wants_startup) return out;
  const auto& p = searcher_.schema().prefix;
  std::vector<Xapian::Query> covering;
  for (const Region* r : regions_.Lineage(h.region)) covering.emplace_back(p.aid_region + r->code);
  Xapian::Query query(Xapian::Query::OP_FILTER, Xapian::Query(p.type + kTypeAid),
                      Xapian::Query(Xapian::Query::OP_OR, covering.begin(), covering.end()));
  auto hits = searcher_.Retrieve(query, 500);
  if (!hits) return std::unexpected(hits.error());
  const int age = m.AgeOn(today);
  std::vector<AidProduct> eligible;
  std::map<int64_t, nlohmann::json> docs;
  for (const auto& hit : *hits) {
    AidProduct a = DecodeAidProduct(hit.doc);
    if (a.opens_on > today || a.closes_on < today || age < a.age_min || age > a.age_max) continue;
    docs[a.id] = hit.doc;
    eligible.push_back(std::move(a));
  }
  // Pathway order: training, mentoring, loans, subsidies, materials.
  std::stable_sort(eligible.begin(), eligible.end(), [](const AidProduct& a, const AidProduct& b) {
    if (a.kind != b.kind) return a.kind < b.kind;
    return a.max_amount != b.max_amount ? a.max_amount > b.max_amount : a.id < b.id;
  });
  const AidProduct* training = nullptr;
  for (const auto& a : eligible) {
    if (a.kind == AidKind::kStartupTraining) {
      training = &a;
      break;
    }
  }
  int step = 0;
  for (const auto& a : eligible) {
    if (static_cast<int>(out.size()) >= limit) break;
    std::vector<nlohmann::json> next_steps;
    for (const auto& req : a.requires_) {
      if (req == kRequiresPlan && m.business_plan.empty()) {
        next_steps.push_back(
            {{"requires", req}, {"action", "请先撰写创业计划书，由帮扶干部协助完善"}});
      } else if (req == kRequiresTraining) {
        // Completion of startup training is not recorded yet: always a next step.
        std::string action = "请先完成创业培训";
        if (training) action += "（可报名：" + training->title + "）";
        next_steps.push_back({{"requires", req},
                              {"action", action},
                              {"aid_product_id",
                               training ? nlohmann::json(training->id) : nlohmann::json(nullptr)}});
      }
    }
    const bool ready = next_steps.empty();
    std::vector<std::string> reasons{"第" + std::to_string(++step) + "步：" + a.title};
    if (a.max_amount > 0) reasons.push_back("最高" + std::to_string(a.max_amount) + "元");
    reasons.push_back(ready ? "符合申请条件" : "完成前置条件后可申请");
    nlohmann::json item = docs.at(a.id);
    item["score"] = ready ? 1.0 : 0.5;
    item["eligible"] = ready;
    item["explanation"] = {
        {"matched_skills", nlohmann::json::array()},
        {"missing_skills", nlohmann::json::array()},
        {"region_relation", RegionRelationName(Relate(regions_, h.region, a.region))},
        {"distance_km", nullptr},
        {"wage_ok", nullptr},
        {"pathway_step", step},
        {"next_steps", next_steps},
        {"reasons", std::move(reasons)}};
    out.push_back(std::move(item));
  }
  return out;
}

Result<std::vector<nlohmann::json>> Matcher::Match(const Household& h, const Member& m,
                                                   MatchKind kind, const std::string& today,
                                                   int limit) {
  switch (kind) {
    case MatchKind::kOpenings:
      return Openings(h, m, today, limit);
    case MatchKind::kCourses:
      return Courses(h, m, today, limit);
    case MatchKind::kAid:
      return Aid(h, m, today, limit);
  }
  return std::vector<nlohmann::json>{};
}

}  // namespace jobmatch
