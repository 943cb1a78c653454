// Swagger UI as the GUI's nginx serves it (/api/swagger-ui.html, the edge's API_DOCS_ENABLED): it loads under the
// page's strict CSP, and "Authorize" then "Try it out" call the edge through the same /api/ prefix.
// GET /events (text/event-stream) renders, and "Try it out" works, but Swagger UI reads a response whole before it
// shows it: an open stream shows "loading" until it ends, here by logging out (event: session_ended).

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BASE_URL, eventually, launch, newUser, postAuth, shot, sleep, withPage } from './helpers.js';

const json = { 'Content-Type': 'application/json' };

async function signedIn() {
  const user = newUser();
  const register = await postAuth('register', user);
  assert.equal(register.status, 201);
  const login = await postAuth('login', user);
  assert.equal(login.status, 200);
  return (await login.json()).access_token;
}

/** Opens Swagger UI and gives "Authorize" the token. */
async function openAuthorized(page, token) {
  await page.goto('/api/swagger-ui.html');
  await page.locator('.swagger-ui .info .title').filter({ hasText: 'todo-platform public API' }).waitFor();
  await page.locator('button.authorize').first().click();
  await page.locator('.auth-container input[type="text"], .auth-container input').first().fill(token);
  await page.locator('.auth-btn-wrapper button.authorize').click();
  await page.locator('button.btn-done').click();
}

describe('Swagger UI through the GUI\'s nginx', () => {
  let browser;
  before(async () => { browser = await launch(); });
  after(async () => { await browser?.close(); });

  it('shows the document and tries GET /tasks against the edge with the token given to Authorize', async (t) => {
    const token = await signedIn();
    await withPage(browser, t, async (page) => {
      const refused = [];
      page.on('console', (message) => {
        if (/Content Security Policy|Refused to/i.test(message.text())) refused.push(message.text());
      });
      const requests = [];
      page.on('request', (request) => requests.push(request.url()));
      await openAuthorized(page, token);

      const operation = page.locator('#operations-tasks-listTasks');
      await operation.locator('.opblock-summary').click();
      await operation.locator('button.try-out__btn').click();
      await operation.locator('button.execute').click();
      const status = operation.locator('.live-responses-table .response .response-col_status').first();
      await eventually(async () => (await status.textContent()).trim().startsWith('200'), {
        timeout: 10000, message: async () => `GET /tasks answered ${await status.textContent()}`,
      });
      await shot(page, 'swagger-ui-try-it-out');
      assert.ok(requests.some((url) => url.startsWith(`${BASE_URL}/api/tasks`)),
        `the request went to ${BASE_URL}/api/tasks: ${requests.filter((url) => url.includes('tasks')).join(', ')}`);
      assert.deepEqual(refused, [], 'nothing refused by the page\'s Content-Security-Policy');
    });
  });

  it('tries GET /events: the stream shows, event by event, once the session ends it', async (t) => {
    const token = await signedIn();
    const bearer = { Authorization: `Bearer ${token}` };
    await withPage(browser, t, async (page) => {
      await openAuthorized(page, token);
      const operation = page.locator('#operations-notifications-streamEvents');
      await operation.locator('.opblock-summary').click();
      // the media type and its example render (x-itemSchema, an extension, is not shown)
      await operation.locator('.responses-wrapper option[value="text/event-stream"]').first().waitFor({ state: 'attached' });
      await operation.locator('.responses-wrapper').getByText('event: session_ended').first().waitFor();
      await operation.locator('button.try-out__btn').click();
      const opened = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/events');
      await operation.locator('button.execute').click();
      assert.equal((await opened).status(), 200);

      const created = await fetch(`${BASE_URL}/api/tasks`, { method: 'POST', headers: { ...json, ...bearer }, body: JSON.stringify({ title: 'Seen in Swagger UI' }) });
      assert.equal(created.status, 201);
      const live = operation.locator('.live-responses-table');
      // Swagger UI waits for the whole body: nothing shows while the stream is open
      await sleep(1000);
      assert.equal(await live.count(), 0, 'an open stream shows no response yet');

      const loggedOut = await fetch(`${BASE_URL}/api/auth/logout`, { method: 'POST', headers: bearer });
      assert.equal(loggedOut.status, 200);
      const status = live.locator('.response .response-col_status').first();
      await eventually(async () => (await status.textContent()).trim().startsWith('200'), { timeout: 10000, message: 'the ended stream shows' });
      const body = await live.locator('.response-col_description .microlight, .response-col_description pre').first().textContent();
      assert.match(body, /event: ?task\.created\ndata: ?\{.*"Seen in Swagger UI"/s);
      assert.match(body, /event: ?session_ended/);
      await shot(page, 'swagger-ui-try-it-out-events');
    });
  });
});
