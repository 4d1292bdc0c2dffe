// Test 13: what the law keeps from a member is said where the counsellor
// reads the matches, a posting with discriminatory wording carries a badge
// in search, and the member form holds the fields the retirement age needs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, signIn, shot, api, assertClean, householdId, PHONE, assertNoSidewaysScroll } from './lib.mjs';

// 黄健, a welder without the special-operations certificate (fixtures/households.jsonl)
const ARCHIVE = 'HB-WH-2026-0194';
const MEMBER = '黄健';
const EMPLOYER = '歧视标记测试机械厂';

let browser;
let page;
let id;
before(async () => {
  id = await householdId(ARCHIVE);
  const board = await api('/v1/keys', { method: 'POST', body: { role: 'board', owner: '测试招聘网' } });
  await api('/v1/openings', {
    method: 'POST',
    key: board.key,
    body: {
      external_id: `FLAG-${Date.now()}`,
      title: '装配工（限男性）',
      employer: EMPLOYER,
      description: '入职体检含乙肝两对半。',
      occupation: '装配工',
      region: '420107',
      wage_min: 5000,
      wage_max: 6500,
    },
  });
  for (let i = 0; i < 40; i++) {
    if ((await api(`/v1/openings?q=${encodeURIComponent(EMPLOYER)}`)).total > 0) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  browser = await launch();
  page = await newPage(browser);
  await signIn(page, `/households/${id}`);
});
after(async () => { await browser?.close(); assertClean(); });

test('a welder without the certificate is told which openings the law keeps and which course leads there', async () => {
  await page.getByRole('heading', { name: `家庭档案 ${ARCHIVE}` }).waitFor();
  const card = page.locator('article.member-card', { has: page.getByRole('heading', { name: MEMBER }) });
  const tablist = card.getByRole('tablist');
  await tablist.getByRole('tab', { name: '岗位', exact: true }).click();
  const summary = card.getByText(/^依法未推荐 \d+ 个岗位$/);
  await summary.waitFor();
  await summary.click();
  const details = card.locator('details.law-excluded');
  assert.equal(await details.getAttribute('open'), '');
  assert.match(await details.textContent(), /缺少证书：熔化焊接与热切割作业（特种作业操作证/);
  await card.scrollIntoViewIfNeeded();
  await shot(page, 'law-excluded');

  await tablist.getByRole('tab', { name: '培训', exact: true }).click();
  const panel = card.getByRole('tabpanel');
  const course = panel.locator('article.match', { hasText: '熔化焊接与热切割作业（特种作业操作证）取证班' }).first();
  await course.waitFor();
  assert.match(await course.textContent(), /证书：熔化焊接与热切割作业/);
});

test('a posting that says 限男性 and asks for a hepatitis B test is flagged in search', async () => {
  await page.getByRole('link', { name: '岗位搜索' }).click();
  await page.getByRole('searchbox', { name: '关键词' }).fill(EMPLOYER);
  await page.getByRole('button', { name: '搜索', exact: true }).click();
  const card = page.locator('article.opening', { hasText: EMPLOYER });
  await card.waitFor();
  const flags = card.locator('.compliance-flags');
  assert.match(await flags.textContent(), /疑似就业歧视：限男性/);
  assert.match(await flags.textContent(), /疑似就业歧视：乙肝/);
  assert.match(await flags.textContent(), /就业促进法/, 'the law is named for screen readers too');
  await shot(page, 'opening-flagged');
});

test('the member form asks for the post category and work after retirement, also on a phone', async () => {
  const phone = await newPage(browser, PHONE);
  await signIn(phone, '/households/new');
  await phone.getByRole('heading', { name: '新建家庭档案' }).waitFor();
  const category = phone.getByRole('combobox', { name: '岗位类别' });
  assert.equal(await category.inputValue(), 'staff');
  await category.selectOption({ label: '工人岗' });
  const wants = phone.getByRole('checkbox', { name: /已过法定退休年龄仍愿意工作/ });
  await wants.check();
  assert.equal(await wants.isChecked(), true);
  await assertNoSidewaysScroll(phone, PHONE.width, 'the member form');
  await phone.close();
});
