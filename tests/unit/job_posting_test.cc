#include "core/job_posting.h"

#include <gtest/gtest.h>

#include <set>

#include "core/html_text.h"
#include "test_env.h"

namespace jobmatch {
namespace {

using nlohmann::json;

Result<JobPostingRead> Read(const json& posting) {
  return ReadJobPosting(posting, testing::RealRegions(), testing::TestTaxonomy());
}

// As a Suzhou board publishes it for search engines.
json Welder() {
  return json::parse(R"({
    "@context": "https://schema.org/",
    "@type": "JobPosting",
    "title": "招聘电焊工（熟练工）",
    "description": "<p>负责钢结构件焊接&amp;装配。</p><ul><li>五险一金</li><li>包住宿&nbsp;</li></ul><script>track()</script>",
    "identifier": {"@type": "PropertyValue", "name": "苏州人才网", "value": "SZRC-2026-8812"},
    "datePosted": "2026-12-01",
    "validThrough": "2027-01-31T23:59:59+08:00",
    "employmentType": "FULL_TIME",
    "hiringOrganization": {"@type": "Organization", "name": "苏州精工机械制造有限公司"},
    "jobLocation": {"@type": "Place",
      "address": {"@type": "PostalAddress", "addressRegion": "江苏", "addressLocality": "苏州市",
                  "streetAddress": "姑苏区人民路100号", "addressCountry": "CN"},
      "geo": {"@type": "GeoCoordinates", "latitude": 31.30, "longitude": 120.62}},
    "baseSalary": {"@type": "MonetaryAmount", "currency": "CNY",
      "value": {"@type": "QuantitativeValue", "minValue": 25, "maxValue": 35, "unitText": "HOUR"}},
    "totalJobOpenings": 3,
    "educationRequirements": {"@type": "EducationalOccupationalCredential", "credentialCategory": "high school"},
    "skills": "焊条电弧焊、识图",
    "occupationalCategory": "6-18-02-04 焊工",
    "applicationContact": {"@type": "ContactPoint", "name": "人事部 王女士", "telephone": "0512-6588 1234"},
    "industry": "制造业"
  })");
}

TEST(HtmlToTextTest, TagsGoEntitiesResolveScriptsAreDropped) {
  EXPECT_EQ(HtmlToText("<p>负责焊接&amp;装配</p><ul><li>五险一金</li><li>包住宿&nbsp;</li></ul>"
                       "<script>alert(1)</script><style>p{}</style>"),
            "负责焊接&装配\n五险一金\n包住宿");
  EXPECT_EQ(HtmlToText("<div>未闭合<b>加粗"), "未闭合加粗");
  EXPECT_EQ(HtmlToText("&#x7535;&#28938;工<br>月薪&lt;8000"), "电焊工\n月薪<8000");
  EXPECT_EQ(HtmlToText("  纯文本   多个  空格 "), "纯文本 多个 空格");
  EXPECT_EQ(HtmlToText(""), "");
}

TEST(JobPostingTest, AWholePostingReadsIntoAnOpening) {
  auto r = Read(Welder());
  ASSERT_TRUE(r) << r.error().message;
  const json& o = r->opening;
  EXPECT_EQ(o["title"], "招聘电焊工（熟练工）");
  EXPECT_EQ(o["description"], "负责钢结构件焊接&装配。\n五险一金\n包住宿");
  EXPECT_EQ(o["external_id"], "SZRC-2026-8812");
  EXPECT_EQ(o["employer"], "苏州精工机械制造有限公司");
  EXPECT_EQ(o["region"], "320508");  // 江苏 + 苏州市 + 姑苏区…
  EXPECT_EQ(o["address"], "姑苏区人民路100号");
  EXPECT_DOUBLE_EQ(o["location"]["lat"].get<double>(), 31.30);
  EXPECT_EQ(o["wage_min"], 4350);  // 25 yuan × 8 hours × 21.75 days
  EXPECT_EQ(o["wage_max"], 6090);
  EXPECT_EQ(o["full_time"], true);
  EXPECT_EQ(o["expires_at"], "2027-01-31");
  EXPECT_EQ(o["positions"], 3);
  EXPECT_EQ(o["education"], "senior");
  EXPECT_EQ(o["skills"], json::parse(R"([{"skill": "焊条电弧焊"}, {"skill": "识图"}])"));
  EXPECT_EQ(o["occupation"], "焊工");
  EXPECT_EQ(o["apply"]["contact"], "人事部 王女士");
  EXPECT_EQ(o["apply"]["phone"], "0512-6588 1234");
  EXPECT_TRUE(r->warnings.empty()) << r->warnings.front();
}

TEST(JobPostingTest, WagesBecomeMonthlyFromEveryUnit) {
  const std::pair<const char*, int64_t> cases[] = {
      {"HOUR", 34800}, {"DAY", 4350}, {"WEEK", 867}, {"MONTH", 200}, {"YEAR", 17}};
  for (const auto& [unit, monthly] : cases) {
    json p = Welder();
    p["baseSalary"]["value"] = {{"@type", "QuantitativeValue"}, {"value", 200}, {"unitText", unit}};
    auto r = Read(p);
    ASSERT_TRUE(r) << unit;
    EXPECT_EQ(r->opening["wage_min"], monthly) << unit;
    EXPECT_EQ(r->opening["wage_max"], monthly) << unit;
  }
  json yearly = Welder();
  yearly["baseSalary"]["value"] = {
      {"minValue", "96000"}, {"maxValue", 120000}, {"unitText", "YEAR"}};
  EXPECT_EQ(Read(yearly)->opening["wage_min"], 8000);
  EXPECT_EQ(Read(yearly)->opening["wage_max"], 10000);

  json dollars = Welder();
  dollars["baseSalary"]["currency"] = "USD";
  auto refused = Read(dollars);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().http_status(), 422);
  EXPECT_EQ(refused.error().field, "baseSalary.currency");
  json fortnight = Welder();
  fortnight["baseSalary"]["value"]["unitText"] = "FORTNIGHT";
  EXPECT_EQ(Read(fortnight).error().field, "baseSalary.value.unitText");
}

TEST(JobPostingTest, AddressesResolveInTheFormsBoardsWriteThem) {
  auto region = [](const json& address) {
    json p = Welder();
    p["jobLocation"] = {{"@type", "Place"}, {"address", address}};
    auto r = Read(p);
    return r ? r->opening["region"].get<std::string>() : r.error().code + " " + r.error().field;
  };
  EXPECT_EQ(region("江苏省苏州市姑苏区人民路100号"), "320508");
  EXPECT_EQ(region({{"addressRegion", "北京市"}, {"addressLocality", "朝阳区"}}), "110105");
  EXPECT_EQ(region({{"addressRegion", "北京"}, {"addressLocality", "朝阳区"}}), "110105");
  EXPECT_EQ(region({{"addressLocality", "苏州市"}, {"streetAddress", "苏州工业园区星湖街328号"}}),
            "320576");  // 苏州工业园区 has a code of its own
  EXPECT_EQ(region({{"addressRegion", "320000"}, {"addressLocality", "320505"}}), "320505");
  EXPECT_EQ(region({{"addressLocality", "朝阳区"}}), "ambiguous_region jobLocation.address");
  EXPECT_EQ(region("火星基地一号"), "validation_failed jobLocation.address");

  json p = Welder();
  p["jobLocation"] = {{"address", {{"addressLocality", "朝阳区"}}}};
  auto ambiguous = Read(p);
  ASSERT_FALSE(ambiguous);
  EXPECT_EQ(ambiguous.error().http_status(), 400);
  EXPECT_GE(ambiguous.error().candidates.size(), 2u);  // 北京市朝阳区, 长春市朝阳区, …
}

TEST(JobPostingTest, MissingPropertiesAreNamedAsJobPostingNamesThem) {
  for (const char* property : {"title", "jobLocation", "hiringOrganization", "identifier"}) {
    json p = Welder();
    p.erase(property);
    auto r = Read(p);
    ASSERT_FALSE(r) << property;
    EXPECT_EQ(r.error().http_status(), 422);
    EXPECT_EQ(r.error().field, property);
  }
  json other = Welder();
  other["@type"] = "Event";
  EXPECT_EQ(Read(other).error().field, "@type");
  EXPECT_EQ(JobPostingProperty("wage_min"), "baseSalary.value");
  EXPECT_EQ(JobPostingProperty("apply.phone"), "applicationContact");
  EXPECT_EQ(JobPostingProperty("title"), "title");
}

TEST(JobPostingTest, WhatIsGuessedIsReported) {
  json p = Welder();
  p.erase("occupationalCategory");
  p["identifier"] = "SZRC-1";  // text
  p["employmentType"] = json::array({"PART_TIME", "SHIFTS"});
  p["baseSalary"] = {{"value", {{"value", 6000}}}};
  p["educationRequirements"] = "大专及以上学历";
  auto r = Read(p);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->opening["occupation"], "电焊工");  // found in the title
  EXPECT_EQ(r->opening["external_id"], "SZRC-1");
  EXPECT_EQ(r->opening["full_time"], false);
  EXPECT_EQ(r->opening["wage_min"], 6000);
  EXPECT_EQ(r->opening["education"], "college");
  const std::set<std::string> warnings(r->warnings.begin(), r->warnings.end());
  EXPECT_TRUE(warnings.contains("employmentType SHIFTS is not known"));
  EXPECT_TRUE(warnings.contains("baseSalary.currency is missing: read as CNY"));
  EXPECT_TRUE(warnings.contains("baseSalary.value.unitText is missing: read as MONTH"));
}

// The properties schema.org defines for JobPosting (and its parents) that a
// writer may use; and those search engines require and recommend.
const std::set<std::string> kJobPostingProperties = {"@context",
                                                     "@type",
                                                     "title",
                                                     "description",
                                                     "identifier",
                                                     "datePosted",
                                                     "validThrough",
                                                     "hiringOrganization",
                                                     "jobLocation",
                                                     "baseSalary",
                                                     "employmentType",
                                                     "totalJobOpenings",
                                                     "occupationalCategory",
                                                     "directApply",
                                                     "educationRequirements",
                                                     "skills",
                                                     "applicationContact",
                                                     "url",
                                                     "experienceRequirements",
                                                     "industry",
                                                     "jobBenefits",
                                                     "qualifications",
                                                     "responsibilities",
                                                     "workHours",
                                                     "jobLocationType",
                                                     "applicantLocationRequirements",
                                                     "salaryCurrency",
                                                     "estimatedSalary",
                                                     "name"};
const char* const kRequired[] = {"datePosted", "description", "hiringOrganization", "jobLocation",
                                 "title"};
const char* const kRecommended[] = {"baseSalary", "directApply", "employmentType", "identifier",
                                    "validThrough"};

TEST(JobPostingTest, AnOpeningIsWrittenAsAValidJobPosting) {
  const json view = {{"id", 7},
                     {"board", "苏州人才网"},
                     {"external_id", "SZ-7"},
                     {"title", "招聘电焊工"},
                     {"employer", "苏州精工"},
                     {"description", "负责焊接"},
                     {"occupation", "welder"},
                     {"occupation_name", "焊工"},
                     {"skills", {{{"skill", "arc_welding"}, {"name", "焊条电弧焊"}, {"level", 3}}}},
                     {"region", "320508"},
                     {"address", "人民路100号"},
                     {"location", {{"lat", 31.3}, {"lon", 120.6}}},
                     {"wage_min", 6000},
                     {"wage_max", 8000},
                     {"positions", 2},
                     {"education", "college"},
                     {"full_time", false},
                     {"apply", {{"contact", "王女士"}, {"phone", "0512-6588 1234"}}},
                     {"expires_at", "2027-01-31"},
                     {"created_at", "2026-12-01T02:00:00Z"}};
  const json p = WriteJobPosting(view, testing::RealRegions());
  for (const auto& [key, value] : p.items()) {
    EXPECT_TRUE(kJobPostingProperties.contains(key)) << key;
  }
  for (const char* key : kRequired) EXPECT_TRUE(p.contains(key)) << key;
  for (const char* key : kRecommended) EXPECT_TRUE(p.contains(key)) << key;
  EXPECT_EQ(p["@context"], "https://schema.org/");
  EXPECT_EQ(p["@type"], "JobPosting");
  EXPECT_EQ(p["hiringOrganization"]["@type"], "Organization");
  EXPECT_EQ(p["jobLocation"]["@type"], "Place");
  EXPECT_EQ(p["jobLocation"]["address"]["@type"], "PostalAddress");
  EXPECT_EQ(p["jobLocation"]["address"]["addressCountry"], "CN");
  EXPECT_EQ(p["jobLocation"]["address"]["addressRegion"], "江苏省");
  EXPECT_EQ(p["jobLocation"]["address"]["addressLocality"], "苏州市");
  EXPECT_EQ(p["jobLocation"]["address"]["streetAddress"], "姑苏区人民路100号");
  EXPECT_EQ(p["baseSalary"]["currency"], "CNY");
  EXPECT_EQ(p["baseSalary"]["value"]["unitText"], "MONTH");
  EXPECT_EQ(p["employmentType"], "PART_TIME");
  EXPECT_EQ(p["identifier"]["value"], "SZ-7");
  EXPECT_EQ(p["validThrough"], "2027-01-31T23:59:59Z");
  // And it reads back into the same opening.
  auto back = Read(p);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->opening["region"], "320508");
  EXPECT_EQ(back->opening["wage_min"], 6000);
  EXPECT_EQ(back->opening["occupation"], "焊工");
  EXPECT_EQ(back->opening["education"], "college");
  EXPECT_EQ(back->opening["full_time"], false);
  EXPECT_EQ(back->opening["positions"], 2);
}

}  // namespace
}  // namespace jobmatch
