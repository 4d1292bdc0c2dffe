#include "match/matcher.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>

#include "core/catalog.h"
#include "core/clock.h"
#include "core/entity.h"
#include "match/explanation.h"

namespace jobmatch {

namespace {

nlohmann::json Opt(std::optional<double> v) {
  return v ? nlohmann::json(std::round(*v * 10) / 10) : nlohmann::json(nullptr);
}
nlohmann::json Opt(std::optional<bool> v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

std::optional<GeoPoint> LocationOf(const nlohmann::json& doc) {
  auto loc = doc.find("location");
  if (loc == doc.end() || !loc->is_object()) return std::nullopt;
  return GeoPoint{loc->at("lat"), loc->at("lon")};
}

std::optional<int64_t> OptInt(const nlohmann::json& doc, const char* key) {
  auto v = doc.find(key);
  return v != doc.end() && v->is_number() ? std::optional<int64_t>(v->get<int64_t>())
                                          : std::nullopt;
}

}  // namespace

Result<MatchConfig> MatchConfig::Load(const std::string& index_dir, LabourLaw law) {
  MatchConfig c;
  c.law = std::move(law);
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
  const auto& lineage = regions_.Lineage(region);
  if (!lineage.empty()) {
    auto it = config_.minimum_wage.find(lineage.front()->code);
    if (it != config_.minimum_wage.end()) return it->second;
  }
  return config_.default_minimum_wage;
}

std::string Matcher::ReachRegion(const Household& h, const Member& m) const {
  const auto& lineage = regions_.Lineage(h.region);
  if (lineage.empty()) return h.region;
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
  return chosen->code;
}

Matcher::Boosts Matcher::BoostsFor(const Household& h, const Member& m,
                                   const std::string& today) const {
  return {IsZeroEmployment(h, today, config_.law.working_age()), h.dibao,
          IsRecentGraduate(m, today), !m.special_groups.empty()};
}

Matcher::Facts Matcher::FactsFrom(const nlohmann::json& summary) const {
  Facts f;
  f.id = summary.at("id");
  f.region = summary.at("region");
  f.lineage = &regions_.Lineage(f.region);
  f.occupation = summary.at("occupation");
  std::vector<std::pair<std::string, int>> posted;
  for (const auto& k : summary.at("skills")) posted.emplace_back(k.at("skill"), k.at("level"));
  f.requirements = Requirements(taxonomy_, f.occupation, posted);
  f.location = LocationOf(summary);
  f.wage_min = OptInt(summary, "wage_min");
  f.wage_max = OptInt(summary, "wage_max");
  f.minimum_wage = MinimumWage(f.region);
  f.positions = summary.value("positions", int64_t{1});
  f.for_graduates = summary.value("for_graduates", false);
  f.full_time = summary.value("full_time", true);
  f.law = config_.law.RulesFor(
      f.occupation, summary.value("title", "") + " " + summary.value("occupation_name", ""));
  for (std::size_t i = 0; i < f.requirements.size(); ++i) {
    if (f.requirements[i].hard()) f.hard.push_back(i);
  }
  return f;
}

std::shared_ptr<const Matcher::Facts> Matcher::FactsOf(const Hit& hit) {
  return facts_.Get(hit.docid, hit.generation,
                    [&] { return std::make_shared<const Facts>(FactsFrom(*hit.doc)); });
}

Result<std::shared_ptr<const Matcher::Retrieved>> Matcher::WithFacts(Result<SharedHits> hits) {
  if (!hits) return std::unexpected(hits.error());
  auto make = [&] {
    Retrieved r{*hits, {}};
    r.facts.reserve(r.hits->size());
    for (const Hit& hit : *r.hits) r.facts.push_back(FactsOf(hit));
    return std::make_shared<const Retrieved>(std::move(r));
  };
  if ((*hits)->empty()) return make();
  return retrieved_.Get(hits->get(), (*hits)->front().generation, make);
}

Matcher::Scoring Matcher::Score(const Household& h, const Member& m, const Boosts& b,
                                const Facts& f, int text_percent, bool explain) const {
  const Weights& w = config_.weights;
  Scoring s;
  if (explain) {
    s.fit = ScoreSkills(m, f.requirements, w);
  } else {
    s.fit.score = SkillScore(m, f.requirements, w, s.unmet);
  }
  s.rel = Relate(h.region, regions_.Lineage(h.region), f.region, *f.lineage);
  s.distance = DistanceKm(m, f.location);
  s.wage_min = f.wage_min;
  s.wage_max = f.wage_max;
  s.minimum_wage = f.minimum_wage;
  s.occupation = OccupationScore(taxonomy_, m, f.occupation);
  s.proximity = ProximityScore(s.rel, s.distance, m.max_commute_km);
  s.wage = WageScore(s.wage_min, s.wage_max, s.minimum_wage);
  s.text = text_percent / 100.0;
  s.for_graduates = f.for_graduates;
  double score = w.skill * s.fit.score + w.occupation * s.occupation + w.proximity * s.proximity +
                 w.wage * s.wage + w.text * s.text;
  if (b.zero) score += w.zero_employment_boost;
  if (b.dibao) score += w.dibao_boost;
  if (b.special) score += w.special_group_boost;
  if (b.graduate && s.for_graduates) score += w.graduate_boost;
  s.score = Round3(std::min(1.0, score));
  return s;
}

nlohmann::json Matcher::Explain(const Member& m, const Boosts& b, const nlohmann::json& doc,
                                const Scoring& s) const {
  const Weights& w = config_.weights;
  nlohmann::json boosts = nlohmann::json::object();
  if (b.zero) boosts["zero_employment"] = w.zero_employment_boost;
  if (b.dibao) boosts["dibao"] = w.dibao_boost;
  if (b.special) boosts["special_groups"] = w.special_group_boost;
  if (b.graduate && s.for_graduates) boosts["graduate"] = w.graduate_boost;
  std::vector<std::string> reasons;
  for (const auto& k : s.fit.matched) {
    if (k.certificate) {
      reasons.push_back("持有" + k.name + "，符合岗位要求");
    } else if (k.certified) {
      reasons.push_back("持有" + k.name + Level(k.held_level) + "证书，符合岗位要求");
    } else {
      reasons.push_back("具备" + k.name + "技能（" + Level(k.held_level) + "），符合岗位要求");
    }
  }
  for (const auto& k : s.fit.missing) {
    if (k.certificate) {
      reasons.push_back("缺少证书：" + k.name);
      continue;
    }
    reasons.push_back(k.held_level > 0
                          ? k.name + "为" + Level(k.held_level) + "，岗位要求" +
                                Level(k.required_level)
                          : "缺少" + k.name + "技能（岗位要求" + Level(k.required_level) + "）");
  }
  const std::string occupation = doc.at("occupation");
  if (s.occupation == 1.0)
    reasons.push_back("符合本人求职意向（" + doc.value("occupation_name", occupation) + "）");
  if (s.distance) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "距离约%.1f公里", *s.distance);
    reasons.push_back(buf);
  } else {
    reasons.push_back(s.rel == RegionRelation::kSameCounty ? "岗位在本区县"
                      : s.rel == RegionRelation::kSameCity ? "岗位在本市"
                                                           : "岗位在本省");
  }
  auto ok = WageOk(s.wage_min, s.wage_max, s.minimum_wage);
  if (!ok) {
    reasons.push_back("薪资面议");
  } else if (*ok) {
    reasons.push_back("月薪" + std::to_string(s.wage_min.value_or(*s.wage_max)) +
                      "元起，不低于当地最低工资");
  } else {
    reasons.push_back("起薪低于当地最低工资标准，请核实");
  }
  if (b.graduate && s.for_graduates) reasons.push_back("面向高校毕业生的岗位，优先推荐");
  if (b.zero) reasons.push_back("零就业家庭成员，优先推荐");
  if (m.work_ability == WorkAbility::kPartial) reasons.push_back("非全日制岗位，适合部分劳动能力");

  nlohmann::json matched = nlohmann::json::array(), missing = nlohmann::json::array();
  for (const auto& k : s.fit.matched) matched.push_back(SkillMatchJson(k));
  for (const auto& k : s.fit.missing) missing.push_back(SkillMatchJson(k));
  return {{"matched_skills", std::move(matched)},
          {"missing_skills", std::move(missing)},
          {"region_relation", RegionRelationName(s.rel)},
          {"distance_km", Opt(s.distance)},
          {"wage_ok", Opt(ok)},
          {"components",
           {{"skill", Round3(s.fit.score)},
            {"occupation", Round3(s.occupation)},
            {"proximity", Round3(s.proximity)},
            {"wage", Round3(s.wage)},
            {"text", Round3(s.text)}}},
          {"boosts", std::move(boosts)},
          {"reasons", std::move(reasons)}};
}

Result<Matcher::Scored> Matcher::ScoreOpenings(const Household& h, const Member& m,
                                               const std::string& today) {
  Scored out;
  if (m.work_ability == WorkAbility::kNone) return out;
  out.no_jobs = config_.law.NoJobs(m, today);
  if (out.no_jobs) return out;
  const bool flexible_only = config_.law.FlexibleOnly(m, today);
  const OpeningWants wants = WantsOf(m);
  const OpeningReach reach{today, ReachRegion(h, m), EducationRank(m.education),
                           m.work_ability == WorkAbility::kPartial};
  const bool exhaustive = config_.candidates < 0;
  const std::size_t limit =
      exhaustive ? std::numeric_limits<int>::max() : static_cast<std::size_t>(config_.candidates);
  std::vector<Picked> gated;
  const std::size_t gated_limit =
      exhaustive ? limit : static_cast<std::size_t>(std::max(0, config_.gated));
  auto picked = PickOpenings(h, wants, reach, limit, gated_limit, gated, out.held);
  if (!picked) return std::unexpected(picked.error());
  const std::size_t scored = static_cast<std::size_t>(std::max(0, config_.scored));
  if (!exhaustive && picked->size() > scored) KeepLikeliest(h, m, today, scored, *picked);
  // Each scored: the bridge courses count what a certificate unlocks.
  picked->insert(picked->end(), gated.begin(), gated.end());

  const Boosts b = BoostsFor(h, m, today);
  for (const Picked& pick : *picked) {
    const Facts& facts = *pick.facts;
    if (!Reachable(regions_, m, h.region, facts.region, facts.location)) continue;
    if (flexible_only && facts.full_time) continue;  // past retirement: part-time work only
    if (auto bar = config_.law.Bar(m, today, facts.law)) {
      out.excluded.push_back(
          {facts.id, pick.hit->doc.get(), std::move(bar->code), std::move(bar->reason)});
      continue;
    }
    const int percent = pick.padding ? 0 : pick.hit->percent;
    Candidate c{facts.id,
                pick.hit->doc.get(),
                &facts,
                percent,
                !wants.empty() && percent == 0,
                Score(h, m, b, facts, percent, /*explain=*/false)};
    auto lacking = std::find_if(facts.hard.begin(), facts.hard.end(), [&](std::size_t i) {
      return !Holds(m, facts.requirements[i].skill);
    });
    if (lacking != facts.hard.end()) {
      const Requirement& r = facts.requirements[*lacking];
      out.excluded.push_back({facts.id, c.doc, "certificate",
                              "缺少证书：" + r.name + "（" + r.certificate->name +
                                  "，须持证上岗：" + r.certificate->source + "）"});
      out.gated.push_back(std::move(c));
      continue;
    }
    out.candidates.push_back(std::move(c));
  }
  // Orders that do not depend on the retrieval's, which breaks ties by docid
  // in one index and by time over several shards (Searcher::Retrieve).
  auto best_first = [](const Candidate& a, const Candidate& b) {
    return a.scoring.score != b.scoring.score ? a.scoring.score > b.scoring.score : a.id < b.id;
  };
  std::sort(out.candidates.begin(), out.candidates.end(), best_first);
  std::sort(out.gated.begin(), out.gated.end(), best_first);
  std::sort(out.excluded.begin(), out.excluded.end(),
            [](const Excluded& a, const Excluded& b) { return a.id < b.id; });
  return out;
}

Result<std::vector<nlohmann::json>> Matcher::Openings(const Household& h, const Member& m,
                                                      const std::string& today, int limit,
                                                      nlohmann::json* law) {
  auto scored = ScoreOpenings(h, m, today);
  if (!scored) return std::unexpected(scored.error());
  if (law) {
    nlohmann::json excluded = nlohmann::json::array();
    for (const Excluded& e : scored->excluded) {
      excluded.push_back(
          {{"id", e.id}, {"title", e.doc->at("title")}, {"code", e.code}, {"reason", e.reason}});
    }
    *law = {{"no_jobs", scored->no_jobs ? nlohmann::json(*scored->no_jobs) : nlohmann::json()},
            {"flexible_only", !scored->no_jobs && config_.law.FlexibleOnly(m, today)},
            {"excluded", std::move(excluded)}};
  }
  std::vector<Candidate>& candidates = scored->candidates;
  if (static_cast<int>(candidates.size()) > limit) candidates.resize(limit);
  // Explain only what is shown, with the whole stored opening.
  std::vector<int64_t> ids;
  for (const auto& c : candidates) ids.push_back(c.id);
  auto docs = FetchStored(searcher_, kEntityOpening, ids);
  if (!docs) return std::unexpected(docs.error());
  const Boosts b = BoostsFor(h, m, today);
  std::vector<nlohmann::json> out;
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    if ((*docs)[i].is_null()) continue;  // deleted since retrieval
    const Candidate& c = candidates[i];
    nlohmann::json item = OpeningView((*docs)[i], today);
    item["score"] = c.scoring.score;
    item["explanation"] =
        Explain(m, b, *c.doc, Score(h, m, b, *c.facts, c.text_percent, /*explain=*/true));
    out.push_back(std::move(item));
  }
  return out;
}

Result<Shortlist> Matcher::ShortlistFor(const Household& h, const Member& m,
                                        const std::string& today, int opening_limit,
                                        int course_limit) {
  auto scored = ScoreOpenings(h, m, today);
  if (!scored) return std::unexpected(scored.error());
  const std::vector<Candidate>& candidates = scored->candidates;
  auto courses = ScoreCourses(h, m, *scored, today);
  if (!courses) return std::unexpected(courses.error());
  // Sized exactly: the batch holds a shortlist for every member it selects.
  Shortlist out;
  // A missing certificate is a gap a course bridges, not protected work.
  out.law_excluded = std::any_of(scored->excluded.begin(), scored->excluded.end(),
                                 [](const Excluded& e) { return e.code != "certificate"; });
  const std::size_t openings = std::min<std::size_t>(candidates.size(), opening_limit);
  out.openings.reserve(openings);
  for (std::size_t i = 0; i < openings; ++i) {
    const Candidate& c = candidates[i];
    out.openings.push_back(
        {c.id, c.scoring.score, c.text_percent, static_cast<int32_t>(c.facts->positions)});
  }
  const std::size_t n_courses = std::min<std::size_t>(courses->size(), course_limit);
  out.courses.reserve(n_courses);
  for (std::size_t i = 0; i < n_courses; ++i) {
    CourseCandidate& c = (*courses)[i];
    c.unlocks.shrink_to_fit();
    out.courses.push_back(
        {c.course->id, c.score, c.course->seats, c.course->title, std::move(c.unlocks)});
  }
  return out;
}

Result<std::vector<nlohmann::json>> Matcher::ExplainOpenings(
    const Household& h, const Member& m, const std::vector<ScoredOpening>& chosen,
    const std::string& today) {
  std::vector<int64_t> ids;
  for (const auto& c : chosen) ids.push_back(c.id);
  auto hits = FetchOpeningSummaries(searcher_, ids);
  if (!hits) return std::unexpected(hits.error());
  const Boosts b = BoostsFor(h, m, today);
  std::vector<nlohmann::json> out;
  for (std::size_t i = 0; i < chosen.size(); ++i) {
    const Hit& hit = (*hits)[i];
    if (!hit.doc) continue;  // deleted since it was scored
    const nlohmann::json& doc = *hit.doc;
    // The allocation ranked by the score it was given: keep that score.
    out.push_back(
        {{"id", chosen[i].id},
         {"title", doc.at("title")},
         {"employer", doc.value("employer", "")},
         {"apply", doc.value("apply", nlohmann::json())},
         {"compliance_flags", doc.value("compliance_flags", nlohmann::json::array())},
         {"score", chosen[i].score},
         {"positions", chosen[i].positions},
         {"explanation",
          Explain(m, b, doc, Score(h, m, b, *FactsOf(hit), chosen[i].text_percent, true))}});
  }
  return out;
}

Result<std::vector<nlohmann::json>> Matcher::Match(const Household& h, const Member& m,
                                                   MatchKind kind, const std::string& today,
                                                   int limit, nlohmann::json* law) {
  switch (kind) {
    case MatchKind::kOpenings:
      return Openings(h, m, today, limit, law);
    case MatchKind::kCourses:
      return Courses(h, m, today, limit);
    case MatchKind::kAid:
      return Aid(h, m, today, limit);
  }
  return std::vector<nlohmann::json>{};
}

}  // namespace jobmatch
