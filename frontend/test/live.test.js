// The live client against the real API client and session, with a scripted fetch whose streams the tests write,
// and timers they move by hand.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createApi, SESSION_ENDED } from '../src/js/api.js';
import { createLiveUpdates, LIVE_TIMINGS, resyncsCount } from '../src/js/live.js';
import { createSession } from '../src/js/session.js';
import { fakeClock, fakeFetch, memoryStorage, problem, response, settle, streamResponse } from './fake-fetch.js';

const AUTH = (token) => ({ access_token: token, token, token_type: 'Bearer', expires_in: 900, user: { id: 1, email: 'ada@example.com' } });
const event = (id, type, payload) => `id: ${id}\nevent: ${type}\ndata: ${JSON.stringify(payload)}\n\n`;
const created = (id, title) =>
  event(id, 'task.created', {
    notification: { id: String(id), type: 'task.created', task_id: id * 10, title, completed: false, changed: [], count: null, read: false },
    task: { id: id * 10, ID: id * 10, title, completed: false },
  });

function setup({ random = () => 0.5, timings, answers = [] } = {}) {
  const session = createSession(memoryStorage());
  session.save(AUTH('token-1'));
  const fake = fakeFetch(answers);
  const ended = [];
  const locks = [];
  const api = createApi({
    fetch: fake.fetch,
    session,
    onSessionEnded: (e) => ended.push(e),
    locks: { request: (name, fn) => (locks.push(name), fn()) },
  });
  const clock = fakeClock();
  const seen = [];
  const statuses = [];
  let resyncs = 0;
  const live = createLiveUpdates({
    api,
    timers: clock,
    random,
    timings,
    onEvent: (e) => seen.push(e),
    onStatus: (s) => statuses.push(s),
    onResync: () => {
      resyncs += 1;
    },
  });
  const eventCalls = () => fake.calls.filter((c) => c.url === '/api/events');
  return { live, fake, clock, seen, statuses, ended, locks, session, resyncs: () => resyncs, eventCalls };
}

/** Moves the clock on while the server sends its keep-alive comment every 15 s. */
async function keepAlive(stream, clock, ms) {
  for (let left = ms; left > 0; left -= 15000) {
    await clock.tick(Math.min(15000, left));
    stream.push(':\n');
    await settle();
  }
}

/** Queues a stream answer for the next request and returns it. */
function nextStream(fake, options) {
  const stream = streamResponse(options);
  fake.more(stream.answer);
  return stream;
}

describe('live updates: the stream', () => {
  it('opens GET /api/events with the bearer token, hands on each event, and fetches the list once', async () => {
    const { live, fake, seen, statuses, resyncs, eventCalls } = setup();
    const stream = nextStream(fake);
    live.start();
    await settle();
    const [call] = eventCalls();
    assert.equal(call.method, 'GET');
    assert.equal(call.headers.Authorization, 'Bearer token-1');
    assert.equal(call.headers.Accept, 'text/event-stream, application/problem+json');
    assert.equal(call.headers['Last-Event-ID'], undefined, 'nothing to resume the first time');
    assert.equal(live.status, 'live');
    assert.deepEqual(statuses, ['connecting', 'live']);
    assert.equal(resyncs(), 1, 'changes made before the stream began are fetched with the list');

    stream.push(': keep-alive\n\n');
    stream.push(created(1, 'Buy milk').slice(0, 20));
    stream.push(created(1, 'Buy milk').slice(20) + created(2, 'Café ☕'));
    await settle();
    assert.deepEqual(seen.map((e) => [e.type, e.id, e.payload.task.title]), [
      ['task.created', '1', 'Buy milk'],
      ['task.created', '2', 'Café ☕'],
    ]);
    assert.equal(live.lastEventId, '2');
  });

  it('reconnects after the stream ends, resuming with Last-Event-ID of the last event handed on', async () => {
    const { live, fake, clock, resyncs, eventCalls } = setup();
    const first = nextStream(fake);
    live.start();
    await settle();
    first.push(created(7, 'a') + created(8, 'b'));
    first.close();
    const second = nextStream(fake);
    await settle();
    assert.equal(eventCalls().length, 1, 'not at once');
    await clock.tick(LIVE_TIMINGS.firstRetryMs);
    assert.equal(eventCalls().length, 2);
    assert.equal(eventCalls()[1].headers['Last-Event-ID'], '8');
    assert.equal(live.status, 'live');
    assert.equal(resyncs(), 1, 'a resumed stream replays what was missed: no second list fetch');
    second.push(created(9, 'c'));
    await settle();
    assert.equal(live.lastEventId, '9');
  });

  it('backs off exponentially with jitter, up to a cap, while the server cannot be reached', async () => {
    for (const [random, share] of [[() => 0, 0.5], [() => 0.999999, 1]]) {
      const { live, fake, clock, eventCalls } = setup({ random });
      fake.more(new TypeError('Failed to fetch'));
      live.start();
      await settle();
      for (const ceiling of [1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]) {
        fake.more(new TypeError('Failed to fetch'));
        const delay = Math.ceil(ceiling * share);
        const before = eventCalls().length;
        await clock.tick(delay - 1);
        assert.equal(eventCalls().length, before, `not before ${delay} ms (random ${random()})`);
        await clock.tick(1);
        assert.equal(eventCalls().length, before + 1, `after ${delay} ms (random ${random()})`);
      }
      live.stop();
    }
  });

  it('starts the backoff over once a stream has delivered something', async () => {
    const { live, fake, clock, eventCalls } = setup({ random: () => 0.999999 });
    fake.more(new TypeError('Failed to fetch'), new TypeError('Failed to fetch'), new TypeError('Failed to fetch'));
    live.start();
    await settle();
    await clock.tick(1000 + 2000);
    const stream = nextStream(fake);
    await clock.tick(4000);
    assert.equal(eventCalls().length, 4);
    assert.equal(live.status, 'live');
    stream.push(':\n');
    stream.close();
    nextStream(fake);
    await settle();
    await clock.tick(LIVE_TIMINGS.firstRetryMs);
    assert.equal(eventCalls().length, 5, 'the first delay again, not the eighth of a second after 4 s');
  });

  it('a single dropped stream reconnects quietly; a second failure in a row shows "paused"', async () => {
    const { live, fake, clock, statuses } = setup();
    const stream = nextStream(fake);
    live.start();
    await settle();
    stream.fail();
    fake.more(new TypeError('Failed to fetch'));
    await settle();
    assert.equal(live.status, 'connecting');
    await clock.tick(LIVE_TIMINGS.firstRetryMs);
    assert.equal(live.status, 'paused');
    nextStream(fake);
    await clock.tick(LIVE_TIMINGS.maxRetryMs);
    assert.equal(live.status, 'live');
    assert.deepEqual(statuses, ['connecting', 'live', 'connecting', 'paused', 'live']);
  });

  it('takes a silent connection for dead after 45 s, but not one that sends its keep-alive comments', async () => {
    const { live, fake, clock, eventCalls } = setup();
    const stream = nextStream(fake);
    live.start();
    await settle();
    await keepAlive(stream, clock, 90000);
    assert.equal(eventCalls().length, 1, 'a minute and a half of comments: still the same stream');
    nextStream(fake);
    await clock.tick(LIVE_TIMINGS.silenceMs);
    assert.equal(stream.aborted, true, 'the silent connection is closed');
    await clock.tick(LIVE_TIMINGS.firstRetryMs);
    assert.equal(eventCalls().length, 2);
  });
});

describe('live updates: the notifications unavailable', () => {
  it('on event: unavailable shows "paused", refreshes the list every 30 s, honours retry:, then resumes', async () => {
    const { live, fake, clock, resyncs, eventCalls } = setup({ random: () => 0 });
    const stream = nextStream(fake);
    live.start();
    await settle();
    stream.push(created(3, 'x'));
    stream.push('retry: 20000\nevent: unavailable\ndata: {}\n\n');
    await settle();
    assert.equal(live.status, 'paused');
    assert.equal(stream.cancelled || stream.aborted, true, 'the ended stream is released');
    assert.equal(resyncs(), 1);

    fake.more(problem(503, 'service_unavailable', 'Notifications are unavailable right now'));
    await clock.tick(19999);
    assert.equal(eventCalls().length, 1, 'waits the retry: the server asked for');
    await clock.tick(1);
    assert.equal(eventCalls().length, 2);
    assert.equal(eventCalls()[1].headers['Last-Event-ID'], '3');
    assert.equal(live.status, 'paused');

    await clock.tick(10000); // 30 s since the pause began
    assert.equal(resyncs(), 2, 'the list is refreshed every 30 s while paused');
    await clock.tick(30000);
    assert.equal(resyncs(), 3);

    const back = nextStream(fake);
    await clock.tick(LIVE_TIMINGS.maxRetryMs);
    assert.equal(live.status, 'live');
    const refreshes = resyncs();
    back.push(created(4, 'missed while paused'));
    await settle();
    assert.equal(live.lastEventId, '4');
    await keepAlive(back, clock, 2 * LIVE_TIMINGS.pollMs);
    assert.equal(resyncs(), refreshes, 'no more polling once live');
  });

  it('on 503 with Retry-After pauses at once and waits at least that long', async () => {
    const { live, fake, clock, statuses, eventCalls } = setup({
      random: () => 0,
      answers: [response(503, { code: 'service_unavailable', error: 'Notifications are unavailable' }, { 'Retry-After': '12' })],
    });
    live.start();
    await settle();
    assert.equal(live.status, 'paused');
    assert.deepEqual(statuses, ['connecting', 'paused']);
    nextStream(fake);
    await clock.tick(11999);
    assert.equal(eventCalls().length, 1);
    await clock.tick(1);
    assert.equal(eventCalls().length, 2);
    assert.equal(live.status, 'live');
  });

  it('stays off, without retrying, when the server has no live updates (404)', async () => {
    const { live, fake, clock, statuses, eventCalls, resyncs } = setup({
      answers: [problem(404, 'not_found', 'No route for GET /events')],
    });
    live.start();
    await settle();
    assert.equal(live.status, 'off');
    await clock.tick(60 * 60 * 1000);
    assert.equal(eventCalls().length, 1);
    assert.equal(resyncs(), 0, 'no polling either: the list works as it always did');
    assert.deepEqual(statuses, ['connecting', 'off']);
    void fake;
  });
});

describe('live updates: the session', () => {
  it('on event: session_ended refreshes the token once and reconnects at once with Last-Event-ID', async () => {
    const { live, fake, locks, eventCalls, session } = setup();
    const first = nextStream(fake);
    live.start();
    await settle();
    fake.more(response(200, AUTH('token-2')));
    const second = nextStream(fake);
    first.push(created(5, 'a') + 'event: session_ended\n\n');
    await settle();
    assert.deepEqual(fake.calls.map((c) => `${c.method} ${c.url}`), ['GET /api/events', 'POST /api/auth/refresh', 'GET /api/events']);
    assert.deepEqual(locks, ['todo.auth.refresh'], 'the refresh runs under the cross-tab lock');
    assert.equal(session.token, 'token-2');
    assert.equal(eventCalls()[1].headers.Authorization, 'Bearer token-2');
    assert.equal(eventCalls()[1].headers['Last-Event-ID'], '5');
    assert.equal(live.status, 'live');
    second.push(created(6, 'b'));
    await settle();
    assert.equal(live.lastEventId, '6');
  });

  it('does not refresh again when another call already renewed the token', async () => {
    const { live, fake, session } = setup();
    const first = nextStream(fake);
    live.start();
    await settle();
    session.save(AUTH('token-from-elsewhere'));
    nextStream(fake);
    first.push('event: session_ended\n\n');
    await settle();
    assert.deepEqual(fake.calls.map((c) => c.url), ['/api/events', '/api/events']);
    assert.equal(fake.calls[1].headers.Authorization, 'Bearer token-from-elsewhere');
  });

  it('ends the session (the sign-in form) when the refresh is refused, and stops', async () => {
    const { live, fake, clock, ended, session } = setup();
    const first = nextStream(fake);
    live.start();
    await settle();
    fake.more(problem(401, 'invalid_token', 'The refresh token was revoked'));
    first.push('event: session_ended\n\n');
    await settle();
    assert.equal(ended.length, 1);
    assert.equal(ended[0].code, SESSION_ENDED);
    assert.equal(session.signedIn, false);
    assert.equal(live.status, 'off');
    await clock.tick(10 * 60 * 1000);
    assert.equal(fake.calls.length, 2, 'nothing more is requested');
  });

  it('a stream that keeps ending before anything arrives is not reopened in a tight loop', async () => {
    const { live, fake, clock, eventCalls } = setup({ random: () => 0 });
    const first = nextStream(fake);
    live.start();
    await settle();
    fake.more(response(200, AUTH('token-2')));
    const second = nextStream(fake);
    first.push('event: session_ended\n\n');
    await settle();
    assert.equal(eventCalls().length, 2, 'the first renewal reconnects at once');
    fake.more(response(200, AUTH('token-3')));
    nextStream(fake);
    second.push('event: session_ended\n\n');
    await settle();
    assert.equal(eventCalls().length, 2, 'the second in a row waits');
    await clock.tick(LIVE_TIMINGS.firstRetryMs);
    assert.equal(eventCalls().length, 3);
  });

  it('a retry with an expired token refreshes through the API client and carries on', async () => {
    const { live, fake, eventCalls } = setup({
      answers: [problem(401, 'token_expired', 'expired'), response(200, AUTH('token-2'))],
    });
    nextStream(fake);
    live.start();
    await settle();
    assert.equal(live.status, 'live');
    assert.equal(eventCalls()[1].headers.Authorization, 'Bearer token-2');
  });

  it('stop() closes the stream, stops polling and forgets where it was', async () => {
    const { live, fake, clock, resyncs } = setup();
    const stream = nextStream(fake);
    live.start();
    await settle();
    stream.push(created(1, 'a'));
    await settle();
    live.stop();
    await settle();
    assert.equal(stream.aborted, true);
    assert.equal(live.status, 'off');
    assert.equal(live.lastEventId, '');
    const calls = fake.calls.length;
    await clock.tick(10 * 60 * 1000);
    assert.equal(fake.calls.length, calls);
    assert.equal(resyncs(), 1);
    assert.deepEqual(clock.pending(), [], 'no timer is left behind');
  });

  it('stop() while paused ends the 30 s refreshes and the reconnect', async () => {
    const { live, clock, resyncs, eventCalls } = setup({
      answers: [response(503, { code: 'service_unavailable', error: 'Notifications are unavailable' }, { 'Retry-After': '60' })],
    });
    live.start();
    await settle();
    assert.equal(live.status, 'paused');
    await clock.tick(LIVE_TIMINGS.pollMs);
    const refreshed = resyncs();
    assert.ok(refreshed >= 1, 'the list is refreshed while paused');
    live.stop();
    await settle();
    assert.equal(live.status, 'off');
    await clock.tick(10 * LIVE_TIMINGS.pollMs);
    assert.equal(resyncs(), refreshed, 'no refresh after stop()');
    assert.equal(eventCalls().length, 1, 'no reconnect after stop()');
    assert.deepEqual(clock.pending(), [], 'no timer is left behind');
  });
});

describe('live updates: a hidden page', () => {
  it('closes the stream after 5 minutes hidden and reopens it, fetching the list, when shown', async () => {
    const { live, fake, clock, resyncs, eventCalls } = setup();
    const stream = nextStream(fake);
    live.start();
    await settle();
    stream.push(created(1, 'a'));
    live.pageHidden();
    await keepAlive(stream, clock, 60000);
    live.pageVisible(); // back within the five minutes: nothing happens
    live.pageHidden();
    await keepAlive(stream, clock, LIVE_TIMINGS.hiddenMs - 1);
    assert.equal(stream.aborted, false);
    await clock.tick(1);
    assert.equal(stream.aborted, true);
    assert.equal(live.status, 'off');
    await clock.tick(60 * 60 * 1000);
    assert.equal(eventCalls().length, 1, 'nothing while hidden');

    nextStream(fake);
    live.pageVisible();
    await settle();
    assert.equal(eventCalls().length, 2);
    assert.equal(eventCalls()[1].headers['Last-Event-ID'], undefined, 'a fresh stream after a long absence');
    assert.equal(resyncs(), 2, 'and the list is fetched again');
    assert.equal(live.status, 'live');
  });

  it('an event the page cannot apply asks for the list instead, and the stream goes on', async () => {
    const session = createSession(memoryStorage());
    session.save(AUTH('t'));
    const fake = fakeFetch([]);
    const api = createApi({ fetch: fake.fetch, session, locks: null });
    const clock = fakeClock();
    let resyncs = 0;
    const seen = [];
    const live = createLiveUpdates({
      api,
      timers: clock,
      onEvent: (e) => {
        if (e.id === '2') throw new Error('cannot apply');
        seen.push(e.id);
      },
      onResync: () => {
        resyncs += 1;
      },
    });
    const stream = streamResponse();
    fake.more(stream.answer);
    live.start();
    await settle();
    stream.push(created(1, 'a') + created(2, 'b') + 'id: 3\nevent: task.updated\ndata: {not json\n\n' + created(4, 'd'));
    await settle();
    assert.deepEqual(seen, ['1', '3', '4']);
    assert.equal(resyncs, 2);
    assert.equal(live.lastEventId, '4');
    live.stop();
  });
});

describe('live updates: signed out meanwhile', () => {
  it('a stream that ends after this tab signed out does not sign it in again', async () => {
    const { live, fake, session, ended } = setup();
    const first = nextStream(fake);
    live.start();
    await settle();
    session.clear(); // e.g. the session ended through another call a moment ago
    first.push('event: session_ended\n\n');
    await settle();
    assert.deepEqual(fake.calls.map((c) => c.url), ['/api/events'], 'no refresh');
    assert.equal(session.signedIn, false);
    assert.equal(live.status, 'off');
    assert.equal(ended.length, 0, 'nothing more to tell the app');
  });
});

describe('live updates: the bell count on a resync', () => {
  it('is fetched on each poll while paused and on a stream after the first, not on the first or an event', () => {
    assert.equal(resyncsCount('poll', 0), true, 'paused from the start (a proxy that breaks the stream)');
    assert.equal(resyncsCount('poll', 3), true);
    assert.equal(resyncsCount('stream', 0), false, 'the sign-in fetched it');
    assert.equal(resyncsCount('stream', 1), true, 'notifications may have come while no stream was open');
    assert.equal(resyncsCount('event', 1), false, 'the stream is open and brings them');
  });

  it('is fetched on any resync while it is not known (the sign-in fetch failed: the edge was down)', () => {
    assert.equal(resyncsCount('stream', 0, false), true, 'the badge used to stay empty for good');
    assert.equal(resyncsCount('event', 2, false), true);
    assert.equal(resyncsCount('stream', 0, true), false);
  });
});
