// Tests 1 and 2: a page opened without a session goes to /login and comes
// back after signing in; a wrong password shows an error, the right one
// signs in; signing out ends the session.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, ADMIN_USER, ADMIN_PASSWORD, launch, newPage, shot, assertClean } from './lib.mjs';

let browser;
let page;
before(async () => { browser = await launch(); page = await newPage(browser); });
after(async () => { await browser?.close(); assertClean(); });

test('a page opened without a session goes to /login, and back after signing in', async () => {
  await page.goto(`${BASE}/openings?q=${encodeURIComponent('焊工')}`);
  await page.waitForURL(/\/login\?next=/);
  const next = new URL(page.url()).searchParams.get('next');
  assert.equal(next, `/openings?q=${encodeURIComponent('焊工')}`);
  await page.getByLabel('用户名').waitFor();
  await shot(page, 'login');
  await page.getByLabel('用户名').fill(ADMIN_USER);
  await page.getByLabel('密码').fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL((u) => u.pathname === '/openings');
  assert.equal(new URL(page.url()).searchParams.get('q'), '焊工');
  await page.getByRole('heading', { name: '岗位搜索' }).waitFor();
  assert.equal(await page.getByLabel('关键词').inputValue(), '焊工');
});

test('the header names the account, and 退出登录 ends the session', async () => {
  const header = page.locator('header');
  await header.getByText('管理员', { exact: true }).first().waitFor();
  for (const name of ['工作台', '困难职工家庭', '岗位搜索', '帮扶批次', '管理']) {
    await header.getByRole('link', { name, exact: true }).waitFor();
  }
  await page.getByRole('button', { name: '退出登录' }).click();
  await page.waitForURL(/\/login$/);
  await page.goto(`${BASE}/batches`);
  await page.waitForURL(/\/login\?next=%2Fbatches/);
});

test('a wrong password shows an error; the right one signs in', async () => {
  await page.goto(`${BASE}/login`);
  await page.getByLabel('用户名').fill(ADMIN_USER);
  await page.getByLabel('密码').fill('not-the-password-123');
  await page.getByRole('button', { name: '登录' }).click();
  const alert = page.getByRole('alert');
  await alert.getByText('用户名或密码错误').waitFor();
  assert.equal(await page.getByLabel('密码').getAttribute('aria-invalid'), 'true');
  assert.match(page.url(), /\/login/);
  await shot(page, 'login-error');

  // an empty form is refused in the page, beside the fields
  await page.getByLabel('用户名').fill('');
  await page.getByRole('button', { name: '登录' }).click();
  assert.equal(await page.getByLabel('用户名').getAttribute('aria-invalid'), 'true');

  await page.getByLabel('用户名').fill(ADMIN_USER);
  await page.getByLabel('密码').fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL((u) => u.pathname === '/');
  await page.getByRole('heading', { name: '工作台' }).waitFor();
});

test('too many failures for one name are refused with the time to wait', async () => {
  await page.getByRole('button', { name: '退出登录' }).click();
  await page.waitForURL(/\/login/);
  const name = `nobody${Date.now().toString(36)}`;
  for (let i = 0; i < 5; i++) {
    await page.getByLabel('用户名').fill(name);
    await page.getByLabel('密码').fill(`wrong-password-${i}`);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('alert').getByText('用户名或密码错误').waitFor();
  }
  await page.getByLabel('用户名').fill(name);
  await page.getByLabel('密码').fill('wrong-password-5');
  await page.getByRole('button', { name: '登录' }).click();
  const alert = page.getByRole('alert').getByText(/尝试次数过多，请稍后再试（请在\d+(秒|分)/);
  await alert.waitFor();
});

test('a write carries the session\'s CSRF token; the cookie is out of the page\'s reach', async () => {
  await page.getByLabel('用户名').fill(ADMIN_USER);
  await page.getByLabel('密码').fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('heading', { name: '工作台' }).waitFor();
  // every write carries X-CSRF-Token; the session cookie is not readable by the page
  assert.equal(await page.evaluate(() => document.cookie.includes('jm_session')), false);
  const sent = [];
  page.on('request', (r) => { if (r.method() !== 'GET') sent.push([r.method(), r.url(), r.headers()['x-csrf-token'] || '']); });
  await page.getByRole('button', { name: '退出登录' }).click();
  await page.waitForURL(/\/login/);
  assert.equal(sent.length, 1);
  assert.equal(sent[0][0], 'DELETE');
  assert.match(sent[0][2], /^[0-9a-f]{64}$/);
});
