import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError } from '../src/js/api.js';
import { compareNotificationIds, createFeed, notificationSentence, REPLAY_SETTLE_MS, timeLabel } from '../src/js/feed.js';
import { fakeClock } from './fake-fetch.js';

const n = (id, type, extra = {}) => ({
  id: String(id), type, task_id: 7, title: 'Buy milk', completed: false, changed: [], count: null, at: '2026-11-25T10:00:00Z', read: false, ...extra,
});

/** An API whose answers the test releases by hand. */
function deferredApi() {
  const pending = [];
  const call = (name) => (...args) => new Promise((resolve, reject) => pending.push({ name, args, resolve, reject }));
  return {
    api: { unreadCount: call('unreadCount'), listNotifications: call('listNotifications'), markRead: call('markRead') },
    take: (name) => {
      const index = pending.findIndex((p) => p.name === name);
      assert.ok(index >= 0, `a ${name} call`);
      return pending.splice(index, 1)[0];
    },
    pending,
  };
}
const tick = () => new Promise((r) => setImmediate(r));

describe('notification sentences', () => {
  it('says what happened to which task, in plain words', () => {
    assert.equal(notificationSentence(n(1, 'task.created')), '“Buy milk” was added');
    assert.equal(notificationSentence(n(1, 'task.updated', { changed: ['completed'], completed: true })), '“Buy milk” was completed');
    assert.equal(notificationSentence(n(1, 'task.updated', { changed: ['completed'], completed: false })), '“Buy milk” was reopened');
    assert.equal(notificationSentence(n(1, 'task.updated', { changed: ['title'], title: 'Buy oat milk' })), 'A task was renamed to “Buy oat milk”');
    assert.equal(notificationSentence(n(1, 'task.updated', { changed: ['title', 'completed'], completed: true })), '“Buy milk” was renamed and completed');
    assert.equal(notificationSentence(n(1, 'task.deleted')), '“Buy milk” was deleted');
    assert.equal(notificationSentence(n(1, 'tasks.deleted', { task_id: null, title: null, completed: null, count: 3 })), '3 tasks were deleted');
    assert.equal(notificationSentence(n(1, 'tasks.deleted', { count: 1 })), '1 task was deleted');
    assert.equal(notificationSentence(n(1, 'something.new')), 'Your tasks changed');
  });

  it('shortens a very long title, counting emoji as one character', () => {
    const sentence = notificationSentence(n(1, 'task.created', { title: '😀'.repeat(255) }));
    assert.equal([...sentence].length, '“”'.length + 80 + ' was added'.length);
    assert.ok(sentence.includes('…'));
  });

  it('says when, relative to now', () => {
    const at = '2026-11-25T10:00:00Z';
    const base = Date.parse(at);
    assert.equal(timeLabel(at, base + 30_000), 'just now');
    assert.equal(timeLabel(at, base + 5 * 60_000), '5 minutes ago');
    assert.equal(timeLabel(at, base + 3 * 3600_000), '3 hours ago');
    assert.equal(timeLabel(at, base + 30 * 3600_000), 'yesterday');
    assert.equal(timeLabel(at, base + 10 * 86400_000), 'Nov 25, 2026');
    assert.equal(timeLabel('not a time', base), '');
  });

  it('orders ids made of digits as numbers, others as strings', () => {
    assert.ok(compareNotificationIds('9', '10') < 0);
    assert.ok(compareNotificationIds('0010', '9') > 0);
    assert.ok(compareNotificationIds('18446744073709551615', '18446744073709551614') > 0);
    assert.ok(compareNotificationIds('b', 'a') > 0);
    assert.equal(compareNotificationIds('7', '7'), 0);
  });
});

describe('notification feed', () => {
  it('counts unread notifications: fetched first, then one more for each new one from the stream', async () => {
    const d = deferredApi();
    const feed = createFeed({ api: d.api });
    const loading = feed.loadCount();
    d.take('unreadCount').resolve({ unread: 2 });
    await loading;
    assert.equal(feed.state.unread, 2);
    assert.equal(feed.state.supported, true);
    feed.receive(n(5, 'task.created'));
    feed.receive(n(5, 'task.created')); // the same one again: counted once
    feed.receive(n(6, 'task.created', { read: true }));
    assert.equal(feed.state.unread, 3);
    assert.deepEqual(feed.state.items, [], 'the feed itself is fetched when the menu opens');
  });

  it('does not count again what a resumed stream replays after a count fetched in the gap, and fetches it anew', async () => {
    const d = deferredApi();
    const clock = fakeClock();
    const feed = createFeed({ api: d.api, timers: clock });
    // the count fetched while the stream was down already holds the 2 notifications of the outage
    const loading = feed.loadCount();
    d.take('unreadCount').resolve({ unread: 3 });
    await loading;
    feed.recountAfterReplay();
    feed.receive(n(7, 'task.created')); // the resumed stream's replay
    feed.receive(n(8, 'task.updated', { changed: ['completed'], completed: true }));
    assert.equal(feed.state.unread, 3, 'they were not counted twice (it used to show 5 until the menu opened)');
    assert.equal(d.pending.length, 0, 'not fetched while the replay comes in');
    await clock.tick(REPLAY_SETTLE_MS);
    d.take('unreadCount').resolve({ unread: 4 }); // one more came since
    await tick();
    assert.equal(feed.state.unread, 4);
    feed.receive(n(9, 'task.created'));
    assert.equal(feed.state.unread, 5, 'a new one is counted again');
  });

  it('leaves no recount pending after a sign-out', async () => {
    const d = deferredApi();
    const clock = fakeClock();
    const feed = createFeed({ api: d.api, timers: clock });
    feed.recountAfterReplay();
    feed.reset();
    await clock.tick(REPLAY_SETTLE_MS);
    assert.equal(d.pending.length, 0);
    assert.deepEqual(clock.pending(), []);
  });

  it('loads the recent feed newest first, keeping what the stream brought meanwhile', async () => {
    const d = deferredApi();
    const feed = createFeed({ api: d.api });
    const opening = feed.loadRecent();
    assert.equal(feed.state.status, 'loading');
    const list = d.take('listNotifications');
    assert.deepEqual(list.args, [{ limit: 20 }]);
    d.take('unreadCount').resolve({ unread: 2 });
    feed.receive(n(12, 'task.created'));
    list.resolve([n(11, 'task.updated', { changed: ['completed'], completed: true }), n(10, 'task.created', { read: true }), n(9, 'task.created')]);
    await opening;
    await tick();
    assert.equal(feed.state.status, 'ready');
    assert.deepEqual(feed.state.items.map((x) => x.id), ['12', '11', '10', '9']);
    feed.receive(n(13, 'task.deleted'));
    assert.deepEqual(feed.state.items.map((x) => x.id), ['13', '12', '11', '10', '9'], 'a new one goes on top of an open feed');
  });

  it('marks all read up to the newest shown; one that arrives meanwhile stays unread', async () => {
    const d = deferredApi();
    const feed = createFeed({ api: d.api });
    const opening = feed.loadRecent();
    d.take('unreadCount').resolve({ unread: 30 });
    d.take('listNotifications').resolve([n(11, 'task.created'), n(10, 'task.created')]);
    await opening;
    const marking = feed.markAllRead();
    const call = d.take('markRead');
    assert.deepEqual(call.args, ['11']);
    assert.equal(feed.state.marking, true);
    feed.receive(n(12, 'task.created'));
    call.resolve(null);
    assert.deepEqual(await marking, { ok: true });
    assert.equal(feed.state.unread, 1, 'the older unread ones, shown or not, are all read now');
    assert.deepEqual(feed.state.items.map((x) => [x.id, x.read]), [['12', false], ['11', true], ['10', true]]);
  });

  it('says so when the notifications are unavailable, and keeps the count it had', async () => {
    const d = deferredApi();
    const feed = createFeed({ api: d.api });
    const counting = feed.loadCount();
    d.take('unreadCount').resolve({ unread: 4 });
    await counting;
    const opening = feed.loadRecent();
    d.take('unreadCount').reject(new ApiError('down', { status: 503 }));
    d.take('listNotifications').reject(new ApiError('down', { status: 503 }));
    await opening;
    await tick();
    assert.equal(feed.state.status, 'error');
    assert.match(feed.state.error, /unavailable right now/);
    assert.equal(feed.state.unread, 4);
    assert.equal(feed.state.supported, true);
  });

  it('hides itself when the server has no notifications (404)', async () => {
    const d = deferredApi();
    const feed = createFeed({ api: d.api });
    const counting = feed.loadCount();
    d.take('unreadCount').reject(new ApiError('No route', { status: 404, code: 'not_found' }));
    await counting;
    assert.equal(feed.state.supported, false);
  });

  it('drops answers that come after a sign-out', async () => {
    const d = deferredApi();
    const feed = createFeed({ api: d.api });
    const counting = feed.loadCount();
    feed.reset();
    d.take('unreadCount').resolve({ unread: 9 });
    await counting;
    assert.equal(feed.state.unread, null);
    assert.equal(feed.state.supported, null);

    // the previous user's list, answered after the sign-out, is not shown to the next one
    const opening = feed.loadRecent();
    feed.reset();
    d.take('unreadCount').resolve({ unread: 2 });
    d.take('listNotifications').resolve([n(5, 'task.created'), n(4, 'task.created')]);
    await opening;
    await tick();
    assert.deepEqual(feed.state.items, []);
    assert.equal(feed.state.status, 'idle');
    assert.equal(feed.state.unread, null);
  });

  it('a "mark all read" answered after a sign-out changes nothing of the next session', async () => {
    const d = deferredApi();
    const feed = createFeed({ api: d.api });
    const opening = feed.loadRecent();
    d.take('unreadCount').resolve({ unread: 1 });
    d.take('listNotifications').resolve([n(5, 'task.created')]);
    await opening;
    const marking = feed.markAllRead();
    feed.reset();
    feed.receive(n(6, 'task.created'));
    d.take('markRead').resolve(undefined);
    await marking;
    assert.equal(feed.state.marking, false);
    assert.deepEqual(feed.state.items, []);
    assert.equal(feed.state.unread, null);
  });
});
