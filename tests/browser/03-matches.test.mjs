// Test 4: a member's three tabs (岗位 / 培训 / 创业扶持) each show matches
// with 匹配技能 and 缺少技能; the tabs work by keyboard; an ID number is
// revealed only after a confirmation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, newPage, signIn, shot, householdId, api, assertClean } from './lib.mjs';

// 罗斌, a welder who wants to start a business (fixtures/households.jsonl)
const ARCHIVE = 'GD-GZ-2026-0012';
const MEMBER = '罗斌';

let browser;
let page;
let id;
before(async () => {
  id = await householdId(ARCHIVE);
  browser = await launch();
  page = await newPage(browser);
  await signIn(page, `/households/${id}`);
});
after(async () => { await browser?.close(); assertClean(); });

test('each of a member\'s tabs shows matches with 匹配技能 and 缺少技能', async () => {
  await page.getByRole('heading', { name: `家庭档案 ${ARCHIVE}` }).waitFor();
  const card = page.locator('article.member-card', { has: page.getByRole('heading', { name: MEMBER }) });
  const tablist = card.getByRole('tablist');
  for (const name of ['岗位', '培训', '创业扶持']) {
    const tab = tablist.getByRole('tab', { name, exact: true });
    await tab.click();
    assert.equal(await tab.getAttribute('aria-selected'), 'true');
    const panel = card.locator(`[id="${await tab.getAttribute('aria-controls')}"]`);
    assert.equal(await panel.getAttribute('role'), 'tabpanel');
    await panel.locator('article.match').first().waitFor();
    const text = await panel.textContent();
    assert.match(text, /匹配技能/, `${name}: 匹配技能`);
    assert.match(text, /缺少技能/, `${name}: 缺少技能`);
    assert.match(text, /匹配度 \d+%/, `${name}: a score`);
  }
  // the welder's first opening names a skill he holds; his openings name one he lacks
  await tablist.getByRole('tab', { name: '岗位', exact: true }).click();
  const jobs = card.getByRole('tabpanel');
  const first = jobs.locator('article.match').first();
  assert.match(await first.locator('.chip-ok').first().textContent(), /焊/);
  assert.ok(await jobs.locator('.chip-missing').count() >= 1);
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot(page, 'household');
  await card.scrollIntoViewIfNeeded();
  await shot(page, 'household-matches');
});

test('the tabs move with the arrow keys', async () => {
  const card = page.locator('article.member-card', { has: page.getByRole('heading', { name: MEMBER }) });
  const jobs = card.getByRole('tab', { name: '岗位', exact: true });
  await jobs.click();
  await jobs.focus();
  await page.keyboard.press('ArrowRight');
  const courses = card.getByRole('tab', { name: '培训', exact: true });
  assert.equal(await courses.getAttribute('aria-selected'), 'true');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), '培训');
  await page.keyboard.press('End');
  assert.equal(await card.getByRole('tab', { name: '创业扶持', exact: true }).getAttribute('aria-selected'), 'true');
  await page.keyboard.press('ArrowRight');
  assert.equal(await jobs.getAttribute('aria-selected'), 'true');
  assert.equal(await jobs.getAttribute('tabindex'), '0');
  assert.equal(await courses.getAttribute('tabindex'), '-1');
});

test('查看身份证号 asks first, then shows the number, and the reveal is audited', async () => {
  const card = page.locator('article.member-card', { has: page.getByRole('heading', { name: MEMBER }) });
  const shown = card.locator('.id-number');
  assert.match(await shown.textContent(), /^\d{6}\*{8}\d{3}[\dX]$/);
  const before = (await api('/v1/audit?per_page=1')).total;

  page.once('dialog', (d) => d.dismiss());
  await card.getByRole('button', { name: '查看身份证号' }).click();
  await page.waitForTimeout(300);
  assert.match(await shown.textContent(), /\*{8}/, 'dismissed: still masked');

  page.once('dialog', (d) => { assert.equal(d.type(), 'confirm'); d.accept(); });
  await card.getByRole('button', { name: '查看身份证号' }).click();
  await page.waitForFunction((el) => !el.textContent.includes('*'), await shown.elementHandle());
  assert.match(await shown.textContent(), /^\d{17}[\dX]$/);
  const audit = await api('/v1/audit?per_page=1');
  assert.equal(audit.total, before + 1);
  assert.equal(audit.items[0].action, 'reveal');
  assert.equal(audit.items[0].household_id, id);
  await card.getByRole('button', { name: '隐藏身份证号' }).click();
  assert.match(await shown.textContent(), /\*{8}/);
});
