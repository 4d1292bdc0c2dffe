// Test 3: filing a household with a bad ID number shows the error beside
// 身份证号; fixed, it is saved and the page lands on the new household.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, newPage, signIn, shot, idNumber, assertClean } from './lib.mjs';

let browser;
let page;
before(async () => { browser = await launch(); page = await newPage(browser); await signIn(page, '/households'); });
after(async () => { await browser?.close(); assertClean(); });

test('the household list searches and filters', async () => {
  await page.getByRole('heading', { name: '困难职工家庭' }).waitFor();
  const count = page.locator('.result-count');
  await count.waitFor();
  const all = Number((await count.textContent()).replace(/\D/g, ''));
  assert.ok(all > 0);
  await shot(page, 'households');
  await page.getByLabel('零就业').selectOption('true');
  await page.waitForURL(/zero_employment=true/);
  await page.waitForFunction((n) => {
    const el = document.querySelector('.result-count');
    return el && Number(el.textContent.replace(/\D/g, '')) < n;
  }, all);
  await page.getByLabel('零就业').selectOption('');
  await page.getByRole('searchbox', { name: '搜索家庭' }).fill('GD-GZ-2026-0012');
  await page.getByRole('button', { name: '搜索', exact: true }).click();
  await page.getByRole('link', { name: 'GD-GZ-2026-0012' }).waitFor();
  await page.waitForFunction(() => document.querySelector('.result-count')?.textContent.includes('共 1 户'));
});

test('a bad ID number is shown beside 身份证号; fixed, the household is saved', async () => {
  await page.goto(`${BASE}/households`);
  await page.getByRole('button', { name: '新建家庭档案' }).click();
  await page.waitForURL(/\/households\/new$/);
  const archiveNo = `WEB-${Date.now()}`;
  await page.getByLabel('档案编号').fill(archiveNo);
  await page.getByLabel('地区').fill('苏州市虎丘区');
  await page.getByLabel('住址').fill('苏州市虎丘区狮山街道测试路1号');
  await page.getByLabel('致困原因').fill('下岗失业，因病致困');
  await page.getByLabel('享受低保').check();
  await page.getByLabel('帮扶责任人').fill('王秀英');
  await page.getByLabel('姓名').fill('陈建华');
  await page.getByLabel('身份证号').fill('320505198001011230');
  await page.getByLabel('就业状况').selectOption('unemployed');
  await page.getByRole('button', { name: '添加技能' }).click();
  await page.getByLabel('技能名称').fill('焊条电弧焊');
  await page.getByLabel('等级').selectOption('3');
  await page.getByLabel('求职意向').fill('焊工');
  await page.getByRole('button', { name: '保存', exact: true }).click();

  const id = page.getByLabel('身份证号');
  await page.waitForFunction(() => document.querySelector('[aria-invalid="true"]'));
  assert.equal(await id.getAttribute('aria-invalid'), 'true');
  const describedBy = (await id.getAttribute('aria-describedby')).split(' ');
  const texts = await Promise.all(describedBy.map((d) => page.locator(`[id="${d}"]`).textContent()));
  assert.ok(texts.some((t) => t.includes('身份证号无效')), `error beside 身份证号: ${texts}`);
  // the error sits in the same field wrapper as the input
  const wrapperText = await id.locator('xpath=..').textContent();
  assert.match(wrapperText, /身份证号无效/);
  assert.match(page.url(), /\/households\/new$/);
  await shot(page, 'household-form-error');

  const seq = String(Math.floor(Math.random() * 900) + 100);
  await id.fill(idNumber(`32050519800101${seq}`));
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await page.waitForURL(/\/households\/\d+$/);
  await page.getByRole('heading', { name: `家庭档案 ${archiveNo}` }).waitFor();
  await page.getByText(`已保存家庭档案 ${archiveNo}`).waitFor();
  await page.getByText('陈建华').first().waitFor();
  // the number shows masked
  await page.getByText(/320505\*{8}\d{3}[\dX]/).waitFor();
});

test('编辑档案 reveals the numbers after a confirmation and saves the whole household', async () => {
  // still on the household just filed
  await page.getByRole('heading', { name: /^家庭档案 WEB-/ }).waitFor();
  const url = page.url();
  page.once('dialog', (d) => { assert.match(d.message(), /审计/); d.accept(); });
  await page.getByRole('button', { name: '编辑档案' }).click();
  await page.getByRole('heading', { name: /^编辑家庭档案/ }).waitFor();
  assert.match(await page.getByLabel('身份证号').inputValue(), /^\d{17}[\dX]$/, 'the form holds the full number');
  await page.getByLabel('住址').fill('苏州市虎丘区狮山街道测试路2号');
  await page.getByRole('button', { name: '添加成员' }).click();
  const second = page.locator('fieldset.member-set').nth(1);
  await second.getByLabel('姓名').fill('陈小梅');
  await second.getByLabel('身份证号').fill(idNumber(`32050520050302${String(Math.floor(Math.random() * 900) + 100)}`));
  await second.getByLabel('就业状况').selectOption('student');
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await page.getByText('已保存修改。').waitFor();
  assert.equal(page.url(), url);
  await page.getByText('苏州市虎丘区狮山街道测试路2号').waitFor();
  await page.getByRole('heading', { name: '家庭成员（2人）' }).waitFor();
  await page.getByText('江苏省苏州市虎丘区（320505）').first().waitFor();
});

test('退出帮扶: a zero-employment household cannot leave as 达到帮扶目标; another reason is taken', async () => {
  await page.getByRole('button', { name: '退出帮扶' }).click();
  await page.getByLabel('退出原因').selectOption('goal_met');
  await page.getByRole('button', { name: '确认退出' }).click();
  await page.getByText(/零就业家庭尚无成员就业/).first().waitFor();
  await page.getByLabel('退出原因').selectOption('moved_away');
  await page.getByRole('button', { name: '确认退出' }).click();
  await page.getByText('该家庭已退出帮扶。').waitFor();
  await page.getByText('已退出：迁出').waitFor();
  assert.equal(await page.getByRole('button', { name: '退出帮扶' }).count(), 0);
});
