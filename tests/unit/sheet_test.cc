// Spreadsheets read and written (sheet/), the upload's form parts
// (http/multipart) and the household archive's columns (service/household_sheet).
#include <gtest/gtest.h>

#include "../support/builders.h"
#include "http/multipart.h"
#include "service/household_sheet.h"
#include "sheet/cells.h"
#include "sheet/csv.h"
#include "sheet/xlsx.h"

namespace jobmatch {
namespace {

TEST(CellsTest, DatesAsPeopleTypeThem) {
  for (const char* typed :
       {"1985-03-15", "1985/3/15", "1985.3.15", "1985年3月15日", "19850315", " 1985-3-15 "}) {
    EXPECT_EQ(CellDate(typed), "1985-03-15") << typed;
  }
  EXPECT_EQ(CellDate("2025年6月"), "2025-06-01");
  for (const char* bad : {"1985-02-30", "1985-13-01", "15/3/1985", "明天", "", "1850-01-01"}) {
    EXPECT_FALSE(CellDate(bad)) << bad;
  }
}

TEST(CellsTest, ListsSplitOutsideParentheses) {
  EXPECT_EQ(SplitCellList("叉车驾驶（中级，持证）、仓库管理;  电工 ,"),
            (std::vector<std::string>{"叉车驾驶（中级，持证）", "仓库管理", "电工"}));
  EXPECT_EQ(SplitCellList("a(b,c)/d"), (std::vector<std::string>{"a(b,c)", "d"}));
  EXPECT_TRUE(SplitCellList(" 、 ").empty());
  EXPECT_EQ(TrimCell("\u3000张伟 \t"), "张伟");
}

TEST(CellsTest, YesNoAndNumbers) {
  EXPECT_EQ(CellYesNo("是"), true);
  EXPECT_EQ(CellYesNo("FALSE"), false);
  EXPECT_FALSE(CellYesNo("也许"));
  EXPECT_EQ(CellNumber("1,500元"), 1500);
  EXPECT_EQ(CellNumber("12.5公里"), 12.5);
  EXPECT_FALSE(CellNumber("-3"));
  EXPECT_FALSE(CellNumber("一千"));
}

TEST(CsvTest, RowNumbersAreTheSpreadsheetsWithBlankLinesAndQuotedBreaks) {
  auto t = ReadCsv("a,b\r\n1,\"x\r\ny\"\r\n\r\n2,\"say \"\"hi\"\"\"\r\n");
  ASSERT_TRUE(t) << t.error().message;
  EXPECT_EQ(t->header, (std::vector<std::string>{"a", "b"}));
  ASSERT_EQ(t->rows.size(), 2u);
  EXPECT_EQ(t->rows[0].number, 2);
  EXPECT_EQ(t->rows[0].cells[1], "x\ny");
  EXPECT_EQ(t->rows[1].number, 4);  // row 3 was blank
  EXPECT_EQ(t->rows[1].cells[1], "say \"hi\"");
  EXPECT_FALSE(ReadCsv("a,b\n\"open,quote\n"));
}

TEST(CsvTest, EncodingsByMarkDeclarationOrGuess) {
  const std::string gbk = "\xD0\xD5\xC3\xFB\r\n\xD5\xC5\xCE\xB0\r\n";  // 姓名 / 张伟 in GBK
  auto guessed = ReadCsv(gbk);
  ASSERT_TRUE(guessed);
  EXPECT_EQ(guessed->header[0], "姓名");
  EXPECT_EQ(guessed->rows[0].cells[0], "张伟");
  EXPECT_EQ(ReadCsv(gbk, "GB2312")->rows[0].cells[0], "张伟");
  auto declared_wrong = ReadCsv(gbk, "utf-8");
  ASSERT_FALSE(declared_wrong);
  EXPECT_EQ(declared_wrong.error().http_status(), 400);
  EXPECT_FALSE(ReadCsv("a", "ebcdic"));
  // "Unicode text": UTF-16LE with its mark, tab-separated.
  const std::string utf16(
      "\xFF\xFE"
      "a\0\t\0b\0\r\0\n\0"
      "1\0\t\0"
      "2\0",
      18);
  auto t = ReadCsv(utf16);
  ASSERT_TRUE(t) << t.error().message;
  EXPECT_EQ(t->header, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(t->rows[0].cells, (std::vector<std::string>{"1", "2"}));
}

TEST(XlsxTest, WhatIsWrittenReadsBackAsTextNeverAsFormulas) {
  Table t{{"姓名", "身份证号", "备注"},
          {{2, {"张伟", "320508198503150019", "=SUM(A1:A2)"}}, {3, {"", "0012", "2025-06-30"}}}};
  auto bytes = WriteXlsx({{"表", t, true}});
  ASSERT_TRUE(bytes) << bytes.error().message;
  ASSERT_TRUE(LooksLikeZip(*bytes));
  auto back = ReadXlsx(*bytes);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->header, t.header);
  ASSERT_EQ(back->rows.size(), 2u);
  EXPECT_EQ(back->rows[0].cells, t.rows[0].cells);
  EXPECT_EQ(back->rows[1].number, 3);
  EXPECT_EQ(back->rows[1].cells[1], "0012");  // leading zeros kept: a string cell
  EXPECT_EQ(back->rows[1].cells[2], "2025-06-30");
}

TEST(XlsxTest, WhatIsNotAWorkbookIsA400InChinese) {
  for (std::string bad : {std::string("PK\x03\x04garbage"), std::string("plain text")}) {
    auto t = ReadXlsx(bad);
    ASSERT_FALSE(t);
    EXPECT_EQ(t.error().http_status(), 400);
    EXPECT_EQ(t.error().code, "unreadable_file");
  }
}

TEST(MultipartTest, HeaderParametersQuotedOrNot) {
  EXPECT_EQ(MediaTypeOf(" Text/CSV ; charset=GBK"), "text/csv");
  EXPECT_EQ(HeaderParam("text/csv; charset=GBK", "charset"), "GBK");
  EXPECT_EQ(HeaderParam("form-data; name=\"file\"; filename=\"a \\\"b\\\".csv\"", "filename"),
            "a \"b\".csv");
  EXPECT_EQ(HeaderParam("form-data; NAME=file", "name"), "file");
  EXPECT_EQ(HeaderParam("form-data; filename=\"x;y\"; name=f", "name"), "f");
  EXPECT_EQ(HeaderParam("text/csv", "charset"), "");
}

TEST(MultipartTest, TheFilePartAmongOthersAfterAPreamble) {
  const std::string body =
      "preamble\r\n--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--B\r\n"
      "content-disposition: form-data; name=\"file\"; filename=\"f.csv\"\r\n"
      "Content-Type: text/csv; charset=gbk\r\n\r\nx,y\r\n1,2\r\n--B--\r\n";
  auto part = FindFormPart(body, "B", "file");
  ASSERT_TRUE(part);
  EXPECT_EQ(part->content, "x,y\r\n1,2");
  EXPECT_EQ(part->filename, "f.csv");
  EXPECT_EQ(HeaderParam(part->content_type, "charset"), "gbk");
  EXPECT_FALSE(FindFormPart(body, "B", "other"));
  EXPECT_FALSE(FindFormPart(body, "C", "file"));
  EXPECT_FALSE(FindFormPart("--B\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nno end",
                            "B", "file"));
}

TEST(HouseholdSheetTest, HeadersMayCarryMarksAndOtherNames) {
  Table t{{"档案编号*", "所在地区（必填）", "帮扶责任人", "姓名", "身份证号码", "劳动能力",
           "就业状况", "技能", "备注栏"},
          {{2,
            {"A-1", "320505", "王", "张伟", "320508198503150019", "完全", "失业",
             "叉车驾驶（高级技师，持证）、电工"}}}};
  auto s = HouseholdsFromSheet(t);
  ASSERT_TRUE(s) << s.error().message;
  ASSERT_EQ(s->households.size(), 1u);
  const auto& h = s->households[0];
  EXPECT_TRUE(h.problems.empty()) << h.problems[0].message;
  EXPECT_EQ(h.body["members"][0]["skills"][0],
            nlohmann::json({{"skill", "叉车驾驶"}, {"level", 5}, {"certified", true}}));
  EXPECT_EQ(h.body["members"][0]["skills"][1], nlohmann::json({{"skill", "电工"}}));
  ASSERT_EQ(s->notes.size(), 1u);
  EXPECT_EQ(s->notes[0].column, "备注栏");
}

TEST(HouseholdSheetTest, ThePostCategoryAndWorkAfterRetirement) {
  Table t{{"档案编号", "所在地区", "帮扶责任人", "姓名", "身份证号", "劳动能力", "就业状况",
           "岗位类别", "退休后愿意工作"},
          {{2,
            {"A-1", "320505", "王", "李芳", testing::MakeIdNumber("320508", "1970-03-15", false),
             "完全", "失业", "工人岗", "是"}},
           {3,
            {"A-1", "320505", "王", "李强", testing::MakeIdNumber("320508", "1995-03-15", true),
             "完全", "失业", "", ""}},
           {4,
            {"A-2", "320505", "王", "赵敏", testing::MakeIdNumber("320508", "1971-03-15", false),
             "完全", "失业", "车间", ""}}}};
  auto s = HouseholdsFromSheet(t);
  ASSERT_TRUE(s) << s.error().message;
  ASSERT_EQ(s->households.size(), 2u);
  const auto& members = s->households[0].body["members"];
  EXPECT_EQ(members[0]["retirement_category"], "worker");
  EXPECT_EQ(members[0]["wants_work_after_retirement"], true);
  EXPECT_FALSE(members[1].contains("retirement_category"));  // the default: staff
  ASSERT_EQ(s->households[1].problems.size(), 1u);
  EXPECT_EQ(s->households[1].problems[0].column, "岗位类别");
}

TEST(HouseholdSheetTest, AHouseholdsColumnsMustAgreeAcrossItsRows) {
  Table t = HouseholdTemplate();
  SheetRow second = t.rows[0];
  second.number = 3;
  second.cells[1] = "北京市";  // 所在地区 differs from row 2
  second.cells[9] = "320508198503150027";
  t.rows.push_back(second);
  auto s = HouseholdsFromSheet(t);
  ASSERT_TRUE(s);
  ASSERT_EQ(s->households.size(), 1u);
  ASSERT_EQ(s->households[0].problems.size(), 1u);
  EXPECT_EQ(s->households[0].problems[0].message, "第 3 行「所在地区」：与同户第 2 行填写的不一致");
  EXPECT_EQ(ProblemAt(s->households[0], "members[1].skills[0].level", "").row, 3);
  EXPECT_EQ(ProblemAt(s->households[0], "members[1].skills[0].level", "").column, "技能");
}

}  // namespace
}  // namespace jobmatch
