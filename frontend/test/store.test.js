import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError, SESSION_ENDED, toApiError } from '../src/js/api.js';
import { RECHECK_MS } from '../src/js/notice.js';
import { createStore } from '../src/js/store.js';
import { changeFromEvent } from '../src/js/tasks.js';

const raw = (id, title, completed = false) => ({ id, ID: id, title, completed, created_at: '2026-11-25T10:00:00Z', updated_at: '2026-11-25T10:00:00Z' });

/** An API whose answers the test releases by hand, to look at the optimistic state in between. */
function deferredApi() {
  const pending = [];
  const call = (name) => (...args) =>
    new Promise((resolve, reject) => pending.push({ name, args, resolve, reject }));
  return {
    api: {
      listTasks: call('listTasks'),
      createTask: call('createTask'),
      updateTask: call('updateTask'),
      deleteTask: call('deleteTask'),
      deleteTasks: call('deleteTasks'),
    },
    next: () => pending.shift(),
    pending,
  };
}

async function loaded(tasks) {
  const d = deferredApi();
  const notes = [];
  const store = createStore({ api: d.api, notify: (m, kind) => notes.push({ m, kind }) });
  const loading = store.load();
  assert.equal(store.state.status, 'loading');
  d.next().resolve(tasks);
  await loading;
  return { store, d, notes };
}

const titles = (store) => store.state.tasks.map((t) => t.title);
const settle = () => new Promise((r) => setImmediate(r));

/** setTimeout and clearTimeout on a clock the test moves by hand (`advance`). */
function fakeTimers() {
  const clock = { t: 0 };
  const pending = new Map();
  let ids = 0;
  return {
    clock,
    pending,
    setTimeout: (fn, ms) => { pending.set(++ids, { fn, at: clock.t + ms }); return ids; },
    clearTimeout: (id) => pending.delete(id),
    /** Runs the timers due within `ms`; returns when each ran. */
    advance(ms) {
      const until = clock.t + ms;
      const ran = [];
      for (;;) {
        const [id, next] = [...pending].sort((a, b) => a[1].at - b[1].at)[0] || [];
        if (!next || next.at > until) break;
        pending.delete(id);
        clock.t = next.at;
        ran.push(clock.t);
        next.fn();
      }
      clock.t = until;
      return ran;
    },
    /** Runs the earliest timer; returns when it ran. */
    runNext() {
      const [, next] = [...pending].sort((a, b) => a[1].at - b[1].at)[0] || [];
      return next ? this.advance(next.at - clock.t)[0] : null;
    },
  };
}
const refused = (message) => new ApiError(message, { status: 400, code: 'validation_failed' });

describe('store', () => {
  it('tells when the task service answers, and hands each error it shows on with its cause', async () => {
    const d = deferredApi();
    const notes = [];
    let answers = 0;
    let clock = 0;
    const asked = [];
    const store = createStore({
      api: d.api,
      notify: (m, kind, error) => notes.push({ m, kind, error }),
      answered: (askedAt) => { answers += 1; asked.push(askedAt); },
      now: () => (clock += 1),
    });
    const loading = store.load();
    d.next().resolve([raw(1, 'a')]);
    await loading;
    assert.equal(answers, 1, 'the list');
    const down = new ApiError('The task service is unavailable.', { status: 503, code: 'service_unavailable' });
    const toggling = store.toggle('1');
    d.next().reject(down);
    await toggling;
    assert.equal(answers, 1, 'a failed call is no answer');
    assert.deepEqual(notes, [{ m: 'The change could not be saved. The task service is unavailable.', kind: 'error', error: down }]);
    const again = store.toggle('1');
    d.next().resolve(raw(1, 'a', true));
    await again;
    assert.equal(answers, 2, 'the change');
    const adding = store.add('b');
    d.next().resolve(raw(2, 'b'));
    await adding;
    const removing = store.remove('2');
    d.next().resolve(null);
    await removing;
    assert.equal(answers, 4, 'the create and the delete');
    assert.deepEqual(asked, [1, 3, 4, 5], 'each answer with the time its request was made (the failed one was 2)');
  });

  it('says what was not done when a write gets a 503 (the server rolled it back), then when to try again', async () => {
    const { store, d, notes } = await loaded([raw(1, 'a')]);
    const adding = store.add('b');
    d.next().reject(toApiError(503, { error: 'The database did not answer in time.' }, { get: () => '5' }));
    const result = await adding;
    assert.equal(result.ok, false);
    assert.deepEqual(titles(store), ['a']);
    assert.deepEqual(notes.map((n) => n.m), [
      'The task could not be added. The service is unavailable right now. Please try again in 5 seconds.',
    ]);
    const renaming = store.rename('1', 'c');
    d.next().reject(refused('Title must be at most 255 characters'));
    await renaming;
    assert.equal(notes[1].m, 'Title must be at most 255 characters', "a 4xx keeps the server's sentence alone");
    const cut = store.add('d');
    d.next().reject(toApiError(502, { error: 'The upstream service is unavailable.' }, { get: () => null }));
    await cut;
    assert.equal(notes[2].m, 'The service did not answer: “d” may have been added. Your list will show it if so.',
      'a 502 without Retry-After may have been applied: it does not say "could not be added", nor "try again"');
  });

  it('loads and normalises the list (id from id or ID, as strings)', async () => {
    const { store } = await loaded([raw(1, 'a'), { ID: 2, title: 'b', completed: true }]);
    assert.equal(store.state.status, 'ready');
    assert.deepEqual(store.state.tasks.map((t) => [t.id, t.title, t.completed]), [['1', 'a', false], ['2', 'b', true]]);
  });

  it('a failed load shows its error in the list state', async () => {
    const d = deferredApi();
    const store = createStore({ api: d.api, timers: fakeTimers() });
    const p = store.load();
    d.next().reject(new ApiError('The service is unavailable right now.', { status: 503 }));
    await p;
    assert.equal(store.state.status, 'error');
    assert.equal(store.state.loadError, 'The service is unavailable right now.');
  });

  it('adds optimistically, then swaps in the server task', async () => {
    const { store, d } = await loaded([]);
    const p = store.add('  Buy milk  ');
    assert.deepEqual(titles(store), ['Buy milk']);
    assert.equal(store.state.tasks[0].pending, true);
    const call = d.next();
    assert.deepEqual(call.args, ['Buy milk']);
    call.resolve(raw(9, 'Buy milk'));
    const result = await p;
    assert.equal(result.ok, true);
    assert.equal(store.state.tasks[0].id, '9');
    assert.equal(store.state.tasks[0].pending, false);
  });

  it('a refused add disappears again and the server sentence is shown', async () => {
    const { store, d, notes } = await loaded([raw(1, 'a')]);
    const p = store.add('x'.repeat(256));
    assert.equal(store.state.tasks.length, 2);
    d.next().reject(refused('title must be at most 255 characters'));
    const result = await p;
    assert.equal(result.ok, false);
    assert.deepEqual(titles(store), ['a']);
    assert.deepEqual(notes, [{ m: 'title must be at most 255 characters', kind: 'error' }]);
  });

  it('a blank title is not sent', async () => {
    const { store, d, notes } = await loaded([]);
    assert.equal((await store.add('   ')).ok, false);
    assert.equal(d.pending.length, 0);
    assert.equal(notes.length, 1);
  });

  it('toggles optimistically and rolls back when refused', async () => {
    const { store, d, notes } = await loaded([raw(1, 'a')]);
    const p = store.toggle('1');
    assert.equal(store.state.tasks[0].completed, true);
    const call = d.next();
    assert.deepEqual(call.args, ['1', { completed: true }]);
    call.reject(new ApiError('That item no longer exists.', { status: 404, code: 'not_found' }));
    await p;
    assert.equal(store.state.tasks[0].completed, false);
    assert.equal(notes[0].m, 'That item no longer exists.');
  });

  it('renames optimistically, keeps the server version on success, rolls back on refusal', async () => {
    const { store, d } = await loaded([raw(1, 'old')]);
    let p = store.rename('1', ' new ');
    assert.deepEqual(titles(store), ['new']);
    d.next().resolve(raw(1, 'new'));
    await p;
    assert.deepEqual(titles(store), ['new']);
    p = store.rename('1', 'y'.repeat(300));
    d.next().reject(refused('too long'));
    await p;
    assert.deepEqual(titles(store), ['new']);
  });

  it('a rename to the same title sends nothing; a blank one is refused locally', async () => {
    const { store, d, notes } = await loaded([raw(1, 'same')]);
    assert.equal((await store.rename('1', 'same ')).ok, true);
    assert.equal((await store.rename('1', '  ')).ok, false);
    assert.equal(d.pending.length, 0);
    assert.equal(notes.length, 1);
  });

  it('a rollback does not undo a later change of the same field', async () => {
    // three distinct values: a refused a → b must not put back 'a' over the later b → c
    const { store, d } = await loaded([raw(1, 'a')]);
    const first = store.rename('1', 'b');
    const firstCall = d.next();
    const second = store.rename('1', 'c');
    const secondCall = d.next();
    firstCall.reject(refused('no'));
    await first;
    assert.deepEqual(titles(store), ['c']);
    secondCall.resolve(raw(1, 'c'));
    await second;
    assert.deepEqual(titles(store), ['c']);
  });

  it('deletes optimistically and puts the task back in its place when refused', async () => {
    const { store, d, notes } = await loaded([raw(1, 'a'), raw(2, 'b'), raw(3, 'c')]);
    const p = store.remove('2');
    assert.deepEqual(titles(store), ['a', 'c']);
    d.next().reject(new ApiError('The service is unavailable right now.', { status: 503 }));
    await p;
    assert.deepEqual(titles(store), ['a', 'b', 'c']);
    assert.equal(notes.length, 1);
  });

  it('deleting a task the server no longer has counts as done', async () => {
    const { store, d, notes } = await loaded([raw(1, 'a')]);
    const p = store.remove('1');
    d.next().reject(new ApiError('Task not found', { status: 404, code: 'not_found' }));
    assert.equal((await p).ok, true);
    assert.deepEqual(titles(store), []);
    assert.equal(notes.length, 0);
  });

  it('clears completed tasks with one request and restores them if refused', async () => {
    const { store, d } = await loaded([raw(1, 'a', true), raw(2, 'b'), raw(3, 'c', true)]);
    let p = store.clearCompleted();
    assert.deepEqual(titles(store), ['b']);
    const call = d.next();
    assert.equal(call.name, 'deleteTasks');
    assert.deepEqual(call.args, [{ completed: true }]);
    call.reject(new ApiError('down', { status: 503 }));
    await p;
    assert.deepEqual(titles(store), ['a', 'b', 'c']);
    p = store.clearCompleted();
    d.next().resolve(null);
    assert.deepEqual(await p, { ok: true, count: 2 });
    assert.deepEqual(titles(store), ['b']);
  });

  it('deletes all and rolls back when refused', async () => {
    const { store, d } = await loaded([raw(1, 'a'), raw(2, 'b', true)]);
    const p = store.removeAll();
    assert.deepEqual(titles(store), []);
    const call = d.next();
    assert.deepEqual(call.args, []);
    call.reject(new ApiError('down', { status: 503 }));
    await p;
    assert.deepEqual(titles(store), ['a', 'b']);
  });

  it('an ended session is not reported as an error (the app returns to sign in)', async () => {
    const { store, d, notes } = await loaded([raw(1, 'a')]);
    const p = store.toggle('1');
    d.next().reject(new ApiError('Your session has ended.', { status: 401, code: SESSION_ENDED }));
    await p;
    assert.equal(notes.length, 0);
  });

  it('notifies subscribers and ignores changes to pending tasks', async () => {
    const { store, d } = await loaded([]);
    let renders = 0;
    store.subscribe(() => { renders += 1; });
    store.add('a');
    const tempId = store.state.tasks[0].id;
    assert.equal((await store.toggle(tempId)).ok, false);
    assert.equal(d.pending.length, 1);
    store.setFilter('active');
    assert.equal(store.state.filter, 'active');
    assert.ok(renders >= 2);
  });
});

describe('store: a list that failed to load', () => {
  async function failed(timers = fakeTimers()) {
    const d = deferredApi();
    const notes = [];
    const store = createStore({ api: d.api, notify: (m, kind) => notes.push({ m, kind }), timers });
    const p = store.load();
    d.next().reject(new ApiError('The service is unavailable right now.', { status: 503 }));
    await p;
    assert.equal(store.state.status, 'error');
    return { store, d, notes };
  }

  it('asks for it again by itself, less and less often, keeping its error meanwhile, until it loads', async () => {
    const timers = fakeTimers();
    const { store, d, notes } = await failed(timers);
    assert.deepEqual(timers.advance(RECHECK_MS.first - 1), []);
    assert.equal(d.pending.length, 0);
    const asked = [];
    for (let i = 0; i < 6; i += 1) {
      asked.push(timers.runNext());
      const call = d.next();
      assert.equal(call.name, 'listTasks');
      assert.equal(store.state.status, 'error', 'quietly: the error and its "Try again" stay while it asks');
      call.reject(new ApiError('The service is unavailable right now.', { status: 503 }));
      await settle();
      assert.equal(store.state.loadError, 'The service is unavailable right now.');
    }
    const gaps = asked.slice(1).map((t, i) => t - asked[i]);
    assert.equal(asked[0], RECHECK_MS.first);
    assert.deepEqual(gaps, [10000, 20000, 30000, 30000, 30000], 'doubling, up to 30 s');
    assert.deepEqual(notes, [], 'nothing said when it fails again');
    timers.runNext();
    d.next().resolve([raw(1, 'a')]);
    await settle();
    assert.equal(store.state.status, 'ready');
    assert.deepEqual(titles(store), ['a']);
    assert.equal(timers.pending.size, 0, 'loaded: nothing more is asked');
  });

  it('asks for it again at a live event (the task service answers again), and stops when the user signs out', async () => {
    const timers = fakeTimers();
    const { store, d } = await failed(timers);
    store.applyEvent(changeFromEvent('task.created', { task: raw(2, 'b') }));
    const call = d.next();
    assert.equal(call && call.name, 'listTasks');
    call.resolve([raw(1, 'a'), raw(2, 'b')]);
    await settle();
    assert.equal(store.state.status, 'ready');
    assert.deepEqual(titles(store), ['a', 'b']);
    assert.equal(timers.pending.size, 0);

    const again = await failed(timers);
    assert.equal(timers.pending.size, 1);
    again.store.reset();
    assert.equal(timers.pending.size, 0, 'signed out: nothing is asked');
    timers.advance(RECHECK_MS.max * 4);
    assert.equal(again.d.pending.length, 0);
  });

  it('refuses to delete all or clear completed: the server would delete tasks this page never showed', async () => {
    const { store, d } = await failed();
    assert.deepEqual(await store.removeAll(), { ok: false, count: 0 });
    assert.deepEqual(await store.clearCompleted(), { ok: false, count: 0 });
    assert.equal(d.pending.length, 0, 'no DELETE was sent');
  });

  it('loads the list again once an add succeeds, so the new task shows with the others', async () => {
    const { store, d } = await failed();
    const adding = store.add('quick note');
    d.next().resolve(raw(4, 'quick note'));
    assert.equal((await adding).ok, true);
    const reload = d.next();
    assert.equal(reload && reload.name, 'listTasks');
    assert.equal(store.state.status, 'loading');
    reload.resolve([raw(1, 'a'), raw(2, 'b'), raw(3, 'c'), raw(4, 'quick note')]);
    await new Promise((r) => setImmediate(r));
    assert.equal(store.state.status, 'ready');
    assert.deepEqual(titles(store), ['a', 'b', 'c', 'quick note']);
  });

  it('keeps the load error (and its "Try again") when that second load fails too', async () => {
    const { store, d } = await failed();
    const adding = store.add('quick note');
    d.next().resolve(raw(4, 'quick note'));
    await adding;
    d.next().reject(new ApiError("Can't reach the server.", { status: 0 }));
    await new Promise((r) => setImmediate(r));
    assert.equal(store.state.status, 'error');
    assert.equal(store.state.loadError, "Can't reach the server.");
  });
});

describe('store: adding while the list is still loading', () => {
  it('keeps a task typed before the list arrived', async () => {
    const d = deferredApi();
    const store = createStore({ api: d.api });
    const loading = store.load();
    const load = d.next();
    const adding = store.add('early bird');
    const create = d.next();
    load.resolve([raw(1, 'old')]);
    await loading;
    assert.deepEqual(titles(store), ['old', 'early bird']);
    create.resolve(raw(2, 'early bird'));
    await adding;
    assert.deepEqual(store.state.tasks.map((t) => [t.id, t.pending]), [['1', false], ['2', false]]);
  });

  it('does not duplicate a task the list already brought', async () => {
    const d = deferredApi();
    const store = createStore({ api: d.api });
    const loading = store.load();
    const load = d.next();
    const adding = store.add('fast');
    const create = d.next();
    load.resolve([raw(1, 'fast')]);
    await loading;
    create.resolve(raw(1, 'fast'));
    await adding;
    assert.deepEqual(store.state.tasks.map((t) => t.id), ['1']);
  });
});

describe('store: a task saved before a slow list arrives', () => {
  it('keeps it even though the list was read before it existed', async () => {
    const d = deferredApi();
    const store = createStore({ api: d.api });
    const loading = store.load();
    const load = d.next();
    const adding = store.add('quick');
    d.next().resolve(raw(5, 'quick'));
    await adding;
    load.resolve([raw(1, 'old')]);
    await loading;
    assert.deepEqual(store.state.tasks.map((t) => [t.id, t.title]), [['1', 'old'], ['5', 'quick']]);
  });
});

// --- live events ----------------------------------------------------------------------------------------------------

/** A live change as changeFromEvent makes it from the server's payload. */
function live(type, id, title, completed = false, changed = []) {
  const task = type === 'task.deleted' ? null : raw(id, title, completed);
  return changeFromEvent(type, {
    notification: { id: 'n', type, task_id: id, title, completed, changed, count: null, read: false },
    task,
  });
}
const bulk = (count) => changeFromEvent('tasks.deleted', { notification: { id: 'n', type: 'tasks.deleted', task_id: null, count }, task: null });
const rows = (store) => store.state.tasks.map((t) => `${t.id}:${t.title}${t.completed ? ':done' : ''}${t.pending ? ':pending' : ''}`);

describe('store: live events from the other tabs and devices', () => {
  it('applies a create, a rename, a completion, a reopening and a delete as they arrive', async () => {
    const { store } = await loaded([raw(1, 'a'), raw(5, 'e')]);
    store.applyEvent(live('task.created', 3, 'c'));
    assert.deepEqual(rows(store), ['1:a', '3:c', '5:e'], 'in the order a fresh list would show');
    store.applyEvent(live('task.updated', 3, 'c, renamed', false, ['title']));
    store.applyEvent(live('task.updated', 1, 'a', true, ['completed']));
    assert.deepEqual(rows(store), ['1:a:done', '3:c, renamed', '5:e']);
    store.applyEvent(live('task.updated', 1, 'a', false, ['completed']));
    store.applyEvent(live('task.deleted', 5, 'e'));
    assert.deepEqual(rows(store), ['1:a', '3:c, renamed']);
  });

  it('an event for a task already shown in that state changes nothing (no re-render)', async () => {
    const { store } = await loaded([raw(1, 'a', true)]);
    let renders = 0;
    store.subscribe(() => { renders += 1; });
    store.applyEvent(live('task.created', 1, 'a', true));
    store.applyEvent(live('task.updated', 1, 'a', true, ['completed']));
    store.applyEvent(live('task.deleted', 2, 'never here'));
    assert.equal(renders, 0);
    assert.deepEqual(rows(store), ['1:a:done']);
  });

  it('applies only the fields a task.updated names', async () => {
    const { store } = await loaded([raw(1, 'a')]);
    // the task in the event is the server's; the notification says only the title changed
    store.applyEvent(changeFromEvent('task.updated', {
      notification: { id: 'n', type: 'task.updated', task_id: 1, title: 'b', completed: true, changed: ['title'] },
      task: raw(1, 'b', true),
    }));
    assert.deepEqual(rows(store), ['1:b']);
  });

  it("does not apply this tab's own toggle twice, whether its event comes before or after the answer", async () => {
    const { store, d } = await loaded([raw(1, 'a'), raw(2, 'b')]);
    let renders = 0;
    store.subscribe(() => { renders += 1; });
    const first = store.toggle('1');
    assert.equal(renders, 1);
    store.applyEvent(live('task.updated', 1, 'a', true, ['completed'])); // before the 200
    assert.equal(renders, 1, 'the optimistic value already shows it');
    d.next().resolve(raw(1, 'a', true));
    await first;
    const second = store.toggle('2');
    d.next().resolve(raw(2, 'b', true));
    await second;
    const before = renders;
    store.applyEvent(live('task.updated', 2, 'b', true, ['completed'])); // after the 200
    assert.equal(renders, before);
    assert.deepEqual(rows(store), ['1:a:done', '2:b:done']);
    assert.equal(d.pending.length, 0, 'no list fetch: nothing raced');
  });

  it('keeps its own value while saving, and asks the server when another device wrote the same field meanwhile', async () => {
    const { store, d } = await loaded([raw(1, 'a')]);
    const p = store.toggle('1'); // → done here
    store.applyEvent(live('task.updated', 1, 'a', false, ['completed'])); // another device reopened it meanwhile
    assert.deepEqual(rows(store), ['1:a:done'], 'no flicker while saving');
    d.next().resolve(raw(1, 'a', true));
    await p;
    const list = d.next();
    assert.equal(list && list.name, 'listTasks', 'the list is fetched to learn who won');
    assert.equal(store.state.status, 'ready', 'quietly: the list stays on screen');
    list.resolve([raw(1, 'a', false)]);
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(rows(store), ['1:a']);
  });

  it('keeps a rename from elsewhere that arrived while its own toggle was being saved', async () => {
    const { store, d } = await loaded([raw(1, 'old')]);
    const p = store.toggle('1');
    store.applyEvent(live('task.updated', 1, 'new', false, ['title']));
    assert.deepEqual(rows(store), ['1:new:done']);
    d.next().resolve(raw(1, 'old', true)); // the answer was written before the rename
    await p;
    assert.deepEqual(rows(store), ['1:new:done']);
  });

  it('a refused change falls back to the value an event brought, not to the stale one', async () => {
    const { store, d } = await loaded([raw(1, 'old')]);
    const p = store.rename('1', 'mine');
    store.applyEvent(live('task.updated', 1, 'theirs', false, ['title']));
    d.next().reject(refused('no'));
    await p;
    assert.deepEqual(rows(store), ['1:theirs']);
  });

  it("recognises its own new task by id: an event before the 201 waits, one after it is a no-op", async () => {
    const { store, d } = await loaded([raw(1, 'a')]);
    const adding = store.add('mine');
    const create = d.next();
    store.applyEvent(live('task.created', 2, 'mine')); // the event overtakes the 201
    assert.deepEqual(rows(store), ['1:a', 'tmp-1:mine:pending'], 'no duplicate');
    create.resolve(raw(2, 'mine'));
    await adding;
    assert.deepEqual(rows(store), ['1:a', '2:mine']);
    store.applyEvent(live('task.created', 2, 'mine'));
    assert.deepEqual(rows(store), ['1:a', '2:mine']);
  });

  it("shows another tab's new task once its own create is answered, in order, also when that create fails", async () => {
    const { store, d } = await loaded([raw(1, 'a')]);
    const adding = store.add('mine');
    const create = d.next();
    store.applyEvent(live('task.created', 2, 'theirs'));
    store.applyEvent(live('task.updated', 2, 'theirs, renamed', false, ['title']));
    assert.deepEqual(rows(store), ['1:a', 'tmp-1:mine:pending']);
    create.resolve(raw(3, 'mine'));
    await adding;
    assert.deepEqual(rows(store), ['1:a', '2:theirs, renamed', '3:mine']);

    const failing = store.add('x'.repeat(300));
    const refusedCreate = d.next();
    store.applyEvent(live('task.created', 4, 'theirs too'));
    refusedCreate.reject(refused('too long'));
    await failing;
    assert.deepEqual(rows(store), ['1:a', '2:theirs, renamed', '3:mine', '4:theirs too']);
  });

  it('does not bring back a task it is deleting or has deleted', async () => {
    const { store, d } = await loaded([raw(1, 'a'), raw(2, 'b')]);
    const p = store.remove('1');
    store.applyEvent(live('task.updated', 1, 'a', true, ['completed'])); // written elsewhere just before the delete
    assert.deepEqual(rows(store), ['2:b']);
    d.next().resolve(null);
    await p;
    store.applyEvent(live('task.updated', 1, 'a', false, ['completed'])); // a late one
    store.applyEvent(live('task.deleted', 1, 'a')); // its own delete's event
    assert.deepEqual(rows(store), ['2:b']);
    store.applyEvent(live('task.deleted', 2, 'b'));
    store.applyEvent(live('task.created', 2, 'b')); // a replay of an old create
    assert.deepEqual(rows(store), []);
  });

  it('fetches the list again on a bulk delete, quietly: the list stays, nothing is said when that fails', async () => {
    const { store, d, notes } = await loaded([raw(1, 'a', true), raw(2, 'b')]);
    store.applyEvent(bulk(1));
    const list = d.next();
    assert.equal(list.name, 'listTasks');
    assert.equal(store.state.status, 'ready');
    assert.deepEqual(rows(store), ['1:a:done', '2:b'], 'still shown while the list loads');
    list.resolve([raw(2, 'b')]);
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(rows(store), ['2:b']);

    store.applyEvent(bulk(1));
    d.next().reject(new ApiError('down', { status: 503 }));
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(rows(store), ['2:b']);
    assert.equal(store.state.status, 'ready');
    assert.deepEqual(notes, []);
  });

  it('applies again, on top of the fetched list, the events that arrived while it was loading', async () => {
    const d = deferredApi();
    const store = createStore({ api: d.api });
    const loading = store.load();
    const load = d.next();
    store.applyEvent(live('task.created', 3, 'c'));
    store.applyEvent(live('task.updated', 1, 'a, renamed', false, ['title']));
    load.resolve([raw(1, 'a')]); // read before both events
    await loading;
    assert.deepEqual(rows(store), ['1:a, renamed', '3:c']);
  });

  it('a refresh keeps what this tab is still saving or deleting', async () => {
    const { store, d } = await loaded([raw(1, 'a'), raw(2, 'b'), raw(3, 'c')]);
    const toggling = store.toggle('1');
    const toggle = d.next();
    const removing = store.remove('2');
    const remove = d.next();
    const adding = store.add('new');
    const create = d.next();
    const refreshing = store.refresh();
    d.next().resolve([raw(1, 'a'), raw(2, 'b'), raw(3, 'c, renamed')]); // read before any of them
    await refreshing;
    assert.deepEqual(rows(store), ['1:a:done', '3:c, renamed', 'tmp-1:new:pending']);
    toggle.resolve(raw(1, 'a', true));
    remove.resolve(null);
    create.resolve(raw(4, 'new'));
    await Promise.all([toggling, removing, adding]);
    assert.deepEqual(rows(store), ['1:a:done', '3:c, renamed', '4:new']);
  });

  it('a refresh asked for while one is under way runs again after it (the first may have read too early)', async () => {
    const { store, d } = await loaded([raw(1, 'a')]);
    store.refresh();
    const first = d.next();
    store.refresh();
    store.refresh();
    assert.equal(d.pending.length, 0, 'one at a time');
    first.resolve([raw(1, 'a')]);
    await new Promise((r) => setImmediate(r));
    const second = d.next();
    assert.equal(second.name, 'listTasks');
    second.resolve([raw(1, 'a'), raw(2, 'b')]);
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(rows(store), ['1:a', '2:b']);
    assert.equal(d.pending.length, 0);
  });

  it('a refresh asked for while one is under way settles only once the fetch after it has settled', async () => {
    const { store, d } = await loaded([raw(1, 'a')]);
    store.refresh();
    const first = d.next();
    let settled = false;
    const queued = store.refresh().then((result) => {
      settled = true;
      return result;
    });
    first.resolve([raw(1, 'a')]);
    await new Promise((r) => setImmediate(r));
    assert.equal(settled, false, 'the first fetch may have read the list before the call');
    d.next().resolve([raw(1, 'a'), raw(2, 'b')]);
    assert.deepEqual(await queued, { ok: true });
    assert.deepEqual(rows(store), ['1:a', '2:b']);
  });

  it('a queued refresh settles when the fetch after it fails, and when the user signs out', async () => {
    const { store, d } = await loaded([raw(1, 'a')]);
    store.refresh();
    const first = d.next();
    const queued = store.refresh();
    first.resolve([raw(1, 'a')]);
    await new Promise((r) => setImmediate(r));
    d.next().reject(new ApiError('down', { status: 503 }));
    assert.equal((await queued).ok, false);

    store.refresh();
    const waiting = store.refresh();
    store.reset();
    assert.equal((await waiting).ok, false);
  });

  it('ignores events while signed out', async () => {
    const { store } = await loaded([raw(1, 'a')]);
    store.reset();
    store.applyEvent(live('task.created', 2, 'b'));
    assert.deepEqual(rows(store), []);
  });
});

describe('store: a write answered 504 (it may still be applied)', () => {
  const timeout = () => toApiError(504, { error: 'upstream timeout' }, { get: () => null });
  const at = (iso) => Date.parse(iso);

  it('says that the task may have been added and the list will show it, not "try again"', async () => {
    const { store, d, notes } = await loaded([raw(1, 'a')]);
    const adding = store.add(' Buy milk ');
    d.next().reject(timeout());
    const result = await adding;
    assert.equal(result.ok, false);
    assert.deepEqual(notes.map((n) => n.m), [
      'The service took too long to answer: “Buy milk” may have been added. Your list will show it if so.',
    ]);
    assert.ok(result.landed instanceof Promise, 'watched for');
    const refusedAdd = store.add('x');
    d.next().reject(refused('no'));
    assert.equal((await refusedAdd).landed, undefined, 'a refusal is no unknown outcome');
  });

  it('an add that landed after all is recognised in the live event of its task, not in another', async () => {
    const { store, d } = await loaded([raw(1, 'Buy milk')]);
    const adding = store.add('Buy milk');
    d.next().reject(timeout());
    const { landed } = await adding;
    let found;
    landed.then((task) => { found = task; });
    store.applyEvent(live('task.created', 2, 'Buy bread'));
    store.applyEvent(live('task.updated', 1, 'Buy milk', true, ['completed'])); // the same title, known before
    await settle();
    assert.equal(found, undefined);
    store.applyEvent(live('task.created', 3, 'Buy milk'));
    await settle();
    assert.equal(found && found.id, '3');
    assert.deepEqual(rows(store), ['1:Buy milk:done', '2:Buy bread', '3:Buy milk'], 'shown once');
  });

  it('is recognised in a list fetched later (the list is asked again meanwhile), and forgotten on sign-out', async () => {
    const { store, d } = await loaded([raw(1, 'a')]);
    const adding = store.add('b');
    d.next().reject(timeout());
    const { landed } = await adding;
    let found;
    landed.then((task) => { found = task; });
    const before = store.refresh();
    d.next().resolve([raw(1, 'a')]); // not yet
    await before;
    await settle();
    assert.equal(found, undefined);
    const after = store.refresh();
    d.next().resolve([raw(1, 'a'), raw(2, 'b')]);
    await after;
    await settle();
    assert.equal(found && found.id, '2');

    const again = store.add('c');
    d.next().reject(timeout());
    const second = (await again).landed;
    store.reset();
    assert.equal(await second, null);
  });

  it('when the list had not loaded, a task of that title created before the add was sent is not it', async () => {
    const d = deferredApi();
    const store = createStore({ api: d.api, timers: fakeTimers(), wall: () => at('2026-11-25T10:00:00Z') });
    const loading = store.load();
    d.next().reject(new ApiError('The service is unavailable right now.', { status: 503 }));
    await loading;
    const adding = store.add('b');
    d.next().reject(timeout());
    const { landed } = await adding;
    let found;
    landed.then((task) => { found = task; });
    const old = { ...raw(1, 'b'), created_at: '2026-11-20T09:00:00Z' };
    const first = store.refresh();
    d.next().resolve([old]);
    await first;
    await settle();
    assert.equal(store.state.status, 'ready');
    assert.equal(found, undefined, 'last week’s task of the same title');
    const second = store.refresh();
    d.next().resolve([old, { ...raw(2, 'b'), created_at: '2026-11-25T10:00:09Z' }]);
    await second;
    await settle();
    assert.equal(found && found.id, '2');
  });

  it('a change or a delete answered 504 says it may have been made; the event or the list that shows it was corrects the rollback', async () => {
    const { store, d, notes } = await loaded([raw(1, 'a'), raw(2, 'b')]);
    const toggling = store.toggle('1');
    d.next().reject(timeout());
    await toggling;
    assert.deepEqual(rows(store), ['1:a', '2:b'], 'rolled back');
    store.applyEvent(live('task.updated', 1, 'a', true, ['completed']));
    assert.deepEqual(rows(store), ['1:a:done', '2:b']);

    const renaming = store.rename('2', 'b2');
    d.next().reject(timeout());
    await renaming;
    const removing = store.remove('1');
    d.next().reject(timeout());
    await removing;
    assert.deepEqual(rows(store), ['1:a:done', '2:b']);
    const refreshing = store.refresh();
    d.next().resolve([raw(2, 'b2')]);
    await refreshing;
    assert.deepEqual(rows(store), ['2:b2']);
    assert.deepEqual(notes.map((n) => n.m), [
      'The service took too long to answer: the change may have been saved. Your list will show it if so.',
      'The service took too long to answer: the change may have been saved. Your list will show it if so.',
      'The service took too long to answer: the task may have been deleted. Your list will show it if so.',
    ]);
  });

  it("a rollback does not undo what the task's event or a list read meanwhile showed was made", async () => {
    const { store, d } = await loaded([raw(1, 'a'), raw(2, 'b')]);
    const removing = store.remove('1');
    const remove = d.next();
    store.applyEvent(live('task.deleted', 1, 'a')); // the delete was applied; its answer is late
    remove.reject(timeout());
    await removing;
    assert.deepEqual(rows(store), ['2:b'], 'not brought back');

    const toggling = store.toggle('2');
    const toggle = d.next();
    const clearing = store.refresh();
    d.next().resolve([raw(2, 'b', true)]); // read after the toggle was sent: it was applied
    await clearing;
    toggle.reject(timeout());
    await toggling;
    assert.deepEqual(rows(store), ['2:b:done']);
  });
});
