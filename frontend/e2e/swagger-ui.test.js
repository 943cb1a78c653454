// Swagger UI as the GUI's nginx serves it (/api/swagger-ui.html, the edge's API_DOCS_ENABLED): it loads under the
// page's strict CSP, and "Authorize" then "Try it out" call the edge through the same /api/ prefix.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BASE_URL, eventually, launch, newUser, shot, withPage } from './helpers.js';

async function signedIn() {
  const user = newUser();
  const json = { 'Content-Type': 'application/json' };
  const register = await fetch(`${BASE_URL}/api/auth/register`, { method: 'POST', headers: json, body: JSON.stringify(user) });
  assert.equal(register.status, 201);
  const login = await fetch(`${BASE_URL}/api/auth/login`, { method: 'POST', headers: json, body: JSON.stringify(user) });
  assert.equal(login.status, 200);
  return (await login.json()).access_token;
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
      await page.goto('/api/swagger-ui.html');
      await page.locator('.swagger-ui .info .title').filter({ hasText: 'todo-platform public API' }).waitFor();

      await page.locator('button.authorize').first().click();
      await page.locator('.auth-container input[type="text"], .auth-container input').first().fill(token);
      await page.locator('.auth-btn-wrapper button.authorize').click();
      await page.locator('button.btn-done').click();

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
});
