// Test 5: a batch started on /batches is followed by its progressbar to
// 100; then an outcome recorded on a household's plan (记录结果 → 已录用)
// raises the dashboard's 已解决零就业 for a zero-employment household, and
// the hire's first follow-up shows on the household and on the dashboard,
// and the member's record (帮扶记录) tells the hire.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, newPage, signIn, shot, api, assertClean } from './lib.mjs';

let browser;
let page;
before(async () => { browser = await launch(); page = await newPage(browser); await signIn(page, '/batches'); });
after(async () => { await browser?.close(); assertClean(); });

// A household that was zero-employment at the run, still is, and was given a
// job nobody has recorded an outcome for.
async function zeroEmploymentHouseholdWithJob() {
  for (let p = 1; p <= 10; p++) {
    const list = await api(`/v1/households?zero_employment=true&status=active&per_page=100&page=${p}`);
    for (const hh of list.items) {
      if (!hh.zero_employment) continue;
      let plan;
      try { plan = await api(`/v1/households/${hh.id}/plan`); } catch (e) { continue; }
      if (!plan.zero_employment) continue;
      for (const m of plan.members) {
        const job = m.jobs.find((j) => j.status === null);
        if (job && m.jobs.every((j) => j.status === null)) return { hh, member: m, job };
      }
    }
    if (list.items.length < 100) break;
  }
  throw new Error('no zero-employment household with a job in the plan');
}

let runId;
test('开始新批次 starts a run and its progressbar reaches 100', async () => {
  await page.getByRole('heading', { name: '帮扶批次' }).waitFor();
  const before = (await api('/v1/batches?per_page=1')).total;
  await page.getByRole('button', { name: '开始新批次' }).click();
  const bar = page.getByRole('progressbar');
  await page.waitForFunction(() => {
    const el = document.querySelector('[role="progressbar"]');
    return el && el.getAttribute('aria-valuenow') === '100';
  }, null, { timeout: 300000 });
  assert.equal(await bar.getAttribute('aria-valuemin'), '0');
  assert.equal(await bar.getAttribute('aria-valuemax'), '100');
  const runs = await api('/v1/batches?per_page=1');
  assert.equal(runs.total, before + 1);
  runId = runs.items[0].id;
  assert.equal(runs.items[0].status, 'succeeded');
  await page.getByText(`第 ${runId} 次批次：已完成`).waitFor();
  // the run is listed, and its plans download from this origin
  const excel = page.getByRole('link', { name: '下载计划表（Excel）' });
  assert.equal(await excel.getAttribute('href'), `/v1/batches/${runId}/plans.xlsx`);
  const xlsx = await page.evaluate(async (href) => {
    const r = await fetch(href, { credentials: 'same-origin' });
    const bytes = new Uint8Array(await r.arrayBuffer());
    return { status: r.status, type: r.headers.get('content-type'), magic: String.fromCharCode(bytes[0], bytes[1]) };
  }, await excel.getAttribute('href'));
  assert.equal(xlsx.status, 200);
  assert.match(xlsx.type, /spreadsheetml/);
  assert.equal(xlsx.magic, 'PK');
  const link = page.getByRole('link', { name: 'CSV', exact: true });
  assert.equal(await link.getAttribute('href'), `/v1/batches/${runId}/plans.csv`);
  const csv = await page.evaluate(async (href) => {
    const r = await fetch(href, { credentials: 'same-origin' });
    return { status: r.status, type: r.headers.get('content-type'), head: (await r.text()).slice(0, 80) };
  }, await link.getAttribute('href'));
  assert.equal(csv.status, 200);
  assert.match(csv.type, /text\/csv/);
  assert.match(csv.head, /archive_no,member,id_number/);
  await shot(page, 'batches');
});

test('记录结果 → 已录用 raises 已解决零就业 on the dashboard', async () => {
  const { hh, member, job } = await zeroEmploymentHouseholdWithJob();
  const stat = page.locator('[data-stat="zero_employment_resolved"] .stat-value');
  await page.getByRole('link', { name: '工作台', exact: true }).click();
  await stat.waitFor();
  const before = Number((await stat.textContent()).replace(/\D/g, ''));

  await page.goto(`${BASE}/households/${hh.id}`);
  const plan = page.locator('section', { has: page.getByRole('heading', { name: '帮扶计划' }) });
  const item = plan.locator('.plan-item').filter({ has: page.locator('.plan-title', { hasText: job.title }) }).first();
  await item.waitFor();
  await item.getByRole('button', { name: '记录结果' }).click();
  await item.getByLabel('结果').selectOption('hired');
  await item.getByLabel('备注').fill('已入职，签订一年劳动合同');
  await item.getByRole('button', { name: '保存结果' }).click();
  await page.getByText(`已记录“${job.title}”：已录用。`).waitFor();
  const again = plan.locator('.plan-item').filter({ has: page.locator('.plan-title', { hasText: job.title }) }).first();
  await again.getByText('已录用', { exact: true }).waitFor();
  // the household is no longer zero-employment, and the first follow-up is pending
  await page.getByText('有成员就业', { exact: true }).waitFor();
  await plan.getByText(/稳定就业1个月回访：\d{4}-\d{2}-\d{2}/).first().waitFor();
  await shot(page, 'household-plan', { fullPage: false });
  // the member's record tells the hire and what it changed
  await page.getByText(`${member.name}的帮扶记录`).click();
  const record = page.locator('details', { has: page.getByText(`${member.name}的帮扶记录`) });
  await record.getByText(`“${job.title}”：已录用（已入职，签订一年劳动合同）`).waitFor();
  await record.getByText('就业状况变为：已就业').waitFor();

  const p = await api(`/v1/households/${hh.id}/plan`);
  assert.equal(p.members.find((m) => m.member_id === member.member_id).jobs.find((j) => j.recommendation_id === job.recommendation_id).status, 'hired');

  await page.getByRole('link', { name: '工作台', exact: true }).click();
  await page.waitForFunction((n) => {
    const el = document.querySelector('[data-stat="zero_employment_resolved"] .stat-value');
    return el && Number(el.textContent.replace(/\D/g, '')) === n + 1;
  }, before);
  // the follow-up is listed among the dashboard's 待跟进
  const follow = page.locator('section', { has: page.getByRole('heading', { name: '待跟进' }) });
  await follow.getByRole('link', { name: hh.archive_no }).first().waitFor();
  await page.locator('canvas').first().waitFor();
  await shot(page, 'dashboard', { fullPage: true });
});
