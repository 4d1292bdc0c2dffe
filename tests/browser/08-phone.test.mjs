// Test 9: at 390 px every page fits its width (no sideways scrolling).
import { test, before, after } from 'node:test';
import { BASE, PHONE, launch, newPage, signIn, shot, householdId, ensureBatch, assertNoSidewaysScroll, assertClean } from './lib.mjs';

let browser;
let page;
let id;
before(async () => {
  await ensureBatch();
  id = await householdId('GD-GZ-2026-0012');
  browser = await launch();
  page = await newPage(browser, PHONE);
});
after(async () => { await browser?.close(); assertClean(); });

// Waits for the page's data: no spinner left.
async function settled() {
  await page.waitForFunction(() => document.querySelector('main') && !document.querySelector('.loading'), null, { timeout: 30000 });
  await page.waitForTimeout(200);
}

test('/login fits 390 px', async () => {
  await page.goto(`${BASE}/login`);
  await page.getByLabel('用户名').waitFor();
  await assertNoSidewaysScroll(page, PHONE.width, '/login');
  await shot(page, 'phone-login');
});

test('every signed-in page fits 390 px', async () => {
  await signIn(page, '/');
  const pages = [
    ['/', 'phone-dashboard'], ['/households', 'phone-households'], ['/households/new', null],
    [`/households/${id}`, 'phone-household'], [`/households/${id}/print`, null], ['/openings?q=焊工', 'phone-openings'],
    ['/batches', 'phone-batches'], ['/admin', null],
  ];
  for (const [path, name] of pages) {
    await page.goto(BASE + path);
    await settled();
    await assertNoSidewaysScroll(page, PHONE.width, path);
    if (name) await shot(page, name);
  }
  // the household's other tabs, the outcome form and the admin tabs fit too
  await page.goto(`${BASE}/households/${id}`);
  await settled();
  for (const name of ['培训', '创业扶持']) {
    await page.getByRole('tab', { name, exact: true }).first().click();
    await settled();
    await assertNoSidewaysScroll(page, PHONE.width, `household tab ${name}`);
  }
  await page.getByRole('button', { name: '记录结果' }).first().click();
  await assertNoSidewaysScroll(page, PHONE.width, 'outcome form');
  await page.goto(`${BASE}/admin`);
  await settled();
  for (const name of ['API 密钥', '审计日志']) {
    await page.getByRole('tab', { name }).click();
    await settled();
    await assertNoSidewaysScroll(page, PHONE.width, `admin ${name}`);
  }
});
