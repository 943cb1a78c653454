import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError, createApi, NETWORK_MESSAGE, SESSION_ENDED, toApiError } from '../src/js/api.js';
import { createSession } from '../src/js/session.js';
import { fakeFetch, memoryStorage, problem, response, streamResponse } from './fake-fetch.js';

const TASK = { id: 7, ID: 7, title: 'Buy milk', completed: false, created_at: '2026-11-25T10:00:00Z', updated_at: '2026-11-25T10:00:00Z' };

function setup(answers, { token = 'old-token' } = {}) {
  const storage = memoryStorage();
  const session = createSession(storage);
  if (token) session.save({ access_token: token, user: { email: 'ada@example.com' } });
  const fake = fakeFetch(answers);
  const ended = [];
  const api = createApi({ fetch: fake.fetch, session, onSessionEnded: (e) => ended.push(e), locks: null });
  return { api, session, fake, ended, storage };
}

describe('toApiError', () => {
  it('takes the human sentence from the problem body and keeps status and code', () => {
    const e = toApiError(400, { error: 'title must be at most 255 characters', detail: 'other', code: 'validation_failed' });
    assert.ok(e instanceof ApiError);
    assert.equal(e.message, 'Title must be at most 255 characters');
    assert.equal(e.status, 400);
    assert.equal(e.code, 'validation_failed');
  });

  it('falls back to detail, then to a sentence for the status, never to raw text', () => {
    assert.equal(toApiError(409, { detail: 'Email already registered' }).message, 'Email already registered');
    const e = toApiError(502, null);
    assert.match(e.message, /unavailable/);
    assert.equal(e.code, 'http_502');
    assert.match(toApiError(418, {}).message, /HTTP 418/);
    assert.match(toApiError(500, ['x']).message, /went wrong/);
  });

  it("shows its own plain sentence for a 5xx, not the server's words about its insides, which it keeps aside", () => {
    const cases = [
      [502, 'The upstream service is unavailable.', /^The service is unavailable right now\./],
      [504, 'The upstream service did not answer in time.', /^The service took too long to answer\. Please try again\.$/],
      [503, 'Token revocation cannot be checked right now; try again shortly.', /^The service is unavailable right now\./],
      [500, 'NullPointerException in TaskService', /^Something went wrong on the server\./],
    ];
    for (const [status, error, shown] of cases) {
      const e = toApiError(status, { error, code: 'service_unavailable' });
      assert.match(e.message, shown, `${status}`);
      assert.doesNotMatch(e.message, /upstream|revocation|Exception/i);
      assert.equal(e.serverMessage, error, 'kept for whoever looks at the error');
      assert.equal(e.code, 'service_unavailable');
    }
    assert.equal(toApiError(400, { error: 'title must be at most 255 characters' }).serverMessage, '');
  });

  it('says when to try again after a 503 with Retry-After (a write rolled back by the server)', () => {
    const e = toApiError(503, { error: 'The database did not answer in time.' }, { get: () => '5' });
    assert.equal(e.message, 'The service is unavailable right now. Please try again in 5 seconds.');
    assert.equal(toApiError(503, null, { get: () => '1' }).message, 'The service is unavailable right now. Please try again in 1 second.');
    assert.match(toApiError(503, null, { get: () => '3600' }).message, /try again shortly/, 'not an hour from now');
  });

  it('reads Retry-After on 429', () => {
    const e = toApiError(429, { error: 'Too many requests', code: 'rate_limited' }, { get: () => '42' });
    assert.equal(e.retryAfter, 42);
  });
});

describe('api client', () => {
  it('sends JSON with the bearer token under /api and returns the parsed body', async () => {
    const { api, fake } = setup([response(201, TASK)]);
    const task = await api.createTask('Buy milk');
    assert.deepEqual(task, TASK);
    const [call] = fake.calls;
    assert.equal(call.url, '/api/tasks');
    assert.equal(call.method, 'POST');
    assert.equal(call.headers.Authorization, 'Bearer old-token');
    assert.equal(call.headers['Content-Type'], 'application/json');
    assert.equal(call.body, JSON.stringify({ title: 'Buy milk' }));
    assert.equal(call.credentials, 'same-origin');
  });

  it('builds the paths for update, delete one, clear completed and delete all', async () => {
    const { api, fake } = setup([response(200, TASK), response(204), response(204), response(204), response(200, [])]);
    await api.updateTask('7', { completed: true });
    assert.equal(await api.deleteTask('7'), null);
    await api.deleteTasks({ completed: true });
    await api.deleteTasks();
    await api.listTasks();
    assert.deepEqual(
      fake.calls.map((c) => `${c.method} ${c.url}`),
      ['PATCH /api/tasks/7', 'DELETE /api/tasks/7', 'DELETE /api/tasks?completed=true', 'DELETE /api/tasks', 'GET /api/tasks'],
    );
    assert.equal(fake.calls[0].body, '{"completed":true}', 'only the member that changes is sent');
  });

  it('maps a problem answer to an ApiError with the server sentence', async () => {
    const { api } = setup([problem(400, 'validation_failed', 'title must be at most 255 characters')]);
    await assert.rejects(api.createTask('x'.repeat(256)), (e) => {
      assert.equal(e.status, 400);
      assert.equal(e.code, 'validation_failed');
      assert.equal(e.message, 'Title must be at most 255 characters');
      return true;
    });
  });

  it('turns a network failure into a readable error', async () => {
    const { api } = setup([new TypeError('Failed to fetch')]);
    await assert.rejects(api.listTasks(), (e) => e.code === 'network_error' && e.message === NETWORK_MESSAGE);
  });

  it('does not show an HTML error page: a non-JSON body gets the status sentence', async () => {
    const { api } = setup([response(502, '<html><body>Bad Gateway</body></html>')]);
    await assert.rejects(api.listTasks(), (e) => e.status === 502 && !e.message.includes('<'));
  });

  it('on 401 token_expired refreshes once with the cookie and retries with the new token', async () => {
    const { api, fake, session, ended } = setup([
      problem(401, 'token_expired', 'The access token has expired'),
      response(200, { access_token: 'new-token', token: 'new-token', token_type: 'Bearer', expires_in: 900, user: { id: 1, email: 'ada@example.com' } }),
      response(200, [TASK]),
    ]);
    const list = await api.listTasks();
    assert.deepEqual(list, [TASK]);
    assert.deepEqual(fake.calls.map((c) => `${c.method} ${c.url}`), ['GET /api/tasks', 'POST /api/auth/refresh', 'GET /api/tasks']);
    assert.equal(fake.calls[1].credentials, 'same-origin');
    assert.equal(fake.calls[1].headers.Authorization, undefined);
    assert.equal(fake.calls[2].headers.Authorization, 'Bearer new-token');
    assert.equal(session.token, 'new-token');
    assert.equal(ended.length, 0);
  });

  it('refreshes only once: a second 401 after the retry ends the session', async () => {
    const { api, fake, session, ended } = setup([
      problem(401, 'token_expired', 'expired'),
      response(200, { access_token: 'new-token', user: { id: 1, email: 'ada@example.com' } }),
      problem(401, 'token_expired', 'expired again'),
    ]);
    await assert.rejects(api.listTasks(), (e) => e.code === SESSION_ENDED && e.status === 401);
    assert.equal(fake.calls.length, 3);
    assert.equal(session.token, null);
    assert.equal(ended.length, 1);
  });

  it('a failed refresh ends the session', async () => {
    const { api, session, ended } = setup([
      problem(401, 'token_expired', 'expired'),
      problem(401, 'token_revoked', 'The refresh token was revoked'),
    ]);
    await assert.rejects(api.createTask('x'), (e) => e.code === SESSION_ENDED);
    assert.equal(session.signedIn, false);
    assert.equal(ended.length, 1);
    assert.match(ended[0].message, /sign in again/i);
  });

  it('any other 401 ends the session without trying to refresh', async () => {
    for (const code of ['invalid_token', 'token_revoked', 'missing_token']) {
      const { api, fake, session, ended } = setup([problem(401, code, 'nope')]);
      await assert.rejects(api.listTasks(), (e) => e.code === SESSION_ENDED);
      assert.equal(fake.calls.length, 1, code);
      assert.equal(session.token, null);
      assert.equal(ended.length, 1);
    }
  });

  it('concurrent calls with an expired token share one refresh', async () => {
    const { api, fake } = setup([
      problem(401, 'token_expired', 'expired'),
      problem(401, 'token_expired', 'expired'),
      response(200, { access_token: 'new-token', user: { id: 1, email: 'ada@example.com' } }),
      response(200, []),
      response(200, []),
    ]);
    await Promise.all([api.listTasks(), api.listTasks()]);
    assert.equal(fake.calls.filter((c) => c.url === '/api/auth/refresh').length, 1);
  });

  it('a refresh that hits the rate limit keeps the session and shows the server sentence', async () => {
    const { api, session, ended } = setup([
      problem(401, 'token_expired', 'expired'),
      problem(429, 'rate_limited', 'Too many requests, retry in 30 seconds'),
    ]);
    await assert.rejects(api.listTasks(), (e) => e.status === 429 && /Too many/.test(e.message));
    assert.equal(session.token, 'old-token');
    assert.equal(ended.length, 0);
  });

  it('without a token an authenticated call ends the session without a request', async () => {
    const { api, fake, ended } = setup([], { token: null });
    await assert.rejects(api.listTasks(), (e) => e.code === SESSION_ENDED);
    assert.equal(fake.calls.length, 0);
    assert.equal(ended.length, 1);
  });

  it('login stores the access token and email; register does not sign in', async () => {
    const { api, session, fake } = setup(
      [
        response(201, { user_id: 3, email: 'bob@example.com' }),
        response(200, { access_token: 'tok', token: 'tok', token_type: 'Bearer', expires_in: 900, user: { id: 3, email: 'bob@example.com' } }),
      ],
      { token: null },
    );
    await api.register('bob@example.com', 'secret-pass');
    assert.equal(session.signedIn, false);
    await api.login('bob@example.com', 'secret-pass');
    assert.equal(session.token, 'tok');
    assert.equal(session.email, 'bob@example.com');
    assert.equal(fake.calls[1].body, JSON.stringify({ email: 'bob@example.com', password: 'secret-pass' }));
  });

  it('wrong credentials surface the server sentence and leave no session', async () => {
    const { api, session } = setup([problem(401, 'invalid_credentials', 'Invalid email or password')], { token: null });
    await assert.rejects(api.login('a@b.c', 'wrongpass'), (e) => e.message === 'Invalid email or password' && e.code === 'invalid_credentials');
    assert.equal(session.signedIn, false);
  });

  it('logout calls the API with the token and clears the session', async () => {
    const { api, session, fake } = setup([response(200, { message: 'logged out' })]);
    await api.logout();
    assert.equal(fake.calls[0].url, '/api/auth/logout');
    assert.equal(fake.calls[0].headers.Authorization, 'Bearer old-token');
    assert.equal(session.signedIn, false);
  });

  it('logout with an expired token refreshes first so the refresh token gets revoked too', async () => {
    const { api, session, fake } = setup([
      problem(401, 'token_expired', 'expired'),
      response(200, { access_token: 'new-token', user: { id: 1, email: 'ada@example.com' } }),
      response(200, { message: 'logged out' }),
    ]);
    await api.logout();
    assert.equal(fake.calls[2].headers.Authorization, 'Bearer new-token');
    assert.equal(session.signedIn, false);
  });

  it('logout clears the session even when the server cannot be reached, and says so', async () => {
    const { api, session } = setup([new TypeError('Failed to fetch')]);
    await assert.rejects(api.logout(), (e) => e.code === 'network_error');
    assert.equal(session.signedIn, false);
  });
});

describe('api client: live updates and notifications', () => {
  it('opens the event stream with the token, text/event-stream and Last-Event-ID, and hands back the response', async () => {
    const stream = streamResponse();
    const { api, fake } = setup([stream.answer]);
    const opened = await api.events({ lastEventId: '41' });
    assert.equal(opened.response, stream.response);
    assert.equal(opened.token, 'old-token');
    const [call] = fake.calls;
    assert.equal(call.url, '/api/events');
    assert.equal(call.method, 'GET');
    assert.equal(call.headers.Accept, 'text/event-stream, application/problem+json');
    assert.equal(call.headers['Last-Event-ID'], '41');
    assert.equal(call.headers.Authorization, 'Bearer old-token');
    assert.equal(call.headers['Content-Type'], undefined);
  });

  it('refuses an answer that is not an event stream, and reads Retry-After of a 503', async () => {
    // a 200 page with a body (a proxy's or a captive portal's), not a stream: refused, its body released
    const page = streamResponse({ headers: { 'Content-Type': 'text/html' } });
    const { api } = setup([
      page.answer,
      response(200, '<html>'),
      response(503, { code: 'service_unavailable', error: 'Notifications are unavailable' }, { 'Retry-After': '5' }),
    ]);
    await assert.rejects(api.events(), (e) => e.code === 'not_an_event_stream');
    assert.equal(page.cancelled, true);
    await assert.rejects(api.events(), (e) => e.code === 'not_an_event_stream'); // and one without a body
    await assert.rejects(api.events(), (e) => e.status === 503 && e.retryAfter === 5);
  });

  it('builds the notification paths', async () => {
    const { api, fake } = setup([response(200, []), response(200, []), response(200, { unread: 2 }), response(204)]);
    await api.listNotifications({ limit: 20 });
    await api.listNotifications({ limit: 20, before: 'abc' });
    assert.deepEqual(await api.unreadCount(), { unread: 2 });
    await api.markRead('12');
    assert.deepEqual(fake.calls.map((c) => `${c.method} ${c.url}`), [
      'GET /api/notifications?limit=20',
      'GET /api/notifications?limit=20&before=abc',
      'GET /api/notifications/unread-count',
      'POST /api/notifications/read',
    ]);
    assert.equal(fake.calls[3].body, JSON.stringify({ up_to: '12' }));
  });

  it('does not refresh again when another call renewed the token while this one was under way', async () => {
    const { api, fake, session } = setup([
      async () => {
        session.save({ access_token: 'renewed-elsewhere' }); // e.g. the live stream refreshed meanwhile
        return problem(401, 'token_expired', 'expired');
      },
      response(200, []),
    ]);
    await api.listTasks();
    assert.deepEqual(fake.calls.map((c) => c.url), ['/api/tasks', '/api/tasks']);
    assert.equal(fake.calls[1].headers.Authorization, 'Bearer renewed-elsewhere');
  });

  it("refreshes one tab after the other, so each sends the cookie the previous one rotated", async () => {
    // one browser, two tabs: two API clients sharing a Web Lock
    let held = Promise.resolve();
    const locks = {
      request: (name, fn) => {
        const run = held.then(fn);
        held = run.catch(() => {});
        return run;
      },
    };
    const order = [];
    let release;
    const gate = new Promise((r) => { release = r; });
    const tab = (name, token) => {
      const session = createSession(memoryStorage());
      session.save({ access_token: token });
      const fake = fakeFetch([
        async () => {
          order.push(`${name} starts`);
          if (name === 'first') await gate;
          order.push(`${name} ends`);
          return response(200, { access_token: `${name}-new` });
        },
      ]);
      return createApi({ fetch: fake.fetch, session, locks });
    };
    const first = tab('first', 'a').refresh();
    const second = tab('second', 'b').refresh();
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(order, ['first starts'], 'the second waits for the first');
    release();
    await Promise.all([first, second]);
    assert.deepEqual(order, ['first starts', 'first ends', 'second starts', 'second ends']);
  });
});
