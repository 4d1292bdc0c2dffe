// Shared helpers of the console's browser tests: Debian's Chromium through
// playwright-core, the server's address and credentials from the
// environment (scripts/browser-test.sh sets them), a record of every request
// that leaves the server's origin, screenshots and API calls with the admin
// key for setting up data.
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

export const BASE = (process.env.JOBMATCH_BASE_URL || '').replace(/\/$/, '');
if (!BASE) throw new Error('JOBMATCH_BASE_URL is not set: run scripts/browser-test.sh');
export const ORIGIN = new URL(BASE).origin;
export const ADMIN_KEY = process.env.JOBMATCH_ADMIN_KEY || '';
export const ADMIN_USER = process.env.JOBMATCH_ADMIN_USER || 'admin';
export const ADMIN_PASSWORD = process.env.JOBMATCH_ADMIN_PASSWORD || '';
const SHOT_DIR = process.env.CONSOLE_SCREENSHOT_DIR || '';
const REQUEST_LOG = process.env.BROWSER_TEST_REQUEST_LOG || '';
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

// Requests to anywhere but the server, and CSP refusals, over this file's run.
export const offOrigin = [];
export const cspViolations = [];
export const pageErrors = [];

export async function launch() {
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage', '--lang=zh-CN'] });
}

export async function newPage(browser, viewport = DESKTOP) {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  context.on('request', (req) => {
    const url = req.url();
    if (url.startsWith('data:') || url.startsWith('blob:') || url === 'about:blank') return;
    let origin = '';
    try { origin = new URL(url).origin; } catch (e) { origin = url; }
    if (origin !== ORIGIN) {
      offOrigin.push(url);
      if (REQUEST_LOG) appendFileSync(REQUEST_LOG, `${url}\n`);
    }
  });
  const page = await context.newPage();
  page.on('console', (msg) => {
    if (/Content Security Policy/i.test(msg.text())) cspViolations.push(msg.text());
  });
  page.on('pageerror', (err) => pageErrors.push(String(err && err.message)));
  page.setDefaultTimeout(15000);
  return page;
}

// The checks every file makes at its end.
export function assertClean() {
  assert.deepEqual(offOrigin, [], 'no request may leave the server\'s origin');
  assert.deepEqual(cspViolations, [], 'the page must not break its Content-Security-Policy');
  assert.deepEqual(pageErrors, [], 'the page must not throw');
}

export async function signIn(page, path = '/') {
  await page.goto(BASE + path);
  await page.waitForURL(/\/login/);
  await page.getByLabel('用户名').fill(ADMIN_USER);
  await page.getByLabel('密码').fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('button', { name: '退出登录' }).waitFor();
}

export async function shot(page, name, opts = {}) {
  if (!SHOT_DIR) return;
  mkdirSync(SHOT_DIR, { recursive: true });
  await page.evaluate(() => document.fonts && document.fonts.ready);
  await page.screenshot({ path: join(SHOT_DIR, `${name}.png`), fullPage: opts.fullPage ?? false, animations: 'disabled' });
}

// The API with the admin key (for setting up what a test needs).
export async function api(path, { method = 'GET', body, key = ADMIN_KEY } = {}) {
  const headers = { Authorization: `Bearer ${key}` };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(BASE + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch (e) { data = text; }
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return data;
}

// A valid resident ID number (GB 11643-1999): 17 digits and their check character.
export function idNumber(first17) {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * w[i];
  return first17 + '10X98765432'[sum % 11];
}

export async function householdId(archiveNo) {
  const d = await api(`/v1/households?q=${encodeURIComponent(archiveNo)}`);
  const hh = d.items.find((x) => x.archive_no === archiveNo);
  assert.ok(hh, `fixture household ${archiveNo} is on file`);
  return hh.id;
}

// Waits for a batch run that succeeds, starting one through the API if none has.
export async function ensureBatch() {
  const list = await api('/v1/batches?per_page=5');
  let run = list.items[0];
  if (!run || run.status === 'failed') run = await api('/v1/batches', { method: 'POST', body: {} });
  for (let i = 0; i < 600; i++) {
    run = await api(`/v1/batches/${run.id}`);
    if (run.status === 'succeeded') return run;
    if (run.status === 'failed') throw new Error(`batch failed: ${run.error}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('batch did not finish');
}

// No page may be wider than its viewport.
export async function assertNoSidewaysScroll(page, width, what) {
  const sw = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(sw <= width, `${what}: scrollWidth ${sw} > ${width}`);
}
