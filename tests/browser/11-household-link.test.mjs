// Test 11: a household opens its link on a phone (390 px), reads its plan —
// names, how to apply — and answers 感兴趣; the counsellor's plan shows it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, PHONE, api, launch, newPage, signIn, shot, householdId, ensureBatch, assertNoSidewaysScroll, assertClean } from './lib.mjs';

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

test('the household answers 感兴趣 on its phone', async () => {
  const link = await api(`/v1/households/${id}/links`, { method: 'POST', body: {} });
  await page.goto(BASE + link.url);
  const household = await api(`/v1/households/${id}`);
  await page.getByRole('heading', { name: household.members[0].name }).first().waitFor();
  await assertNoSidewaysScroll(page, PHONE.width, '/p/{token}');
  const body = await page.textContent('body');
  assert.ok(!body.includes(household.archive_no), 'no archive number on the household page');
  assert.ok(!body.includes(household.address), 'no address on the household page');
  for (const m of household.members) assert.ok(!body.includes(m.id_number), 'no ID number');
  await shot(page, 'phone-household-link', { fullPage: true });

  await page.getByRole('button', { name: '感兴趣' }).first().click();
  await page.getByText('您已回复：感兴趣').first().waitFor();
  const plan = await api(`/v1/households/${id}/plan`);
  const answered = plan.members.flatMap((m) => [...m.jobs, ...m.courses, ...m.aid])
    .filter((i) => i.household_answer && i.household_answer.answer === 'interested');
  assert.equal(answered.length, 1);

  // The counsellor sees the answer on the plan and in the member's record.
  const member = plan.members.find((m) => [...m.jobs, ...m.courses, ...m.aid].includes(answered[0]));
  const desk = await newPage(browser);
  await signIn(desk, `/households/${id}`);
  const planBox = desk.locator('section', { has: desk.getByRole('heading', { name: '帮扶计划' }) });
  await planBox.getByText('家庭回复：感兴趣').waitFor();
  await desk.getByText(`${member.name}的帮扶记录`).click();
  const record = desk.locator('details', { has: desk.getByText(`${member.name}的帮扶记录`) });
  await record.getByText(`“${answered[0].title}”：感兴趣`).waitFor();
  await record.getByText(`推荐`).first().waitFor();
  await shot(desk, 'member-timeline');
  await desk.context().close();
});

test('a revoked link shows the same page as an unknown one', async () => {
  const link = await api(`/v1/households/${id}/links`, { method: 'POST', body: {} });
  const links = await api(`/v1/households/${id}/links`);
  const last = links.items[links.items.length - 1];
  await api(`/v1/households/${id}/links/${last.id}`, { method: 'DELETE' });
  const res = await page.goto(BASE + link.url);
  assert.equal(res.status(), 404);
  await page.getByText('链接无效或已过期').waitFor();
  const unknown = await page.goto(`${BASE}/p/${'b'.repeat(64)}`);
  assert.equal(unknown.status(), 404);
  await page.getByText('链接无效或已过期').waitFor();
});
