#include "cli/generate.h"

#include "core/id_number.h"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <unordered_set>

#include "core/clock.h"

namespace jobmatch {

namespace {

// Cities where most openings and households are (NBS codes), with weights.
constexpr std::pair<const char*, double> kBigCities[] = {
    {"110100", 9}, {"310100", 9}, {"440100", 7}, {"440300", 7}, {"320500", 6}, {"330100", 6},
    {"510100", 6}, {"420100", 5}, {"410100", 4}, {"320100", 4}, {"370200", 3}, {"500100", 4},
    {"610100", 3}, {"430100", 3}, {"441900", 3}, {"350200", 2}, {"210100", 2}, {"120100", 3}};
constexpr double kElsewhere = 0.2;  // share drawn from any county in the country

constexpr const char* kSurnames[] = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周",
                                     "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗"};
constexpr const char* kGiven[] = {"伟", "芳",   "娜",   "秀英", "敏",   "静",   "丽",
                                  "强", "磊",   "军",   "洋",   "勇",   "艳",   "杰",
                                  "娟", "涛",   "明",   "超",   "秀兰", "霞",   "平",
                                  "刚", "桂英", "建华", "建国", "志强", "海燕", "玉兰"};
constexpr const char* kFirmWords[] = {"宏达", "华信",   "鑫源", "恒通", "永安", "瑞丰",
                                      "金桥", "新世纪", "东方", "盛达", "中联", "安康",
                                      "顺发", "佳美",   "天成", "汇丰"};
constexpr const char* kFirmKinds[] = {"机械制造", "物业管理", "家政服务", "物流", "餐饮管理",
                                      "电子科技", "建筑工程", "商贸",     "食品", "人力资源"};
constexpr const char* kTitleTails[] = {"",          "（急招）",     " 长期招聘", " 包吃住",
                                       " 五险一金", "（持证优先）", " 月休4天"};
constexpr const char* kBenefits[] = {"缴纳五险一金", "包住宿",       "提供工作餐", "节日福利",
                                     "带薪年假",     "免费岗前培训", "有班车接送", "多劳多得"};
constexpr const char* kBoards[] = {"全国公共招聘网", "城市人才网", "工会就业服务站",
                                   "人社就业平台"};
constexpr const char* kEducation[] = {"none",   "none",   "junior",     "junior",
                                      "junior", "senior", "vocational", "college"};

class Gen {
 public:
  Gen(const GenerateOptions& o, const Taxonomy& t, const Regions& r)
      : o_(o), t_(t), r_(r), rng_(o.seed) {
    for (const auto& [code, w] : kBigCities) {
      if (r_.Find(code)) cities_.push_back({code, w});
    }
    for (const Region& reg : r_.all()) {
      if (reg.level == RegionLevel::kCounty) counties_.push_back(reg.code);
    }
    // Zipf weights over occupations: common occupations dominate.
    std::vector<double> w;
    for (std::size_t i = 0; i < t_.occupations().size(); ++i)
      w.push_back(1.0 / std::pow(i + 1.0, 0.9));
    occupation_ = std::discrete_distribution<std::size_t>(w.begin(), w.end());
  }

  int Uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  bool Chance(double p) { return std::bernoulli_distribution(p)(rng_); }
  template <typename T, std::size_t N>
  const T& Pick(const T (&a)[N]) {
    return a[Uniform(0, N - 1)];
  }

  // A county-level code, skewed towards the big cities.
  std::string SomeRegion() {
    if (counties_.empty() || !Chance(kElsewhere)) {
      std::vector<double> w;
      for (const auto& c : cities_) w.push_back(c.second);
      const std::string city =
          cities_[std::discrete_distribution<std::size_t>(w.begin(), w.end())(rng_)].first;
      auto it = children_.find(city);
      if (it == children_.end()) it = children_.emplace(city, ChildrenOf(city)).first;
      return it->second.empty() ? city : it->second[Uniform(0, it->second.size() - 1)];
    }
    return counties_[Uniform(0, counties_.size() - 1)];
  }

  const Occupation& SomeOccupation() { return t_.occupations()[occupation_(rng_)]; }
  std::string Name() { return std::string(Pick(kSurnames)) + Pick(kGiven); }

  nlohmann::json Opening(int64_t i) {
    const Occupation& occ = SomeOccupation();
    nlohmann::json skills = nlohmann::json::array();
    for (const auto& s : occ.essential_skills)
      skills.push_back({{"skill", s}, {"level", Uniform(1, 3)}});
    if (!occ.optional_skills.empty() && Chance(0.4)) {
      skills.push_back({{"skill", occ.optional_skills[Uniform(0, occ.optional_skills.size() - 1)]},
                        {"level", 1}});
    }
    const int base = 3000 + 500 * Uniform(0, 10);
    const std::string employer = std::string(Pick(kFirmWords)) + Pick(kFirmKinds) + "有限公司";
    std::string description =
        "招聘" + occ.name + "，要求会" + t_.ResolveSkill(occ.essential_skills.front()).name +
        "，吃苦耐劳，服从安排。" + Pick(kBenefits) + "，" + Pick(kBenefits) + "。";
    nlohmann::json o = {{"board", Pick(kBoards)},
                        {"external_id", "GEN-" + std::to_string(i)},
                        {"title", occ.name + Pick(kTitleTails)},
                        {"employer", employer},
                        {"description", description},
                        {"occupation", occ.id},
                        {"skills", skills},
                        {"region", SomeRegion()},
                        {"wage_min", base},
                        {"wage_max", base + 500 * Uniform(1, 8)},
                        {"positions", Chance(0.7) ? Uniform(1, 3) : Uniform(4, 30)},
                        {"education", Pick(kEducation)},
                        {"for_graduates", Chance(0.08)},
                        {"full_time", !Chance(0.15)},
                        {"expires_at", AddDays(*ParseDate("2027-01-01"), Uniform(0, 360))}};
    return o;
  }

  std::string IdNumber(const std::string& region, const std::string& birth, bool male,
                       int64_t seq) {
    std::string id = region + birth.substr(0, 4) + birth.substr(5, 2) + birth.substr(8, 2);
    // The sequence has 500 values per place, birth date and sex: the next
    // free one when two people would share a number.
    for (int64_t next = seq;; ++next) {
      const int s = static_cast<int>(next % 500) * 2 + (male ? 1 : 0);
      char buf[4];
      std::snprintf(buf, sizeof buf, "%03d", s);
      std::string full = id + buf;
      full += IdCheckDigit(full);
      if (used_ids_.insert(full).second || next >= seq + 500) return full;
    }
  }

  nlohmann::json Household(int64_t i) {
    const std::string region = SomeRegion();
    nlohmann::json members = nlohmann::json::array();
    const int n = Uniform(1, 4);
    for (int k = 0; k < n; ++k) {
      const bool male = Chance(0.5);
      const int year = k == 0 ? Uniform(1966, 2000) : Uniform(1960, 2008);
      const std::string birth = std::to_string(year) + "-0" + std::to_string(Uniform(1, 9)) + "-1" +
                                std::to_string(Uniform(0, 9));
      const Occupation& occ = SomeOccupation();
      nlohmann::json skills = nlohmann::json::array();
      if (Chance(0.7)) {
        skills.push_back({{"skill", occ.essential_skills.front()},
                          {"level", Uniform(1, 4)},
                          {"certified", Chance(0.3)}});
        // Most who practise a trade hold the certificates the law requires for it.
        for (const auto& s : occ.essential_skills) {
          const CertificateKind* c = t_.CertificateOf(s);
          if (c != nullptr && c->hard && s != occ.essential_skills.front() && Chance(0.8))
            skills.push_back({{"skill", s}, {"level", 1}, {"certified", true}});
        }
      }
      const bool student = year >= 2004;
      std::string employment = student        ? "student"
                               : Chance(0.2)  ? "employed"
                               : Chance(0.15) ? "underemployed"
                                              : "unemployed";
      members.push_back(
          {{"name", Name()},
           {"id_number", IdNumber(region.size() == 6 ? region : "110105", birth, male, i * 4 + k)},
           {"education", student ? "senior" : Pick(kEducation)},
           {"work_ability", Chance(0.75)  ? "full"
                            : Chance(0.6) ? "partial"
                                          : "none"},
           {"employment", employment},
           {"skills", skills},
           {"desired_occupations",
            Chance(0.6) ? nlohmann::json::array({occ.id}) : nlohmann::json::array()},
           {"wants_startup", Chance(0.08)}});
    }
    return {{"archive_no", "GEN-" + std::to_string(i)},
            {"region", region},
            {"address", "社区" + std::to_string(Uniform(1, 99)) + "号"},
            {"causes", {Chance(0.5) ? "因病致困" : "下岗失业"}},
            {"dibao", Chance(0.35)},
            {"monthly_income", Uniform(800, 5000)},
            {"counsellor", Name()},
            {"members", members}};
  }

  nlohmann::json Course(int64_t i) {
    const Occupation& occ = SomeOccupation();
    const std::string start = AddDays(*ParseDate("2026-12-01"), Uniform(0, 120));
    return {
        {"title", occ.name + "技能培训班"},
        {"provider", std::string(Pick(kFirmWords)) + "职业培训学校"},
        {"skills_taught", {{{"skill", occ.essential_skills.front()}, {"level", Uniform(1, 3)}}}},
        {"region", SomeRegion()},
        {"starts_on", start},
        {"ends_on", AddDays(*ParseDate(start), 30)},
        {"hours", Uniform(20, 200)},
        {"seats", Uniform(0, 50)},
        {"fee", Chance(0.7) ? 0 : Uniform(3, 30) * 100},
        {"mode", Chance(0.1) ? "online" : "offline"},
        {"external_id", "GENC-" + std::to_string(i)}};
  }

  nlohmann::json Aid(int64_t i) {
    static constexpr const char* kKinds[] = {"startup_training", "startup_mentoring",
                                             "interest_free_loan", "loan_interest_subsidy",
                                             "production_materials"};
    const std::string region = SomeRegion();
    const auto& lineage = r_.Lineage(region);
    const std::string covering = lineage.size() > 1 ? lineage[1]->code : region;
    const int kind = static_cast<int>(i % 5);
    return {{"kind", kKinds[kind]},
            {"title",
             std::string(kKinds[kind]) == "interest_free_loan" ? "创业无息借款" : "创业扶持项目"},
            {"provider", "总工会"},
            {"region", covering},
            {"max_amount", kind >= 2 ? Uniform(1, 30) * 10000 : 0},
            {"requires",
             kind == 2 ? nlohmann::json::array({"business_plan"}) : nlohmann::json::array()},
            {"opens_on", "2026-01-01"},
            {"closes_on", "2027-12-31"}};
  }

 private:
  std::vector<std::string> ChildrenOf(const std::string& city) {
    std::vector<std::string> out;
    for (const auto& code : counties_) {
      if (r_.Contains(city, code) && code != city) out.push_back(code);
    }
    return out;
  }

  const GenerateOptions& o_;
  const Taxonomy& t_;
  const Regions& r_;
  std::mt19937_64 rng_;
  std::vector<std::pair<std::string, double>> cities_;
  std::vector<std::string> counties_;
  std::map<std::string, std::vector<std::string>> children_;
  std::discrete_distribution<std::size_t> occupation_;
  std::unordered_set<std::string> used_ids_;
};

}  // namespace

Result<void> Generate(const GenerateOptions& options, const Taxonomy& taxonomy,
                      const Regions& regions) {
  std::error_code ec;
  std::filesystem::create_directories(options.out_dir, ec);
  if (ec) return fail(ErrorKind::kBadRequest, "gen", "cannot create " + options.out_dir);
  Gen g(options, taxonomy, regions);
  auto write = [&](const char* file, int64_t n, auto make) -> Result<void> {
    std::ofstream out(options.out_dir + "/" + file);
    if (!out)
      return fail(ErrorKind::kBadRequest, "gen", "cannot write " + options.out_dir + "/" + file);
    for (int64_t i = 1; i <= n; ++i) out << make(i).dump() << "\n";
    return {};
  };
  if (auto r = write("openings.jsonl", options.openings, [&](int64_t i) { return g.Opening(i); });
      !r)
    return r;
  if (auto r =
          write("households.jsonl", options.households, [&](int64_t i) { return g.Household(i); });
      !r)
    return r;
  if (auto r = write("courses.jsonl", options.courses, [&](int64_t i) { return g.Course(i); }); !r)
    return r;
  if (auto r = write("aid_products.jsonl", options.aid, [&](int64_t i) { return g.Aid(i); }); !r)
    return r;
  return {};
}

}  // namespace jobmatch
