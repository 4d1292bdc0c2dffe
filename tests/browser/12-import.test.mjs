// Test 12: a counsellor imports a spreadsheet from the console — checks it
// first, then imports it, and sees a bad row named by row and column — and
// sends a household its plan as a text with a link, then revokes the link.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { BASE, PHONE, launch, newPage, signIn, shot, householdId, ensureBatch, assertNoSidewaysScroll, assertClean } from './lib.mjs';

const WORKBOOK = new URL('../api/data/households_openpyxl.xlsx', import.meta.url);

let browser;
let page;
before(async () => { browser = await launch(); page = await newPage(browser); await signIn(page, '/households'); });
after(async () => { await browser?.close(); assertClean(); });

test('a workbook is checked, then imported, from the household list', async () => {
  await page.getByRole('button', { name: '从表格导入' }).click();
  await page.waitForURL(/\/households\/import$/);
  await page.getByRole('link', { name: '下载导入模板' }).waitFor();
  const file = { name: '困难职工家庭.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: readFileSync(WORKBOOK) };
  await page.getByLabel('表格文件').setInputFiles(file);
  assert.ok(await page.getByLabel('只检查，不保存').isChecked());
  await page.getByRole('button', { name: '开始导入' }).click();
  await page.getByText(/检查完毕：可新建 \d+ 户/).waitFor();
  await page.getByLabel('只检查，不保存').uncheck();
  await page.getByRole('button', { name: '开始导入' }).click();
  await page.getByText(/导入完成：新建 \d+ 户/).waitFor();
  await shot(page, 'import');
  assert.ok(await householdId('SZ-OPX-001'));
});

test('a bad row is named by its row and column', async () => {
  const csv = '档案编号,所在地区,帮扶责任人,姓名,身份证号,劳动能力,就业状况\r\n' +
    'WEB-BAD-1,320505,王秀英,赵一,320505198501010000,完全,失业\r\n';
  await page.getByLabel('表格文件').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByRole('button', { name: '开始导入' }).click();
  const table = page.getByRole('table', { name: '需要修改的地方' });
  await table.waitFor();
  const row = table.getByRole('row').nth(1);
  assert.match(await row.textContent(), /身份证号.*第 2 行「身份证号」/);
});

test('the import page fits a phone', async () => {
  const phone = await newPage(browser, PHONE);
  await signIn(phone, '/households/import');
  await phone.getByRole('heading', { name: '从表格导入家庭' }).waitFor();
  await assertNoSidewaysScroll(phone, PHONE.width, '/households/import');
  await shot(phone, 'phone-import');
});

test('a household is sent its plan as a text, and its link revoked', async () => {
  await ensureBatch();
  const id = await householdId('GD-GZ-2026-0012');
  await page.goto(`${BASE}/households/${id}`);
  await page.getByRole('button', { name: '生成短信文本' }).click();
  const text = page.getByLabel('短信/微信文本');
  await text.waitFor();
  const value = await text.inputValue();
  assert.ok(value.length <= 500, `${value.length} characters`);
  assert.match(value, new RegExp(`${BASE.replace(/[.]/g, '\\.')}/p/[0-9a-f]{64}`));
  const links = page.getByRole('table', { name: '已发出的链接' });
  await links.getByText('有效').first().waitFor();
  await shot(page, 'household-link-text');
  await links.getByRole('button', { name: /撤销/ }).first().click();
  await links.getByText('已撤销').first().waitFor();
});
