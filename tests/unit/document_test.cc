// The index's schema and the documents built from it: every term and value
// the searcher and the retrieval API rely on.
#include "search/document.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "core/entity.h"
#include "test_env.h"

namespace jobmatch {
namespace {

const IndexSchema& RealSchema() {
  static const IndexSchema schema = *IndexSchema::Load(JOBMATCH_SOURCE_DIR "/index/schema.json");
  return schema;
}

std::set<std::string> Terms(const Xapian::Document& doc) {
  std::set<std::string> out;
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) out.insert(*t);
  return out;
}

TEST(SchemaTest, LoadsTheRealSchemaWithDistinctPrefixesAndSlots) {
  const IndexSchema& s = RealSchema();
  const auto& p = s.prefix;
  const std::set<std::string> prefixes = {p.region,        p.occupation, p.skill,      p.education,
                                          p.for_graduates, p.board,      p.type,       p.full_time,
                                          p.free,          p.mode,       p.aid_region, p.aid_kind};
  EXPECT_EQ(prefixes.size(), 12u);
  for (const auto& prefix : prefixes) {
    EXPECT_FALSE(prefix.empty());
    EXPECT_NE(prefix, s.unique_prefix);
  }
  const auto& v = s.slot;
  const std::set<unsigned> slots = {v.wage_min,     v.wage_max,         v.updated_at,  v.expires_at,
                                    v.facet_region, v.facet_occupation, v.facet_skill, v.starts_on,
                                    v.opens_on,     v.closes_on,        v.summary};
  EXPECT_EQ(slots.size(), 11u);
  EXPECT_FALSE(s.text.empty());
}

TEST(SchemaTest, UniqueTermsDifferByEntity) {
  const IndexSchema& s = RealSchema();
  const std::set<std::string> terms = {
      s.UniqueTerm(kEntityOpening, 12), s.UniqueTerm(kEntityCourse, 12),
      s.UniqueTerm(kEntityAid, 12), s.UniqueTerm(kEntityOpening, 1)};
  EXPECT_EQ(terms.size(), 4u);
  EXPECT_EQ(s.UniqueTerm(kEntityOpening, 12), s.unique_prefix + "12");
}

TEST(SchemaTest, AMissingOrBrokenFileIsAnError) {
  testing::TempDir dir;
  auto missing = IndexSchema::Load(dir.path() + "/none.json");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, "schema_missing");
  for (const char* text : {"{", R"({"unique_prefix": "Q", "text": []})", "[]"}) {
    testing::WriteFile(dir.path() + "/schema.json", text);
    auto broken = IndexSchema::Load(dir.path() + "/schema.json");
    ASSERT_FALSE(broken) << text;
    EXPECT_EQ(broken.error().code, "schema_corrupt") << text;
  }
}

TEST(DocumentTest, EducationTermsCoverEveryLevelAtOrAboveTheMinimum) {
  EXPECT_EQ(EducationTerms("XE", Education::kMaster),
            std::vector<std::string>{"XE" + std::to_string(EducationRank(Education::kMaster))});
  const auto none = EducationTerms("XE", Education::kNone);
  const auto senior = EducationTerms("XE", Education::kSenior);
  EXPECT_GT(none.size(), senior.size());
  EXPECT_TRUE(std::includes(none.begin(), none.end(), senior.begin(), senior.end()));
  EXPECT_EQ(senior.front(), "XE" + std::to_string(EducationRank(Education::kSenior)));
}

Opening Welding() {
  Opening o;
  o.id = 7;
  o.board = "board-a";
  o.title = "电焊工";
  o.employer = "苏州重工";
  o.description = "测试描述";
  o.occupation = {"welder", "焊工", true};
  o.skills = {{{"arc_welding", "焊条电弧焊", true}, 2}};
  o.region = "320506";  // 吴中区, in 苏州市, in 江苏省
  o.wage_min = 5000;
  o.education = Education::kSenior;
  o.expires_at = "2027-01-31";
  o.updated_at = "2026-12-01T00:00:00Z";
  return o;
}

TEST(DocumentTest, AnOpeningCarriesItsFiltersValuesAndText) {
  const IndexSchema& s = RealSchema();
  DocumentBuilder builder(s, testing::TestTaxonomy(), testing::RealRegions());
  const Opening o = Welding();
  const nlohmann::json stored = {{"id", 7}, {"title", o.title}, {"description", o.description}};
  const Xapian::Document doc = builder.BuildOpening(o, stored);
  const auto terms = Terms(doc);
  const auto& p = s.prefix;
  for (const std::string& t :
       {s.UniqueTerm(kEntityOpening, 7), p.type + kTypeOpening, p.region + "320000",
        p.region + "320500", p.region + "320506", p.occupation + "welder", p.skill + "arc_welding",
        p.board + "board-a", p.for_graduates + "0", p.full_time + "1",
        p.education + std::to_string(EducationRank(Education::kSenior))}) {
    EXPECT_TRUE(terms.contains(t)) << t;
  }
  EXPECT_FALSE(terms.contains(p.education + std::to_string(EducationRank(Education::kNone))));
  // The title keeps single characters (phrases need them); the description,
  // bigrams only.
  EXPECT_TRUE(terms.contains("电焊"));
  EXPECT_TRUE(terms.contains("电"));
  EXPECT_TRUE(terms.contains("测试"));
  EXPECT_FALSE(terms.contains("测"));
  // The occupation's synonyms are searchable.
  EXPECT_TRUE(terms.contains("焊接"));

  EXPECT_EQ(Xapian::sortable_unserialise(doc.get_value(s.slot.wage_min)), 5000);
  EXPECT_EQ(doc.get_value(s.slot.wage_max), "");
  EXPECT_EQ(doc.get_value(s.slot.expires_at), "2027-01-31");
  EXPECT_EQ(doc.get_value(s.slot.facet_region), "320000\n320500\n320506");
  const auto summary = nlohmann::json::parse(doc.get_value(s.slot.summary));
  EXPECT_EQ(summary.at("title"), "电焊工");
  EXPECT_FALSE(summary.contains("description"));  // matching never reads it
  EXPECT_EQ(nlohmann::json::parse(doc.get_data()), stored);
}

TEST(DocumentTest, CoursesAndAidAreToldApartByType) {
  const IndexSchema& s = RealSchema();
  DocumentBuilder builder(s, testing::TestTaxonomy(), testing::RealRegions());
  Course c;
  c.id = 3;
  c.title = "叉车培训";
  c.skills_taught = {{{"forklift", "叉车驾驶", true}, 1}};
  c.region = "320506";
  c.online = true;
  c.starts_on = "2027-01-05";
  const auto course = Terms(builder.BuildCourse(c, nlohmann::json::object()));
  for (const std::string& t :
       {s.UniqueTerm(kEntityCourse, 3), s.prefix.type + kTypeCourse, s.prefix.skill + "forklift",
        s.prefix.free + "1", s.prefix.mode + "online", s.prefix.region + "320500"}) {
    EXPECT_TRUE(course.contains(t)) << t;
  }
  AidProduct a;
  a.id = 3;
  a.kind = AidKind::kInterestFreeLoan;
  a.title = "创业担保贷款";
  a.region = "320500";
  const auto aid = Terms(builder.BuildAid(a, nlohmann::json::object()));
  for (const std::string& t :
       {s.UniqueTerm(kEntityAid, 3), s.prefix.type + kTypeAid, s.prefix.aid_region + "320500",
        s.prefix.aid_kind + std::string(AidKindName(AidKind::kInterestFreeLoan))}) {
    EXPECT_TRUE(aid.contains(t)) << t;
  }
  // An aid product's region is one term, not its lineage: the query ORs the lineage.
  EXPECT_FALSE(aid.contains(s.prefix.region + "320000"));
  EXPECT_FALSE(aid.contains(s.prefix.aid_region + "320000"));
}

}  // namespace
}  // namespace jobmatch
