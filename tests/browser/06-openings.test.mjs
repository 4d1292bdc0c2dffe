// Test 7: searching openings for 焊工 and clicking a facet narrows the
// results; the facet shows as a removable filter.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, signIn, shot, assertClean } from './lib.mjs';

let browser;
let page;
before(async () => { browser = await launch(); page = await newPage(browser); await signIn(page, '/openings'); });
after(async () => { await browser?.close(); assertClean(); });

const total = async () => Number((await page.locator('.result-count').textContent()).replace(/[^\d]/g, ''));

// Waits until the count shown is below (op 'lt') or equal to ('eq') a number.
async function waitTotal(op, arg) {
  await page.waitForFunction(([o, a]) => {
    const el = document.querySelector('.result-count');
    if (!el || document.querySelector('.results .loading')) return false;
    const n = Number(el.textContent.replace(/[^\d]/g, ''));
    return o === 'lt' ? n < a : n === a;
  }, [op, arg]);
}

test('关键词 焊工 → 搜索, then a facet narrows the results', async () => {
  await page.getByRole('heading', { name: '岗位搜索' }).waitFor();
  await page.locator('.result-count').waitFor();
  const everything = await total();
  await page.getByRole('searchbox', { name: '关键词' }).fill('焊工');
  await page.getByRole('button', { name: '搜索', exact: true }).click();
  await page.waitForURL(/q=%E7%84%8A%E5%B7%A5/);
  await waitTotal('lt', everything);
  const welders = await total();
  assert.ok(welders > 1, `several welding openings (${welders})`);
  const titles = await page.locator('.opening .match-title').allTextContents();
  assert.ok(titles.length > 0);

  // the facets: 地区, 职业, 技能 with counts
  const facets = page.getByRole('complementary', { name: '按类别筛选' });
  for (const name of ['地区', '职业', '技能']) await facets.getByRole('heading', { name, exact: true }).waitFor();
  await shot(page, 'openings');

  // a region whose count is below the total narrows the list to that count
  const regionButtons = facets.locator('section', { has: page.getByRole('heading', { name: '地区', exact: true }) }).getByRole('button');
  const n = await regionButtons.count();
  let picked = null;
  for (let i = 0; i < n; i++) {
    const b = regionButtons.nth(i);
    if (!(await b.isVisible())) continue;
    const count = Number(await b.locator('.facet-count').textContent());
    if (count < welders) { picked = { b, count, name: await b.locator('.facet-name').textContent() }; break; }
  }
  assert.ok(picked, 'a region facet with fewer openings than the total');
  await picked.b.click();
  await page.waitForURL(/region=\d{6}/);
  await waitTotal('eq', picked.count);
  assert.ok(picked.count < welders);
  const chip = page.getByRole('button', { name: `移除筛选 地区：${picked.name}` });
  await chip.waitFor();
  assert.equal(await page.getByRole('searchbox', { name: '关键词' }).inputValue(), '焊工');

  // removing the chip brings every welding opening back
  await chip.click();
  await waitTotal('eq', welders);
  assert.doesNotMatch(page.url(), /region=/);

  // sort by wage: the first opening pays the most
  await page.getByLabel('排序').selectOption('wage');
  await page.waitForURL(/sort=wage/);
  await waitTotal('eq', welders);
});

test('back and forward walk the searches', async () => {
  await page.goBack();
  await page.waitForURL((u) => !u.search.includes('sort=wage'));
  await page.goBack();
  await page.waitForURL(/region=/);
  await page.locator('.filter-chip').waitFor();
});
