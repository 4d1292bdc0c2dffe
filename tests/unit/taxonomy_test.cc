#include "core/taxonomy.h"

#include <gtest/gtest.h>

#include <set>

#include "test_env.h"

namespace jobmatch {
namespace {

using testing::TestTaxonomy;

TEST(TaxonomyTest, ResolvesByIdNameOrSynonym) {
  for (const char* name : {"arc_welding", "焊条电弧焊", "电焊"}) {
    TermRef r = TestTaxonomy().ResolveSkill(name);
    EXPECT_TRUE(r.known) << name;
    EXPECT_EQ(r.id, "arc_welding");
    EXPECT_EQ(r.name, "焊条电弧焊");
  }
  EXPECT_EQ(TestTaxonomy().ResolveOccupation("电焊工").id, "welder");
}

TEST(TaxonomyTest, UnknownNamesAreKeptAsGiven) {
  TermRef r = TestTaxonomy().ResolveSkill("冷库盘点");
  EXPECT_FALSE(r.known);
  EXPECT_EQ(r.id, "冷库盘点");
  EXPECT_EQ(r.name, "冷库盘点");
}

TEST(TaxonomyTest, ExpansionsJoinTaxonomyNamesAndSynonymGroups) {
  auto e = TestTaxonomy().Expansions("保洁");
  EXPECT_NE(std::find(e.begin(), e.end(), "清洁"), e.end());
  EXPECT_NE(std::find(e.begin(), e.end(), "打扫卫生"), e.end());
  EXPECT_TRUE(TestTaxonomy().Expansions("火箭").empty());
  EXPECT_EQ(TestTaxonomy().LevelName(3), "三级/高级工");
  EXPECT_EQ(TestTaxonomy().LevelName(6), "");
}

TEST(TaxonomyTest, RejectsAnOccupationNeedingAnUnknownSkill) {
  testing::TempDir dir;
  testing::WriteTestIndexDir(dir.path());
  testing::WriteFile(
      dir.path() + "/occupations.json",
      R"({"occupations":[{"id":"x","name":"某工","skills":{"essential":["nope"]}}]})");
  EXPECT_FALSE(Taxonomy::Load(dir.path()));
}

TEST(TaxonomyTest, CertificatesAreMarkedWithTheirKind) {
  const CertificateKind* c = TestTaxonomy().CertificateOf("welding_certificate");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->name, "特种作业操作证");
  EXPECT_TRUE(c->hard);
  ASSERT_NE(TestTaxonomy().CertificateOf("health_certificate"), nullptr);
  EXPECT_FALSE(TestTaxonomy().CertificateOf("health_certificate")->hard);
  EXPECT_EQ(TestTaxonomy().CertificateOf("arc_welding"), nullptr);
  EXPECT_EQ(TestTaxonomy().CertificateOf("冷库盘点"), nullptr);
}

TEST(TaxonomyTest, RejectsAnUnknownKindOfCertificate) {
  testing::TempDir dir;
  testing::WriteTestIndexDir(dir.path());
  testing::WriteFile(dir.path() + "/skills.json", R"({
    "levels": [{"name":"1"},{"name":"2"},{"name":"3"},{"name":"4"},{"name":"5"}],
    "skills": [{"id":"x","name":"某证","certificate":"nope"}]})");
  EXPECT_FALSE(Taxonomy::Load(dir.path()));
}

// The project's own taxonomy: loads, and covers what the service promises.
TEST(ProjectTaxonomyTest, CoversAtLeastSixtyOccupationsAcrossTheTrades) {
  auto t = Taxonomy::Load(JOBMATCH_SOURCE_DIR "/index");
  ASSERT_TRUE(t) << t.error().message;
  EXPECT_GE(t->occupations().size(), 60u);
  std::set<std::string> groups;
  for (const auto& o : t->occupations()) {
    groups.insert(o.group);
    EXPECT_FALSE(o.essential_skills.empty()) << o.id;
  }
  for (const char* g : {"manufacturing", "electrical", "construction", "domestic", "care",
                        "cleaning", "security", "catering", "retail", "logistics", "delivery",
                        "driving", "auto", "beauty", "ecommerce", "agriculture"}) {
    EXPECT_TRUE(groups.contains(g)) << g;
  }
  for (const char* name :
       {"焊工", "电工", "保洁员", "保安员", "叉车司机", "快递员", "育婴员", "养老护理员"}) {
    EXPECT_TRUE(t->ResolveOccupation(name).known) << name;
  }
}

}  // namespace
}  // namespace jobmatch
