// The gold set: hand-labelled matching cases (tests/gold/cases.json) judged
// against a small hand-made catalogue (tests/gold/catalog.json) through the
// whole engine — store, index, retrieval, scoring. Each case asserts rank
// order, not mere presence.
#include <gtest/gtest.h>

#include <fstream>

#include "test_env.h"

namespace jobmatch {
namespace {

nlohmann::json ReadJson(const std::string& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}

class GoldTest : public ::testing::TestWithParam<nlohmann::json> {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    AppConfig config = testing::TestConfig(dir_->path());
    config.index_dir = JOBMATCH_SOURCE_DIR "/index";  // the real taxonomy
    clock_ = new FixedClock(testing::TestNow());
    app_ = App::Open(config, *clock_)->release();
    const auto catalog = ReadJson(JOBMATCH_SOURCE_DIR "/tests/gold/catalog.json");
    keys_ = new std::map<std::string, std::string>();
    for (auto o : catalog.at("openings")) {
      o["external_id"] = o.at("key");
      if (!o.contains("expires_at")) o["expires_at"] = "2027-06-30";
      auto r = app_->PostOpenings("金牌测试网", {o});
      ASSERT_TRUE(r && (*r)[0]) << o.dump();
      (*keys_)["opening:" + std::to_string((*r)[0]->opening.at("id").get<int64_t>())] = o.at("key");
    }
    std::vector<std::string> warnings;
    for (const auto& c : catalog.at("courses")) {
      auto r = app_->PutCourse(std::nullopt, c, warnings);
      ASSERT_TRUE(r) << r.error().message;
      (*keys_)["course:" + std::to_string(r->at("id").get<int64_t>())] = c.at("key");
    }
    for (const auto& a : catalog.at("aid")) {
      auto r = app_->PutAidProduct(std::nullopt, a);
      ASSERT_TRUE(r) << r.error().message;
      (*keys_)["aid:" + std::to_string(r->at("id").get<int64_t>())] = a.at("key");
    }
    ASSERT_TRUE(app_->StartIndexing());
    app_->Stop();
  }
  static void TearDownTestSuite() {
    delete app_;
    delete clock_;
    delete keys_;
    delete dir_;
  }

  // Files the case's household and returns the member's matches as keys, in order.
  nlohmann::json Matches(const nlohmann::json& c, std::vector<std::string>& order) {
    nlohmann::json m = {{"name", "测试成员"},     {"birth_date", "1985-05-01"},
                        {"gender", "male"},       {"education", "junior"},
                        {"work_ability", "full"}, {"employment", "unemployed"}};
    for (const auto& [k, v] : c.at("member").items()) m[k] = v;
    m["id_number"] =
        testing::MakeIdNumber("320505", m["birth_date"], m["gender"] == "male", ++seq_);
    nlohmann::json h = {{"archive_no", "GOLD-" + std::to_string(seq_)},
                        {"region", "320505"},
                        {"counsellor", "王老师"},
                        {"members", {m}}};
    std::vector<std::string> warnings;
    auto filed = app_->CreateHousehold(h, warnings, SystemPrincipal("test"));
    EXPECT_TRUE(filed) << filed.error().message;
    if (!filed) return {};
    const int64_t member = filed->at("members")[0].at("id");
    const std::string kind = c.at("kind");
    auto result = app_->Matches(member, *ParseMatchKind(kind), 50);
    EXPECT_TRUE(result) << result.error().message;
    if (!result) return {};
    law_ = result->value("law", nlohmann::json::object());
    const std::string prefix = kind == "openings"  ? "opening:"
                               : kind == "courses" ? "course:"
                                                   : "aid:";
    nlohmann::json by_key = nlohmann::json::object();
    for (const auto& item : result->at("items")) {
      const std::string key = keys_->at(prefix + std::to_string(item.at("id").get<int64_t>()));
      order.push_back(key);
      by_key[key] = item;
    }
    return by_key;
  }

  nlohmann::json law_;  // what the law kept from the member (openings)
  static testing::TempDir* dir_;
  static FixedClock* clock_;
  static App* app_;
  static std::map<std::string, std::string>* keys_;  // "kind:id" → catalogue key
  static int seq_;
};

testing::TempDir* GoldTest::dir_ = nullptr;
FixedClock* GoldTest::clock_ = nullptr;
App* GoldTest::app_ = nullptr;
std::map<std::string, std::string>* GoldTest::keys_ = nullptr;
int GoldTest::seq_ = 0;

TEST_P(GoldTest, Holds) {
  const nlohmann::json& c = GetParam();
  std::vector<std::string> order;
  const nlohmann::json items = Matches(c, order);
  const nlohmann::json& e = c.at("expect");
  std::string listed;
  for (const auto& k : order) listed += k + " ";
  SCOPED_TRACE("ranked: " + listed);
  auto rank = [&](const std::string& key) {
    auto it = std::find(order.begin(), order.end(), key);
    return it == order.end() ? -1 : static_cast<int>(it - order.begin());
  };
  if (e.value("empty", false)) {
    EXPECT_TRUE(order.empty());
  }
  if (e.contains("first")) {
    ASSERT_FALSE(order.empty());
    EXPECT_EQ(order.front(), e.at("first"));
  }
  const nlohmann::json present_ = e.value("present", nlohmann::json::array());
  for (const auto& k : present_) EXPECT_GE(rank(k), 0) << k;
  const nlohmann::json absent_ = e.value("absent", nlohmann::json::array());
  for (const auto& k : absent_) EXPECT_EQ(rank(k), -1) << k;
  const nlohmann::json before_ = e.value("before", nlohmann::json::array());
  for (const auto& pair : before_) {
    // The first must be offered, and above the second wherever that one stands.
    const int a = rank(pair[0]), b = rank(pair[1]);
    EXPECT_GE(a, 0) << pair[0];
    if (b >= 0) {
      EXPECT_LT(a, b) << pair[0] << " should rank above " << pair[1];
    }
  }
  if (e.contains("order")) {
    int last = -1;
    for (const auto& k : e.at("order")) {
      const int r = rank(k);
      EXPECT_GT(r, last) << k << " out of pathway order";
      last = r;
    }
  }
  if (e.value("none_full_time", false)) {
    for (const auto& [k, item] : items.items()) EXPECT_FALSE(item.at("full_time").get<bool>()) << k;
  }
  if (e.contains("law_no_jobs_contains")) {
    ASSERT_TRUE(law_.at("no_jobs").is_string()) << law_.dump();
    EXPECT_NE(law_.at("no_jobs").get<std::string>().find(e.at("law_no_jobs_contains")),
              std::string::npos)
        << law_.dump();
  }
  // law_excluded: [key] or {key: words its reason contains}.
  const nlohmann::json law_excluded_ = e.value("law_excluded", nlohmann::json::array());
  for (const auto& [i, v] : law_excluded_.items()) {
    const std::string k = law_excluded_.is_array() ? v.get<std::string>() : i;
    const std::string because = law_excluded_.is_array() ? "" : v.get<std::string>();
    bool found = false;
    for (const auto& x : law_.at("excluded")) {
      found |= keys_->at("opening:" + std::to_string(x.at("id").get<int64_t>())) == k &&
               x.at("reason").get<std::string>().find(because) != std::string::npos;
    }
    EXPECT_TRUE(found) << k << " should be excluded by law (" << because << "): " << law_.dump();
  }
  const nlohmann::json reason_contains_ = e.value("reason_contains", nlohmann::json::object());
  for (const auto& [k, text] : reason_contains_.items()) {
    ASSERT_TRUE(items.contains(k)) << k;
    const auto& reasons = items[k].at("explanation").at("reasons");
    bool found = false;
    for (const auto& r : reasons)
      found |= r.get<std::string>().find(text.get<std::string>()) != std::string::npos;
    EXPECT_TRUE(found) << k << " reasons: " << reasons.dump();
  }
  const nlohmann::json missing_ = e.value("missing", nlohmann::json::object());
  for (const auto& [k, expected] : missing_.items()) {
    ASSERT_TRUE(items.contains(k)) << k;
    const auto& missing = items[k].at("explanation").at("missing_skills");
    for (const auto& m : expected) {
      bool found = false;
      for (const auto& got : missing) {
        found |= got.at("skill") == m[0] && got.at("required_level") == m[1] &&
                 got.at("held_level") == m[2];
      }
      EXPECT_TRUE(found) << k << " should miss " << m.dump() << "; missing: " << missing.dump();
    }
  }
  const nlohmann::json matched_ = e.value("matched", nlohmann::json::object());
  for (const auto& [k, expected] : matched_.items()) {
    ASSERT_TRUE(items.contains(k)) << k;
    const auto& matched = items[k].at("explanation").at("matched_skills");
    for (const auto& skill : expected) {
      bool found = false;
      for (const auto& got : matched) found |= got.at("skill") == skill;
      EXPECT_TRUE(found) << k << " should match " << skill;
    }
  }
  const nlohmann::json unlocks_ = e.value("unlocks", nlohmann::json::object());
  for (const auto& [k, expected] : unlocks_.items()) {
    ASSERT_TRUE(items.contains(k)) << k;
    std::set<std::string> got;
    for (const auto& id : items[k].at("unlocks"))
      got.insert(keys_->at("opening:" + std::to_string(id.get<int64_t>())));
    EXPECT_EQ(got, expected.get<std::set<std::string>>()) << k;
  }
  const nlohmann::json eligible_ = e.value("eligible", nlohmann::json::object());
  for (const auto& [k, expected] : eligible_.items()) {
    ASSERT_TRUE(items.contains(k)) << k;
    EXPECT_EQ(items[k].at("eligible"), expected) << k;
  }
  const nlohmann::json next_steps_ = e.value("next_steps", nlohmann::json::object());
  for (const auto& [k, expected] : next_steps_.items()) {
    ASSERT_TRUE(items.contains(k)) << k;
    std::set<std::string> got;
    for (const auto& s : items[k].at("explanation").at("next_steps")) got.insert(s.at("requires"));
    EXPECT_EQ(got, expected.get<std::set<std::string>>()) << k;
  }
  const nlohmann::json distance_ = e.value("distance", nlohmann::json::object());
  for (const auto& [k, range] : distance_.items()) {
    ASSERT_TRUE(items.contains(k)) << k;
    const auto& d = items[k].at("explanation").at("distance_km");
    ASSERT_TRUE(d.is_number()) << k;
    EXPECT_GE(d.get<double>(), range[0].get<double>());
    EXPECT_LE(d.get<double>(), range[1].get<double>());
  }
}

std::vector<nlohmann::json> Cases() {
  std::vector<nlohmann::json> out;
  const nlohmann::json file = ReadJson(JOBMATCH_SOURCE_DIR "/tests/gold/cases.json");
  for (const auto& c : file.at("cases")) out.push_back(c);
  return out;
}

INSTANTIATE_TEST_SUITE_P(Cases, GoldTest, ::testing::ValuesIn(Cases()),
                         [](const ::testing::TestParamInfo<nlohmann::json>& info) {
                           return info.param.at("name").get<std::string>();
                         });

}  // namespace
}  // namespace jobmatch
