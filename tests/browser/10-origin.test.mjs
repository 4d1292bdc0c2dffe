// Test 10: no request leaves the server's origin, over the whole run (every
// file records its pages' requests in BROWSER_TEST_REQUEST_LOG), and a tour
// of every page by keyboard.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { BASE, launch, newPage, signIn, householdId, offOrigin, assertClean } from './lib.mjs';

let browser;
let page;
let id;
const requests = [];
before(async () => {
  id = await householdId('GD-GZ-2026-0012');
  browser = await launch();
  page = await newPage(browser);
  page.on('request', (r) => requests.push(r.url()));
});
after(async () => { await browser?.close(); assertClean(); });

test('every page loads only from the server\'s origin', async () => {
  await signIn(page, '/');
  for (const path of ['/', '/households', '/households/new', `/households/${id}`, `/households/${id}/print`, '/openings?q=焊工', '/batches', '/admin']) {
    await page.goto(BASE + path);
    await page.waitForFunction(() => document.querySelector('main') && !document.querySelector('.loading'), null, { timeout: 30000 });
    const dupes = await page.evaluate(() => {
      const seen = new Set();
      return [...document.querySelectorAll('[id]')].map((e) => e.id).filter((id) => seen.has(id) || !seen.add(id));
    });
    assert.deepEqual(dupes, [], `${path}: ids are unique`);
  }
  assert.ok(requests.length > 20);
  const origin = new URL(BASE).origin;
  assert.deepEqual(requests.filter((u) => !u.startsWith(`${origin}/`)), []);
  assert.deepEqual(offOrigin, []);
});

test('the whole run stayed on the server\'s origin', () => {
  const log = process.env.BROWSER_TEST_REQUEST_LOG;
  if (!log) return;  // run alone, without the script
  const lines = existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : [];
  assert.deepEqual(lines, [], 'requests that left the origin during the run');
});

test('the keyboard alone reaches the content and the navigation, with focus visible', async () => {
  await page.goto(`${BASE}/households`);
  await page.locator('.result-count').waitFor();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), '跳到主要内容');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'main');
  assert.equal(new URL(page.url()).hash, '');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), '从表格导入', 'the skip link leads past the navigation');
  await page.reload();
  await page.locator('.result-count').waitFor();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => {
    const el = document.activeElement;
    const cs = getComputedStyle(el);
    return { text: el.textContent, outline: cs.outlineStyle, width: parseFloat(cs.outlineWidth) };
  });
  assert.equal(focused.text, '工作台');
  assert.notEqual(focused.outline, 'none');
  assert.ok(focused.width >= 2, 'a visible focus ring');
  await page.keyboard.press('Enter');
  await page.waitForURL((u) => u.pathname === '/');
  // the heading of the new page takes the focus
  await page.waitForFunction(() => document.activeElement && document.activeElement.tagName === 'H1');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), '工作台');

  // 新建家庭档案 by keyboard; every field has a label
  await page.goto(`${BASE}/households/new`);
  await page.getByLabel('档案编号').waitFor();
  const unlabelled = await page.evaluate(() => [...document.querySelectorAll('input, select, textarea')]
    .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')).map((el) => el.outerHTML));
  assert.deepEqual(unlabelled, []);
});

test('the names other tests rely on each find one control', async () => {
  const one = async (loc, what) => assert.equal(await loc.count(), 1, what);
  const ready = () => page.waitForFunction(() => document.querySelector('main') && !document.querySelector('.loading'), null, { timeout: 30000 });
  for (const [path, checks] of [
    ['/', (p) => [[p.getByRole('link', { name: '工作台' }), 'link 工作台'], [p.getByRole('link', { name: '困难职工家庭' }), 'link 困难职工家庭'],
      [p.getByRole('link', { name: '岗位搜索' }), 'link 岗位搜索'], [p.getByRole('link', { name: '帮扶批次' }), 'link 帮扶批次'],
      [p.getByRole('link', { name: '管理' }), 'link 管理'], [p.getByRole('button', { name: '退出登录' }), 'button 退出登录']]],
    ['/households', (p) => [[p.getByRole('searchbox', { name: '搜索家庭' }), 'searchbox 搜索家庭'], [p.getByRole('button', { name: '新建家庭档案' }), 'button 新建家庭档案'],
      [p.getByLabel('零就业'), '零就业'], [p.getByLabel('低保'), '低保'], [p.getByLabel('需关注'), '需关注']]],
    ['/households/new', (p) => ['档案编号', '地区', '姓名', '身份证号'].map((l) => [p.getByLabel(l), `label ${l}`])
      .concat([[p.getByRole('button', { name: '保存' }), 'button 保存']])],
    [`/households/${id}`, (p) => [[p.getByRole('link', { name: '困难职工家庭' }), 'link 困难职工家庭'], [p.getByRole('link', { name: '打印帮扶计划' }), 'link 打印帮扶计划'],
      [p.getByRole('tab', { name: '岗位' }), 'tab 岗位'], [p.getByRole('tab', { name: '培训' }), 'tab 培训'], [p.getByRole('tab', { name: '创业扶持' }), 'tab 创业扶持']]],
    ['/openings', (p) => [[p.getByRole('searchbox', { name: '关键词' }), 'searchbox 关键词'], [p.getByRole('button', { name: '搜索' }), 'button 搜索']]],
    ['/batches', (p) => [[p.getByRole('button', { name: '开始新批次' }), 'button 开始新批次'], [p.getByRole('progressbar'), 'progressbar'],
      [p.getByRole('link', { name: '下载计划表' }), 'link 下载计划表']]],
  ]) {
    await page.goto(BASE + path);
    await ready();
    for (const [loc, what] of checks(page)) await one(loc, `${path}: ${what}`);
  }
  await page.getByRole('button', { name: '退出登录' }).click();
  await page.waitForURL(/\/login/);
  await page.getByRole('button', { name: '登录' }).waitFor();
  for (const [loc, what] of [[page.getByLabel('用户名'), '用户名'], [page.getByLabel('密码'), '密码'], [page.getByRole('button', { name: '登录' }), '登录']]) {
    await one(loc, `/login: ${what}`);
  }
});
