// The admin page: accounts (create, disable, enable, reset a password), API
// keys (shown once, revoked), the audit log; and a counsellor sees no 管理.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, newPage, signIn, shot, api, assertClean } from './lib.mjs';

let browser;
let page;
const username = `wang${Date.now().toString(36)}`;
const password = '苏州-harbour-Dawn-42';
before(async () => { browser = await launch(); page = await newPage(browser); await signIn(page, '/admin'); });
after(async () => { await browser?.close(); assertClean(); });

test('an admin creates a counsellor, disables and enables it', async () => {
  await page.getByRole('heading', { name: '管理', exact: true }).waitFor();
  const panel = page.getByRole('tabpanel');
  await panel.getByRole('cell', { name: 'admin', exact: true }).waitFor();
  await panel.getByLabel('用户名').fill(username);
  await panel.getByLabel('姓名').fill('王秀英');
  await panel.getByLabel('角色').selectOption('counsellor');
  await panel.getByLabel('负责地区').fill('苏州市');
  await panel.getByLabel('初始密码').fill('password');
  await panel.getByRole('button', { name: '创建用户' }).click();
  // a weak password is refused beside the field
  await panel.getByText(/密码太弱/).first().waitFor();
  assert.equal(await panel.getByLabel('初始密码').getAttribute('aria-invalid'), 'true');
  await panel.getByLabel('初始密码').fill(password);
  await panel.getByRole('button', { name: '创建用户' }).click();
  await panel.getByText(`已创建用户 ${username}`).waitFor();
  const row = panel.getByRole('row', { name: new RegExp(username) });
  await row.getByText('江苏省苏州市').waitFor();
  await shot(page, 'admin');
  page.once('dialog', (d) => d.accept());
  await row.getByRole('button', { name: `停用 ${username}` }).click();
  await panel.getByRole('row', { name: new RegExp(username) }).getByText('已停用').waitFor();
  await panel.getByRole('row', { name: new RegExp(username) }).getByRole('button', { name: `启用 ${username}` }).click();
  await panel.getByRole('row', { name: new RegExp(username) }).getByText('正常').waitFor();
  const users = await api('/v1/users?per_page=100');
  assert.equal(users.items.find((u) => u.username === username).disabled, false);
});

test('a key is shown once and can be revoked; the audit log lists sign-ins', async () => {
  await page.getByRole('tab', { name: 'API 密钥' }).click();
  const panel = page.getByRole('tabpanel');
  await panel.getByLabel('角色').selectOption('board');
  await panel.getByLabel('所有者').fill('苏州公共招聘网');
  await panel.getByRole('button', { name: '创建密钥' }).click();
  const keyBox = panel.getByLabel(/新密钥/);
  await keyBox.waitFor();
  const key = await keyBox.inputValue();
  assert.match(key, /^jm_[0-9a-f]{64}$/);
  await shot(page, 'admin-keys');
  const res = await fetch(`${BASE}/v1/openings?per_page=1`, { headers: { Authorization: `Bearer ${key}` } });
  assert.equal(res.status, 200);
  const id = (await panel.getByText(/新密钥（key_/).textContent()).match(/key_[0-9a-f]+/)[0];
  page.once('dialog', (d) => d.accept());
  const revoke = panel.getByRole('button', { name: `吊销 ${id}` });
  await revoke.click();
  await revoke.waitFor({ state: 'detached' });
  // The keys on file are listed too (made by the other tests), never their secrets.
  const listed = panel.getByRole('region', { name: '全部密钥' });
  await listed.getByText(/key_[0-9a-f]+/).first().waitFor();
  assert.ok(!(await listed.textContent()).includes('jm_'));
  const after = await fetch(`${BASE}/v1/openings?per_page=1`, { headers: { Authorization: `Bearer ${key}` } });
  assert.equal(after.status, 401);

  await page.getByRole('tab', { name: '审计日志' }).click();
  const audit = page.getByRole('tabpanel');
  await audit.getByRole('cell', { name: '登录', exact: true }).first().waitFor();
  await audit.getByRole('cell', { name: '创建账户', exact: true }).first().waitFor();
  await shot(page, 'admin-audit');
});

test('a counsellor signs in, sees its region and no 管理', async () => {
  await page.getByRole('button', { name: '退出登录' }).click();
  await page.waitForURL(/\/login/);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('heading', { name: '工作台' }).waitFor();
  const header = page.locator('header');
  await header.getByText('王秀英').waitFor();
  await header.getByText('江苏省苏州市').waitFor();
  assert.equal(await header.getByRole('link', { name: '管理', exact: true }).count(), 0);
  await page.goto(`${BASE}/admin`);
  await page.getByRole('heading', { name: '无权访问' }).waitFor();
  // its household list holds only Suzhou's households
  await page.goto(`${BASE}/households`);
  await page.locator('.result-count').waitFor();
  const links = await page.locator('.household-table tbody a').allTextContents();
  assert.ok(links.length > 0);
  for (const a of links) assert.match(a, /^(JS-SZ|WEB-)/, `${a} lies in 苏州市`);
  await page.getByRole('button', { name: '退出登录' }).click();
  await page.waitForURL(/\/login/);
});
