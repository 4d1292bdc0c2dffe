// Households from spreadsheets over real HTTP: the service's own template,
// a workbook written by another program (openpyxl), CSV in GBK and in UTF-8
// with a byte-order mark, a browser's multipart form, and files with bad
// rows, each problem on its row and column and said in Chinese.
#include <gtest/gtest.h>
#include <iconv.h>

#include <fstream>
#include <sstream>

#include "../support/builders.h"
#include "core/utf8.h"
#include "server_process.h"

namespace jobmatch::testing {
namespace {

constexpr char kXlsx[] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
constexpr char kHeader[] =
    "档案编号,所在地区,帮扶责任人,姓名,身份证号,出生日期,劳动能力,就业状况,技能\r\n";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string ToGbk(const std::string& utf8) {
  iconv_t cd = iconv_open("GBK", "UTF-8");
  std::string out(utf8.size() * 2, '\0');
  char* src = const_cast<char*>(utf8.data());
  char* dst = out.data();
  std::size_t in_left = utf8.size(), out_left = out.size();
  EXPECT_NE(iconv(cd, &src, &in_left, &dst, &out_left), static_cast<std::size_t>(-1));
  iconv_close(cd);
  out.resize(out.size() - out_left);
  return out;
}

class ImportsTest : public ::testing::Test {
 protected:
  HttpResult Import(const std::string& body, const std::string& type, const std::string& query = "",
                    const std::string& key = kAdminKey) {
    return server_.Request("POST", "/v1/households/import" + query, key, body, type);
  }
  nlohmann::json Household(const std::string& archive_no) {
    auto list = server_.Get("/v1/households?q=" + Encode(archive_no));
    EXPECT_EQ(list.status, 200) << list.body;
    auto items = list.Json()["items"];
    return items.size() == 1 ? items[0] : nlohmann::json();
  }

  TempDir dir_;
  ServerProcess server_{dir_.path()};
};

TEST_F(ImportsTest, TheTemplateImportsAsItIsAndAgainAsAnUpdate) {
  auto tpl = server_.Get("/v1/households/import/template.xlsx");
  ASSERT_EQ(tpl.status, 200);
  EXPECT_EQ(tpl.headers["content-type"], kXlsx);
  EXPECT_NE(tpl.headers["content-disposition"].find("attachment"), std::string::npos);
  ASSERT_EQ(tpl.body.rfind("PK", 0), 0u);

  auto dry = Import(tpl.body, kXlsx, "?dry_run=true");
  ASSERT_EQ(dry.status, 200) << dry.body;
  EXPECT_EQ(dry.Json()["imported"], 1);
  EXPECT_TRUE(dry.Json()["failed"].empty()) << dry.body;
  EXPECT_TRUE(dry.Json()["warnings"].empty()) << dry.body;  // every name is in the taxonomy
  EXPECT_TRUE(Household("SZ-GS-2026-0001").is_null());      // a dry run writes nothing

  auto done = Import(tpl.body, kXlsx);
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(done.Json()["imported"], 1);
  EXPECT_EQ(done.Json()["updated"], 0);
  auto h = Household("SZ-GS-2026-0001");
  ASSERT_FALSE(h.is_null());
  EXPECT_EQ(h["region"], "320508");
  EXPECT_EQ(h["dibao"], true);
  EXPECT_EQ(h["causes"], nlohmann::json({"失业", "疾病"}));
  const auto& m = h["members"][0];
  EXPECT_EQ(m["name"], "张伟");
  EXPECT_EQ(m["gender"], "male");
  EXPECT_EQ(m["skills"][0]["level"], 2);
  EXPECT_EQ(m["skills"][0]["certified"], true);
  EXPECT_EQ(m["id_number"], "320508********0019");  // masked, as everywhere

  auto again = Import(tpl.body, kXlsx);
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.Json()["imported"], 0);
  EXPECT_EQ(again.Json()["updated"], 1);
  EXPECT_EQ(Household("SZ-GS-2026-0001")["members"][0]["id"], m["id"]);  // same person, same id
}

TEST_F(ImportsTest, AWorkbookWrittenByOpenpyxlImportsWithItsDatesAndMergedCells) {
  auto r = Import(ReadFile(JOBMATCH_SOURCE_DIR "/tests/api/data/households_openpyxl.xlsx"), kXlsx);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Json()["imported"], 2) << r.body;
  EXPECT_TRUE(r.Json()["failed"].empty()) << r.body;
  auto h = Household("SZ-OPX-001");
  ASSERT_EQ(h["members"].size(), 2u);  // the merged archive number holds both rows
  EXPECT_EQ(h["monthly_income"], 1650);
  EXPECT_EQ(h["members"][0]["birth_date"], "1978-05-12");  // a date cell, shown as yyyy/m/d
  EXPECT_EQ(h["members"][1]["work_ability"], "partial");
  EXPECT_EQ(h["members"][1]["reach"], "county");
  EXPECT_EQ(Household("SZ-OPX-002")["members"][0]["wants_startup"], true);
}

TEST_F(ImportsTest, GbkCsvAsExcelSavesItIsDetectedRawAndInAForm) {
  const std::string csv = ToGbk(std::string(kHeader) + "GBK-1,江苏省苏州市虎丘区,王秀英,陈建华," +
                                MakeIdNumber("320505", "1980-06-01", true) +
                                ",1980/6/1,完全,失业,焊条电弧焊（高级）\r\n");
  ASSERT_FALSE(IsValidUtf8(csv));
  auto raw = Import(csv, "text/csv");
  ASSERT_EQ(raw.status, 200) << raw.body;
  EXPECT_EQ(raw.Json()["imported"], 1);
  EXPECT_EQ(Household("GBK-1")["members"][0]["name"], "陈建华");
  EXPECT_EQ(Household("GBK-1")["members"][0]["skills"][0]["level"], 3);

  // A browser's form: the file part among others, the type as Windows says it.
  const std::string b = "----WebKitFormBoundary7MA4YWxkTrZu0gW";
  const std::string form =
      "--" + b + "\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nx\r\n--" + b +
      "\r\nContent-Disposition: form-data; name=\"file\"; "
      "filename=\"家庭.csv\"\r\nContent-Type: application/vnd.ms-excel\r\n\r\n" +
      csv + "\r\n--" + b + "--\r\n";
  auto multi = Import(form, "multipart/form-data; boundary=" + b);
  ASSERT_EQ(multi.status, 200) << multi.body;
  EXPECT_EQ(multi.Json()["updated"], 1);
  auto none = Import("--" + b + "--\r\n", "multipart/form-data; boundary=" + b);
  EXPECT_EQ(none.status, 400);
  EXPECT_EQ(none.Json()["error"]["field"], "file");
}

TEST_F(ImportsTest, Utf8CsvWithAByteOrderMarkAndCrlf) {
  const std::string csv = "\xEF\xBB\xBF" + std::string(kHeader) + "BOM-1,320505,王秀英,李娜," +
                          MakeIdNumber("320505", "1990-02-03", false) + ",,部分,灵活就业,\r\n";
  auto r = Import(csv, "text/csv; charset=utf-8");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Json()["imported"], 1) << r.body;
  auto m = Household("BOM-1")["members"][0];
  EXPECT_EQ(m["employment"], "underemployed");
  EXPECT_EQ(m["gender"], "female");  // from the ID number
}

TEST_F(ImportsTest, BadRowsAreNamedByRowAndColumnAndTheirHouseholdIsNotWritten) {
  const std::string good = MakeIdNumber("320505", "1985-01-01", true, 1);
  const std::string csv =
      std::string(kHeader) + "OK-1,320505,王秀英,赵一," + good + ",,完全,失业,\r\n" +  // row 2
      "BAD-1,320505,王秀英,钱二," + MakeIdNumber("320505", "1986-01-01", true, 2) +
      ",,完全,失业,\r\n" + "BAD-1,,,孙三,320505198601010000,,完全,失业,\r\n" +  // row 4
      "\r\n" +                                                                  // row 5
      "BAD-2,320505,王秀英,李四,3.20505E+17,1990-13-01,半天,失业,\r\n" +        // row 6
      "BAD-3,320505,王秀英,周五," + good + ",,完全,失业,\r\n";                  // row 7
  auto r = Import(csv, "text/csv");
  ASSERT_EQ(r.status, 200) << r.body;
  const auto j = r.Json();
  EXPECT_EQ(j["imported"], 1);
  std::map<std::pair<int, std::string>, std::string> failed;
  for (const auto& f : j["failed"]) failed[{f["row"], f["column"]}] = f["message"];
  auto at = [&](int row, const std::string& column) { return failed[{row, column}]; };
  ASSERT_TRUE(failed.contains({4, "身份证号"})) << r.body;
  EXPECT_EQ(at(4, "身份证号").rfind("第 4 行「身份证号」：", 0), 0u);
  EXPECT_NE(at(6, "身份证号").find("文本格式"), std::string::npos);  // Excel's 3.2E+17
  EXPECT_TRUE(failed.contains({6, "出生日期"}));
  EXPECT_NE(at(6, "劳动能力").find("半天"), std::string::npos);
  EXPECT_NE(at(7, "身份证号").find("第 2 行"), std::string::npos);  // the same person twice
  // A household with one bad row is not written at all, not even its good row.
  EXPECT_TRUE(Household("BAD-1").is_null());
  EXPECT_FALSE(Household("OK-1").is_null());
}

TEST_F(ImportsTest, FilesThatAreNotSheetsAndCallersWhoMayNotImport) {
  auto missing = Import("姓名,身份证号\r\n张三,x\r\n", "text/csv");
  EXPECT_EQ(missing.status, 422);
  EXPECT_EQ(missing.Json()["error"]["code"], "missing_columns");
  EXPECT_NE(missing.Json()["error"]["message"].get<std::string>().find("档案编号"),
            std::string::npos);
  EXPECT_EQ(Import("PK\x03\x04 not really a zip", kXlsx).status, 400);
  EXPECT_EQ(Import(std::string("\xD0\xCF\x11\xE0 old xls", 12), "application/vnd.ms-excel").status,
            415);
  EXPECT_EQ(Import("{}", "application/json").status, 415);
  EXPECT_EQ(Import("", "text/csv").status, 400);
  EXPECT_EQ(Import(kHeader, "text/csv", "?dry_run=maybe").status, 400);
  const std::string board = server_.CreateKey("board", "x");
  EXPECT_EQ(Import(kHeader, "text/csv", "", board).status, 403);
  // A counsellor of Beijing cannot file a household in Suzhou.
  auto key = server_.Post(
      "/v1/keys", {{"role", "counsellor"}, {"owner", "x"}, {"region", "北京市"}}, kAdminKey);
  auto out = Import(std::string(kHeader) + "SCOPE-1,320505,王秀英,赵一," +
                        MakeIdNumber("320505", "1985-01-01", true) + ",,完全,失业,\r\n",
                    "text/csv", "", key.Json()["key"]);
  ASSERT_EQ(out.status, 200) << out.body;
  EXPECT_EQ(out.Json()["imported"], 0);
  EXPECT_EQ(out.Json()["failed"][0]["column"], "所在地区");
}

}  // namespace
}  // namespace jobmatch::testing
