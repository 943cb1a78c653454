// Shared pieces of the browser tests: Debian's Chromium driven by playwright-core (no browser download), fresh
// users, polling assertions, screenshots, and a JWT minted with the stack's secret for the expiry scenario.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';

export const BASE_URL = (process.env.BASE_URL || 'http://127.0.0.1:3000').replace(/\/$/, '');
export const SCREENSHOTS = fileURLToPath(new URL('../test-results/screenshots/', import.meta.url));
// every browser context records its API traffic here (one HAR each, bodies embedded); e2e.sh holds them against
// the API document with api-contract/bin/check-exchanges.js once the tests are done
export const HARS = process.env.E2E_HAR_DIR || fileURLToPath(new URL('../test-results/har/', import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
// the host-process launcher that runs the stack under test (its settings come from the environment, as .ci/run
// exports them); STACK_SCRIPT points elsewhere for a stack started some other way
const STACK_SCRIPT = process.env.STACK_SCRIPT || fileURLToPath(new URL('../../scripts/stack.sh', import.meta.url));

export async function launch() {
  mkdirSync(SCREENSHOTS, { recursive: true });
  mkdirSync(HARS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
}

/** A fresh user for each test: nothing is shared between tests. */
export function newUser() {
  const tag = `${Date.now().toString(36)}${randomBytes(4).toString('hex')}`;
  return { email: `e2e-${tag}@example.com`, password: `pw-${randomBytes(6).toString('hex')}` };
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it returns a truthy value (returned) or the time is up (the last error is thrown). */
export async function eventually(probe, { timeout = 8000, interval = 100, message = 'condition not met' } = {}) {
  const deadline = Date.now() + timeout;
  let lastError = null;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
      lastError = null;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      if (lastError) throw lastError;
      throw new assert.AssertionError({ message: typeof message === 'function' ? message() : message });
    }
    await sleep(interval);
  }
}

/** Waits until the locator's text matches. */
export async function expectText(locator, pattern, timeout = 8000) {
  let last = '';
  await eventually(
    async () => {
      last = ((await locator.textContent({ timeout: 500 })) || '').trim();
      return typeof pattern === 'string' ? last === pattern : pattern.test(last);
    },
    { timeout, message: () => `expected text ${pattern}, last seen ${JSON.stringify(last)}` },
  );
  return last;
}

export async function expectVisible(locator, visible = true, timeout = 8000) {
  await locator.first().waitFor({ state: visible ? 'visible' : 'hidden', timeout });
}

export async function shot(page, name) {
  await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: true });
}

/**
 * A page in a fresh browser context (own cookies and sessionStorage). The callback's failure leaves a screenshot
 * named after the test. Page errors (uncaught exceptions) fail the test.
 */
export async function withPage(browser, t, fn, { viewport = { width: 1280, height: 800 }, contextOptions = {} } = {}) {
  const context = await browser.newContext({ viewport, baseURL: BASE_URL, recordHar: harOptions(t), ...contextOptions });
  const page = await context.newPage();
  const pageErrors = [];
  const dialogs = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('dialog', async (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    await dialog.dismiss().catch(() => {});
  });
  try {
    await fn(page, { context, pageErrors, dialogs });
    assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
    assert.deepEqual(dialogs, [], 'no alert/confirm/prompt was opened');
  } catch (error) {
    const name = `failed-${t.name.replace(/[^a-z0-9]+/gi, '-').toLowerCase().slice(0, 60)}`;
    await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: true }).catch(() => {});
    throw error;
  } finally {
    await context.close();
  }
}

const apiUrls = new RegExp(`^${BASE_URL.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/api(/|\\?|$)`);
let contexts = 0;

/**
 * Where a context's HAR goes (written when the context closes): named after the test, one file per context (a
 * test may open two), only the API's exchanges (nginx's /api/ prefix), bodies embedded so they can be checked.
 */
function harOptions(t) {
  contexts += 1;
  const name = `${process.pid}-${contexts}-${t.name.replace(/[^a-z0-9]+/gi, '-').toLowerCase().slice(0, 60)}`;
  return { path: `${HARS}${name}.har`, content: 'embed', urlFilter: apiUrls };
}

// --- the GUI's own flows ------------------------------------------------------------------------------------------

export const ui = {
  email: (page) => page.getByLabel('Email', { exact: true }),
  password: (page) => page.getByLabel('Password', { exact: true }),
  submit: (page) => page.locator('#auth-submit'),
  alert: (page) => page.locator('#error-text'),
  alertBox: (page) => page.locator('#error-notice'),
  status: (page) => page.locator('#info-text'),
  newTask: (page) => page.getByLabel('New task', { exact: true }),
  addButton: (page) => page.getByRole('button', { name: 'Add', exact: true }),
  items: (page) => page.locator('#task-list > li.task'),
  item: (page, title) => page.locator('#task-list > li.task').filter({ has: page.locator('.task-title', { hasText: title }) }),
  itemsLeft: (page) => page.locator('#items-left'),
  listStatus: (page) => page.locator('#list-status'),
  tasksView: (page) => page.locator('#tasks-view'),
  authView: (page) => page.locator('#auth-view'),
  titles: (page) => page.locator('#task-list .task-title').allTextContents(),
};

const RATE_LIMIT_ATTEMPTS = 4;

/** How long to wait after the edge's auth rate limit answered 429 with this Retry-After (seconds, or absent). */
function rateLimitWait(retryAfter) {
  const wait = Number(retryAfter) || 15;
  return Math.min(wait, 65) * 1000 + 250;
}

/**
 * Submits the sign-in/register form, riding out the edge's auth rate limit (429 with Retry-After; the whole
 * suite shares one client address) by waiting and submitting again. Returns the final auth response.
 */
async function submitAuth(page, path) {
  for (let attempt = 1; ; attempt += 1) {
    const answer = page.waitForResponse((r) => r.url().endsWith(path) && r.request().method() === 'POST', { timeout: 20000 });
    await ui.submit(page).click();
    const response = await answer;
    if (response.status() !== 429 || attempt >= RATE_LIMIT_ATTEMPTS) return response;
    await sleep(rateLimitWait(response.headers()['retry-after']));
  }
}

/**
 * POSTs JSON to an /api/auth/ route from the test itself (no page), riding out the auth rate limit as the form
 * does: the suite's own sign-ins count against the same client address as the pages'.
 */
export async function postAuth(route, body) {
  for (let attempt = 1; ; attempt += 1) {
    const response = await fetch(`${BASE_URL}/api/auth/${route}`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
    });
    if (response.status !== 429 || attempt >= RATE_LIMIT_ATTEMPTS) return response;
    await sleep(rateLimitWait(response.headers.get('retry-after')));
  }
}

async function waitForLogin(page) {
  const response = await page.waitForResponse((r) => r.url().endsWith('/api/auth/login'), { timeout: 20000 });
  return response;
}

/** Registers through the GUI and lands on the (empty) task list. */
export async function registerViaGui(page, user) {
  await page.goto('/');
  await expectVisible(ui.authView(page));
  await page.getByRole('button', { name: 'Create an account' }).click();
  await expectText(page.locator('#auth-title'), 'Create your account');
  await ui.email(page).fill(user.email);
  await ui.password(page).fill(user.password);
  const loginAnswer = waitForLogin(page).catch(() => null);
  const registered = await submitAuth(page, '/api/auth/register');
  assert.equal(registered.status(), 201, `register answered ${registered.status()}`);
  const login = await loginAnswer;
  const retried = Boolean(login && login.status() === 429);
  if (retried) {
    // registered, but the login right after it hit the rate limit: sign in once the window has passed
    await sleep((Number(login.headers()['retry-after']) || 15) * 1000 + 250);
    // (the form switches to sign-in by itself once the account exists)
    if ((await page.locator('#auth-title').textContent()) !== 'Sign in') {
      await page.getByRole('button', { name: 'Sign in instead' }).click();
    }
    await ui.password(page).fill(user.password);
    const again = await submitAuth(page, '/api/auth/login');
    assert.equal(again.status(), 200, `login answered ${again.status()}`);
  }
  await expectVisible(ui.tasksView(page));
  await expectText(page.locator('#user-email'), user.email);
  return { signedInSeparately: retried };
}

/** Signs in through the GUI (the user exists). */
export async function signInViaGui(page, user) {
  await expectVisible(ui.authView(page));
  await ui.email(page).fill(user.email);
  await ui.password(page).fill(user.password);
  const response = await submitAuth(page, '/api/auth/login');
  assert.equal(response.status(), 200, `login answered ${response.status()}`);
  await expectVisible(ui.tasksView(page));
}

/** Adds a task by typing and pressing Enter, and waits until the server has it (no longer pending). */
export async function addTask(page, title, { viaButton = false } = {}) {
  const created = page.waitForResponse((r) => r.url().endsWith('/api/tasks') && r.request().method() === 'POST');
  await ui.newTask(page).fill(title);
  if (viaButton) await ui.addButton(page).click();
  else await ui.newTask(page).press('Enter');
  const response = await created;
  assert.equal(response.status(), 201, `POST /tasks answered ${response.status()}`);
  await eventually(async () => (await page.locator('#task-list > li.task.is-pending').count()) === 0);
}

/** Waits for the requests started by an action to settle with the expected status. */
export function answerTo(page, method, pathPattern) {
  return page.waitForResponse((r) => r.request().method() === method && pathPattern.test(new URL(r.url()).pathname));
}

// --- tokens --------------------------------------------------------------------------------------------------------

export function readSessionToken(page) {
  return page.evaluate(() => {
    const raw = window.sessionStorage.getItem('todo.session');
    return raw ? JSON.parse(raw).token : null;
  });
}

export function writeSessionToken(page, token) {
  return page.evaluate((value) => {
    const raw = window.sessionStorage.getItem('todo.session');
    const session = raw ? JSON.parse(raw) : { email: '' };
    session.token = value;
    window.sessionStorage.setItem('todo.session', JSON.stringify(session));
  }, token);
}

const b64url = (value) => Buffer.from(value).toString('base64url');

/**
 * Re-signs the claims of a real access token (sub, jti, sid and whatever else the edge puts in) with new times,
 * HS256 with the stack's JWT_SECRET. `key` is the secret's bytes as the edge uses them.
 */
export function mintToken(realToken, key, { expiresInSeconds }) {
  const [headerPart, payloadPart] = realToken.split('.');
  const header = JSON.parse(Buffer.from(headerPart, 'base64url').toString('utf8'));
  const claims = JSON.parse(Buffer.from(payloadPart, 'base64url').toString('utf8'));
  const now = Math.floor(Date.now() / 1000);
  const exp = now + expiresInSeconds;
  // the same jti and sid: the token stays one the edge issued and has not revoked, only its times differ. Its iat
  // stays (made earlier than its new exp, as a token's must be): an earlier one could predate the edge's revocation
  // epoch (a Redis that is new or lost its data), and the edge refuses a token issued before that as revoked
  const iat = Math.min(claims.iat ?? now, exp - 1);
  const minted = { ...claims, iat, exp, jti: claims.jti ?? randomUUID() };
  if ('nbf' in claims) minted.nbf = minted.iat;
  const head = b64url(JSON.stringify({ ...header, alg: 'HS256' }));
  const body = b64url(JSON.stringify(minted));
  const signature = createHmac('sha256', key).update(`${head}.${body}`).digest('base64url');
  return `${head}.${body}.${signature}`;
}

/** The candidate byte forms of JWT_SECRET: as UTF-8 text, and base64-decoded when it looks like base64. */
export function secretKeys(secret) {
  const keys = [Buffer.from(secret, 'utf8')];
  if (/^[A-Za-z0-9+/_-]+=*$/.test(secret) && secret.length % 4 === 0) {
    keys.push(Buffer.from(secret.replace(/-/g, '+').replace(/_/g, '/'), 'base64'));
  }
  return keys;
}

// --- accessibility ---------------------------------------------------------------------------------------------------

const AXE = fileURLToPath(new URL('../node_modules/axe-core/axe.min.js', import.meta.url));

/**
 * Runs axe-core in the page (the context needs bypassCSP, since the CSP rightly refuses injected scripts) and
 * returns the serious and critical violations, as readable strings.
 */
export async function axeViolations(page) {
  if (!(await page.evaluate(() => Boolean(window.axe)))) await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
  });
  return result
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.targets.join(', ')})`);
}

// --- the stack ---------------------------------------------------------------------------------------------------------

/** Runs `scripts/stack.sh <args>` (e.g. 'stop', 'notifier') against the stack under test. */
export async function stack(...args) {
  const { stdout } = await promisify(execFile)(STACK_SCRIPT, args, { env: process.env, timeout: 180000 });
  return stdout;
}

/**
 * Why the live-update tests cannot run, or null when they can: the stack must serve `GET /api/events` (an
 * unauthenticated request answers 401 there; 404 means the edge has no such route yet).
 */
export async function liveUpdatesMissing() {
  const answer = await fetch(`${BASE_URL}/api/events`, { headers: { Accept: 'text/event-stream' } }).catch((error) => error);
  if (answer instanceof Error) return `nothing answers at ${BASE_URL}: ${answer.message}`;
  await answer.body?.cancel();
  if (answer.status === 404) return 'GET /api/events answers 404: the live updates are not in this stack yet';
  return null;
}
