// Test 6: /households/{id}/print prints to an A4 PDF holding the archive
// number, the plan's recommendations, masked ID numbers and the signature
// lines, without the console's navigation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BASE, launch, newPage, signIn, shot, householdId, ensureBatch, api, assertClean } from './lib.mjs';

const ARCHIVE = 'GD-GZ-2026-0012';
let browser;
let page;
let id;
let dir;
before(async () => {
  await ensureBatch();
  id = await householdId(ARCHIVE);
  dir = mkdtempSync(join(tmpdir(), 'jobmatch-print-'));
  browser = await launch();
  page = await newPage(browser);
  await signIn(page, `/households/${id}`);
});
after(async () => { await browser?.close(); if (dir) rmSync(dir, { recursive: true, force: true }); assertClean(); });

test('打印帮扶计划 opens the printable plan with a 打印 button', async () => {
  await page.getByRole('link', { name: '打印帮扶计划' }).click();
  await page.waitForURL(new RegExp(`/households/${id}/print$`));
  await page.getByRole('heading', { name: '一户一策帮扶计划表' }).waitFor();
  await page.getByRole('button', { name: '打印', exact: true }).waitFor();
  // window.print() is what the button calls
  await page.evaluate(() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; });
  await page.getByRole('button', { name: '打印', exact: true }).click();
  assert.equal(await page.evaluate(() => window.__printed), 1);
  await shot(page, 'print', { fullPage: true });
});

test('printed to PDF, the plan holds the archive number and no navigation', async () => {
  const plan = await api(`/v1/households/${id}/plan`);
  const firstTitle = plan.members.flatMap((m) => [...m.jobs, ...m.courses, ...m.aid])[0].title;
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('header').isVisible(), false, 'the header is hidden in print');
  assert.equal(await page.getByRole('button', { name: '打印', exact: true }).isVisible(), false);
  const pdf = join(dir, 'plan.pdf');
  writeFileSync(pdf, await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true }));
  const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
  assert.match(text, new RegExp(ARCHIVE));
  assert.match(text, /一户一策帮扶计划表/);
  assert.match(text, /帮扶责任人签字/);
  assert.match(text, /家庭成员签字/);
  assert.match(text, /日期/);
  assert.match(text, /\d{6}\*{8}\d{3}[\dX]/, 'ID numbers masked');
  assert.doesNotMatch(text, /\d{17}[\dX]/, 'no full ID number');
  assert.ok(text.replace(/\s+/g, '').includes(firstTitle.replace(/\s+/g, '')), `the plan's first recommendation (${firstTitle})`);
  assert.doesNotMatch(text, /退出登录|岗位搜索/, 'no navigation in print');
  const pages = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
  assert.match(pages, /Page size:.*\(A4\)/);
  await page.emulateMedia({ media: 'screen' });
});
