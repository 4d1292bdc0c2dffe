// Test 8: what the data holds is shown as text. An opening posted by a job
// board with markup in its title shows those characters and runs nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, signIn, shot, api, assertClean } from './lib.mjs';

const TITLE = '<img src=x onerror=alert(1)>';
const EMPLOYER = '跨站脚本测试有限公司';
let browser;
let page;
const dialogs = [];

before(async () => {
  const board = await api('/v1/keys', { method: 'POST', body: { role: 'board', owner: '<b>测试招聘网</b>' } });
  await api('/v1/openings', {
    method: 'POST',
    key: board.key,
    body: {
      external_id: `XSS-${Date.now()}`,
      title: TITLE,
      employer: EMPLOYER,
      description: '<script>alert(2)</script><a href="javascript:alert(3)">点我</a> 焊接岗位',
      occupation: '焊工',
      skills: [{ skill: '<svg onload=alert(4)>', level: 1 }],
      region: '320505',
      address: '"><img src=y onerror=alert(5)>',
      wage_min: 5000,
      wage_max: 7000,
      positions: 1,
    },
  });
  // search sees a new opening within about a second
  for (let i = 0; i < 40; i++) {
    const d = await api(`/v1/openings?q=${encodeURIComponent(EMPLOYER)}`);
    if (d.total > 0) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  browser = await launch();
  page = await newPage(browser);
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
  await signIn(page, '/openings');
});
after(async () => { await browser?.close(); assertClean(); });

test('an opening titled with markup shows the characters and runs nothing', async () => {
  await page.getByRole('searchbox', { name: '关键词' }).fill(EMPLOYER);
  await page.getByRole('button', { name: '搜索', exact: true }).click();
  const title = page.locator('.opening .match-title').filter({ hasText: TITLE });
  await title.waitFor();
  assert.equal(await title.textContent(), TITLE);
  await page.getByText('<script>alert(2)</script>', { exact: false }).waitFor();
  await page.getByText('<svg onload=alert(4)>', { exact: false }).first().waitFor();
  await page.getByText('<b>测试招聘网</b>', { exact: false }).waitFor();
  // a facet named by the data is text too
  await page.getByRole('complementary', { name: '按类别筛选' }).getByText('<svg onload=alert(4)>').waitFor();
  await page.waitForTimeout(500);
  assert.equal(await page.locator('img').count(), 0, 'no img element');
  assert.equal(await page.locator('script:not([src])').count(), 0, 'no inline script');
  assert.equal(await page.locator('svg, a[href^="javascript:"], b').count(), 0, 'no element from the data');
  assert.deepEqual(dialogs, [], 'no dialog');
  await shot(page, 'openings-xss');
});
