#!/usr/bin/env python3
"""Writes households_openpyxl.xlsx: a household archive as another program
saves it (openpyxl, Debian's python3-openpyxl), for the import tests. Real
date cells, a number cell, merged archive-number cells, headers marked with
"*" and an alias header. Run it again only to change the file; the tests read
the committed copy, so they need no Python."""
import datetime

import openpyxl

wb = openpyxl.Workbook()
ws = wb.active
ws.title = "困难职工家庭"
ws.append(["档案编号*", "所在地区*", "家庭住址", "致困原因", "低保户", "家庭月收入", "帮扶责任人*",
           "姓名*", "身份证号码", "性别", "出生日期", "文化程度", "劳动能力*", "就业状况*", "技能",
           "求职意向", "可接受工作范围", "创业意愿"])
ws.append(["SZ-OPX-001", "江苏省苏州市姑苏区", "姑苏区平江路12号", "失业、疾病", "是", 1650, "李红",
           "周国强", "32050819780512003X", "男", datetime.date(1978, 5, 12), "初中", "完全", "失业",
           "叉车驾驶（中级，持证）、仓库管理", "叉车司机", "本市", False])
ws.append([None, None, None, None, None, None, None,
           "吴秀兰", "320508198008170047", "女", datetime.date(1980, 8, 17), "高中", "部分", "失业",
           "收银", "", "本县", False])
ws.merge_cells("A2:A3")
ws.append(["SZ-OPX-002", "320505", "高新区狮山路8号", "残疾", "否", 2300, "王磊",
           "陈晨", "320505200103040057", "男", datetime.date(2001, 3, 4), "大专", "完全", "失业",
           "", "", "本省", True])
for row in ws.iter_rows(min_row=2, min_col=11, max_col=11):
    for cell in row:
        cell.number_format = "yyyy/m/d"
wb.save("households_openpyxl.xlsx")
