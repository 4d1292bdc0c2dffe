// Who the law keeps from which work (index/labour_rules.json, each rule with
// its source): no job under the minimum age, the work forbidden to minors
// (未成年工) and to women (女职工劳动保护), and the statutory retirement age
// under the 2024 schedule. Plain data after loading; thread-safe to read.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/household.h"
#include "core/opening.h"

namespace jobmatch {

// Work the law keeps from a group: by occupation id, or by words in the
// opening's title or occupation name.
struct LawRule {
  std::string what;    // 矿山井下作业
  std::string clause;  // 附录第一条第（一）项
  std::set<std::string> occupations;
  std::vector<std::string> words;
};

// Why an opening may not go to a member, said for the counsellor.
struct LawBar {
  std::string code;    // "minor", "women"
  std::string reason;  // in Chinese, with the rule and its source
};

class LabourLaw {
 public:
  // Reads `index_dir`/labour_rules.json.
  static Result<LabourLaw> Load(const std::string& index_dir);

  const WorkingAge& working_age() const { return age_; }

  // Why the member gets no job at all on `today`: under the minimum age, or
  // past the statutory retirement age without wanting work; nullopt when
  // the member may work.
  std::optional<std::string> NoJobs(const Member& m, std::string_view today) const;
  // Past the retirement age and wanting work: only flexible or part-time work.
  bool FlexibleOnly(const Member& m, std::string_view today) const;

  // The rules an opening falls under, decided once per opening: the index
  // into minors' and women's rules, -1 for none.
  struct OpeningRules {
    int minors = -1;
    int women = -1;
  };
  OpeningRules RulesFor(const std::string& occupation, std::string_view text) const;
  // Why this member may not be recommended an opening under `rules`.
  std::optional<LawBar> Bar(const Member& m, std::string_view today,
                            const OpeningRules& rules) const;

  // Requirements the law forbids an employer to set (gender, hepatitis B,
  // ethnicity, marital status, local hukou), found in the posting's title and
  // description: [{code, phrase, field, law}], one per rule and field.
  nlohmann::json Discrimination(const Opening& o) const;
  // The warning a board reads for each flag.
  static std::string Warning(const nlohmann::json& flag);

 private:
  WorkingAge age_;
  int adult_age_ = 18;
  std::string minimum_age_source_, minors_source_, women_source_, retirement_source_;
  std::vector<LawRule> minors_, women_;
  struct PostingRule {
    std::string code, what, law;
    std::vector<std::string> words, unless;
  };
  std::vector<PostingRule> postings_;
};

}  // namespace jobmatch
