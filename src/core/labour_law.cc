#include "core/labour_law.h"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>

namespace jobmatch {

namespace {

std::unexpected<Error> BadRules(const std::string& what) {
  return fail(ErrorKind::kInternal, "bad_reference_data", "labour_rules.json: " + what);
}

std::vector<LawRule> ReadRules(const nlohmann::json& list) {
  std::vector<LawRule> out;
  for (const auto& r : list) {
    out.push_back({r.at("what"), r.at("clause"), r.at("occupations").get<std::set<std::string>>(),
                   r.at("words").get<std::vector<std::string>>()});
  }
  return out;
}

RetirementSchedule ReadSchedule(const nlohmann::json& s) {
  return {s.at("base_age"), s.at("from"), s.at("months_per_step"), s.at("max_delay_months")};
}

int Find(const std::vector<LawRule>& rules, const std::string& occupation, std::string_view text) {
  for (std::size_t i = 0; i < rules.size(); ++i) {
    if (rules[i].occupations.contains(occupation)) return static_cast<int>(i);
    for (const auto& w : rules[i].words) {
      if (text.find(w) != std::string_view::npos) return static_cast<int>(i);
    }
  }
  return -1;
}

}  // namespace

Result<LabourLaw> LabourLaw::Load(const std::string& index_dir) {
  std::ifstream in(index_dir + "/labour_rules.json");
  if (!in) return BadRules("cannot read " + index_dir + "/labour_rules.json");
  LabourLaw law;
  try {
    const auto j = nlohmann::json::parse(in);
    law.age_.min_age = j.at("minimum_job_age").at("age");
    law.minimum_age_source_ = j.at("minimum_job_age").at("source");
    law.adult_age_ = j.at("minors").at("until_age");
    law.minors_source_ = j.at("minors").at("source");
    law.minors_ = ReadRules(j.at("minors").at("forbidden"));
    law.women_source_ = j.at("women").at("source");
    law.women_ = ReadRules(j.at("women").at("forbidden"));
    const auto& r = j.at("retirement");
    law.retirement_source_ = r.at("source");
    law.age_.male = ReadSchedule(r.at("schedules").at("male"));
    law.age_.female_staff = ReadSchedule(r.at("schedules").at("female_staff"));
    law.age_.female_worker = ReadSchedule(r.at("schedules").at("female_worker"));
    for (const auto& p : j.at("postings").at("rules")) {
      law.postings_.push_back({p.at("code"), p.at("what"), p.at("law"),
                               p.at("words").get<std::vector<std::string>>(),
                               p.at("unless").get<std::vector<std::string>>()});
    }
  } catch (const nlohmann::json::exception& e) {
    return BadRules(e.what());
  }
  return law;
}

std::optional<std::string> LabourLaw::NoJobs(const Member& m, std::string_view today) const {
  if (m.birth_date.empty()) return std::nullopt;
  if (m.AgeOn(today) < age_.min_age) {
    return "未满" + std::to_string(age_.min_age) + "周岁，不推荐任何岗位，只推荐教育和培训（" +
           minimum_age_source_ + "）";
  }
  if (age_.Retired(m, today) && !m.wants_work_after_retirement) {
    return "已达法定退休年龄（" + age_.RetirementDate(m) +
           "），本人未表示退休后仍要工作，不推荐岗位（" + retirement_source_ + "）";
  }
  return std::nullopt;
}

bool LabourLaw::FlexibleOnly(const Member& m, std::string_view today) const {
  return age_.Retired(m, today);
}

LabourLaw::OpeningRules LabourLaw::RulesFor(const std::string& occupation,
                                            std::string_view text) const {
  return {Find(minors_, occupation, text), Find(women_, occupation, text)};
}

std::optional<LawBar> LabourLaw::Bar(const Member& m, std::string_view today,
                                     const OpeningRules& rules) const {
  if (rules.minors >= 0 && !m.birth_date.empty() && m.AgeOn(today) < adult_age_) {
    const LawRule& r = minors_[rules.minors];
    return LawBar{"minor", "未满" + std::to_string(adult_age_) + "周岁的未成年工不得从事" + r.what +
                               "（" + minors_source_ + " " + r.clause + "）"};
  }
  if (rules.women >= 0 && m.gender == Gender::kFemale) {
    const LawRule& r = women_[rules.women];
    return LawBar{"women",
                  "女职工禁忌从事" + r.what + "（" + women_source_ + " " + r.clause + "）"};
  }
  return std::nullopt;
}

nlohmann::json LabourLaw::Discrimination(const Opening& o) const {
  nlohmann::json flags = nlohmann::json::array();
  for (const auto& [field, text] : {std::pair<const char*, const std::string&>{"title", o.title},
                                    {"description", o.description}}) {
    for (const PostingRule& rule : postings_) {
      auto has = [&](const std::string& w) { return text.find(w) != std::string::npos; };
      if (std::any_of(rule.unless.begin(), rule.unless.end(), has)) continue;
      auto word = std::find_if(rule.words.begin(), rule.words.end(), has);
      if (word == rule.words.end()) continue;
      flags.push_back({{"code", rule.code},
                       {"phrase", *word},
                       {"field", field},
                       {"what", rule.what},
                       {"law", rule.law}});
    }
  }
  return flags;
}

std::string LabourLaw::Warning(const nlohmann::json& flag) {
  return flag.at("field").get<std::string>() + " 含「" + flag.at("phrase").get<std::string>() +
         "」：" + flag.at("what").get<std::string>() + "，违反" + flag.at("law").get<std::string>();
}

}  // namespace jobmatch
