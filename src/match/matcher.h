// Matches one household member against the catalogues and explains each
// match: job openings (hard filters, then a weighted score), training courses
// that bridge the skills the member nearly has (with the openings each would
// unlock), and startup aid in pathway order. Candidates come from the index
// (search/retrieval.h) by the member's skills, desired occupations and
// reachable regions, never from scanning the catalogue: cost grows with
// candidates.
// Thread-safe: it holds shared read-only data, the Searcher and a cache.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "core/catalog.h"
#include "core/labour_law.h"
#include "match/kind.h"
#include "match/scoring.h"
#include "search/generation_cache.h"
#include "search/retrieval.h"

namespace jobmatch {

struct MatchConfig {
  Weights weights;
  LabourLaw law;          // working age and the work kept from whom (index/labour_rules.json)
  int candidates = 1000;  // openings retrieved per member; -1: all, each scored exactly
  int scored = 300;       // of those, scored exactly: the best by relevance, proximity and wage
  int gated = 100;        // openings asking for a certificate the member lacks, retrieved apart
  int bridge_max_missing = 2;  // an opening "nearly fits" when at most this many skills are missing
  int course_horizon_days = 120;      // courses starting within this many days
  std::size_t facts_cache = 200'000;  // openings (Matcher::Facts) and courses kept decoded
  std::size_t retrieved_cache = 600;  // retrievals kept with their openings' facts
  int64_t default_minimum_wage = 2000;
  std::map<std::string, int64_t> minimum_wage;  // province code → CNY a month
  // index_dir/minimum_wages.json, with the labour rules App has read.
  static Result<MatchConfig> Load(const std::string& index_dir, LabourLaw law);
};

// An opening scored for a member: enough to rank and allocate it, and to
// explain it later (Matcher::ExplainOpenings) without keeping the document.
struct ScoredOpening {
  int64_t id = 0;
  double score = 0;
  int32_t text_percent = 0;  // relevance, % of the best candidate's weight (a score component)
  int32_t positions = 1;     // at most kMaxPositions (100,000)
};
// The batch holds up to 300 for every member it selects.
static_assert(sizeof(ScoredOpening) == 24);

// A bridge course scored for a member.
struct ScoredCourse {
  int64_t id = 0;
  double score = 0;
  int64_t seats = 0;
  std::string title;
  std::vector<int64_t> unlocks;  // openings the member would fit after it
};

// What the batch keeps per member: scores, not explanations.
struct Shortlist {
  std::vector<ScoredOpening> openings;  // best first
  std::vector<ScoredCourse> courses;    // best first
  bool law_excluded = false;            // the law kept some reachable openings from the member
};

class Matcher {
 public:
  Matcher(Searcher& searcher, const Taxonomy& taxonomy, const Regions& regions, MatchConfig config)
      : searcher_(searcher),
        taxonomy_(taxonomy),
        regions_(regions),
        config_(std::move(config)),
        facts_(config_.facts_cache),
        retrieved_(config_.retrieved_cache),
        courses_(config_.facts_cache),
        certificates_(HardCertificates(taxonomy)) {}

  // Items: the catalogue item's own fields plus `score` and `explanation`.
  // For openings, `law` (when given) receives what the law kept from the
  // member: why no job at all (under the minimum age, retired), or which
  // openings it excluded and why: {no_jobs: reason|null, flexible_only,
  // excluded: [{id, title, reason}]}.
  Result<std::vector<nlohmann::json>> Match(const Household& h, const Member& m, MatchKind kind,
                                            const std::string& today, int limit,
                                            nlohmann::json* law = nullptr);

  Result<std::vector<nlohmann::json>> Openings(const Household& h, const Member& m,
                                               const std::string& today, int limit,
                                               nlohmann::json* law = nullptr);
  Result<std::vector<nlohmann::json>> Courses(const Household& h, const Member& m,
                                              const std::string& today, int limit);
  Result<std::vector<nlohmann::json>> Aid(const Household& h, const Member& m,
                                          const std::string& today, int limit);

  // The batch: openings and bridge courses from one retrieval, scored but not
  // explained; then explanations for only the ones allocated. Items are
  // {id, title, score, explanation, positions | seats, unlocks}.
  Result<Shortlist> ShortlistFor(const Household& h, const Member& m, const std::string& today,
                                 int opening_limit, int course_limit);
  Result<std::vector<nlohmann::json>> ExplainOpenings(const Household& h, const Member& m,
                                                      const std::vector<ScoredOpening>& chosen,
                                                      const std::string& today);
  Result<std::vector<nlohmann::json>> ExplainCourses(const Household& h, const Member& m,
                                                     const std::vector<ScoredCourse>& chosen);

  const MatchConfig& config() const { return config_; }

 private:
  // Who the member is, for the boosts.
  struct Boosts {
    bool zero = false, dibao = false, graduate = false, special = false;
  };
  // What scoring reads of an opening, decoded from its summary once per
  // index generation: the batch scores each opening for many members.
  struct Facts {
    int64_t id = 0;
    std::string region, occupation;
    const std::vector<const Region*>* lineage = nullptr;  // the region's (Regions::Lineage)
    std::vector<Requirement> requirements;
    std::optional<GeoPoint> location;
    std::optional<int64_t> wage_min, wage_max;
    int64_t minimum_wage = 0;
    int64_t positions = 1;
    bool for_graduates = false;
    bool full_time = true;
    LabourLaw::OpeningRules law;    // the rules of work kept from minors and women it falls under
    std::vector<std::size_t> hard;  // requirements that are hard certificates (Requirement::hard)
  };
  // Everything an opening's score and explanation are made of.
  struct Scoring {
    SkillFit fit;                           // only the score unless explained
    std::vector<const Requirement*> unmet;  // essential, not held at the level asked
    RegionRelation rel{};
    std::optional<double> distance;
    std::optional<int64_t> wage_min, wage_max;
    int64_t minimum_wage = 0;
    double occupation = 0, proximity = 0, wage = 0, text = 0;
    bool for_graduates = false;
    double score = 0;
  };
  // A retrieval's hits with each opening's facts, shared by every member
  // whose retrieval it is.
  struct Retrieved {
    std::shared_ptr<const std::vector<Hit>> hits;
    std::vector<std::shared_ptr<const Facts>> facts;  // one per hit
  };
  struct Candidate {
    int64_t id = 0;
    const nlohmann::json* doc = nullptr;  // the opening's summary, held by Scored::held
    const Facts* facts = nullptr;         // ditto
    int text_percent = 0;
    bool padding = false;  // matched none of the member's terms: never a near fit
    Scoring scoring;
  };
  // Candidates best first, and the retrievals their pointers point into.
  // An opening the law keeps from the member.
  struct Excluded {
    int64_t id = 0;
    const nlohmann::json* doc = nullptr;  // held by Scored::held
    std::string code;                     // LawBar::code, or "certificate"
    std::string reason;
  };
  struct Scored {
    std::vector<std::shared_ptr<const Retrieved>> held;
    std::vector<Candidate> candidates;
    // Openings kept only for want of a hard certificate: never recommended,
    // but a course that teaches it is a way in.
    std::vector<Candidate> gated;
    std::optional<std::string> no_jobs;  // LabourLaw::NoJobs
    std::vector<Excluded> excluded;
  };
  struct CourseCandidate {
    std::shared_ptr<const nlohmann::json> doc;
    std::shared_ptr<const Course> course;  // decoded once per index generation
    double score = 0;
    std::vector<int64_t> unlocks;
    bool teaches_goal = false;
  };

  Boosts BoostsFor(const Household& h, const Member& m, const std::string& today) const;
  Facts FactsFrom(const nlohmann::json& summary) const;
  std::shared_ptr<const Facts> FactsOf(const Hit& hit);  // cached
  // The hits with their openings' facts (cached).
  Result<std::shared_ptr<const Retrieved>> WithFacts(Result<SharedHits> hits);
  // `explain`: also the matched and missing skills, with their names.
  Scoring Score(const Household& h, const Member& m, const Boosts& b, const Facts& f,
                int text_percent, bool explain) const;
  nlohmann::json Explain(const Member& m, const Boosts& b, const nlohmann::json& doc,
                         const Scoring& s) const;
  // An opening retrieved for a member, before scoring.
  struct Picked {
    const Hit* hit;
    const Facts* facts;
    bool padding;  // matched none of the member's terms
  };
  // What the member might be good for: skills and occupations by id, each weighed.
  OpeningWants WantsOf(const Member& m) const;
  // Up to `limit` openings within reach, and into `gated` up to `gated_limit`
  // that ask for a certificate the member lacks; the retrievals go into `held`.
  Result<std::vector<Picked>> PickOpenings(const Household& h, const OpeningWants& wants,
                                           const OpeningReach& reach, std::size_t limit,
                                           std::size_t gated_limit, std::vector<Picked>& gated,
                                           std::vector<std::shared_ptr<const Retrieved>>& held);
  // Keeps the `scored` best by an estimate of the score without the skill fit.
  void KeepLikeliest(const Household& h, const Member& m, const std::string& today,
                     std::size_t scored, std::vector<Picked>& picked) const;
  // Retrieves and scores the openings the member can reach and work in, best first.
  Result<Scored> ScoreOpenings(const Household& h, const Member& m, const std::string& today);
  // Bridge courses for the openings the member nearly fits, best first.
  Result<std::vector<CourseCandidate>> ScoreCourses(const Household& h, const Member& m,
                                                    const Scored& scored, const std::string& today);
  double CourseScore(const Household& h, const Course& course, const CourseCandidate& c,
                     const std::string& today) const;
  nlohmann::json CourseItem(const Household& h, const Member& m, CourseCandidate c) const;
  std::set<std::string> Goals(const Member& m) const;  // skills of wished-for occupations not held
  // The region code a member's openings lie in or beneath.
  std::string ReachRegion(const Household& h, const Member& m) const;
  int64_t MinimumWage(const std::string& region) const;

  Searcher& searcher_;
  const Taxonomy& taxonomy_;
  const Regions& regions_;
  MatchConfig config_;
  GenerationCache<DocId, std::shared_ptr<const Facts>> facts_;
  // By the searcher's shared hit list, which each entry keeps alive.
  GenerationCache<const std::vector<Hit>*, std::shared_ptr<const Retrieved>> retrieved_;
  GenerationCache<DocId, std::shared_ptr<const Course>> courses_;
  // Each certificate the law requires before work, with the occupations
  // whose essential skills include it: what WantsOf gates on.
  struct HardCertificate {
    std::string skill;
    std::vector<std::string> occupations;
  };
  static std::vector<HardCertificate> HardCertificates(const Taxonomy& taxonomy);
  const std::vector<HardCertificate> certificates_;
};

}  // namespace jobmatch
