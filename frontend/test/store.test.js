import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError, SESSION_ENDED } from '../src/js/api.js';
import { createStore } from '../src/js/store.js';

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
const refused = (message) => new ApiError(message, { status: 400, code: 'validation_failed' });

describe('store', () => {
  it('loads and normalises the list (id from id or ID, as strings)', async () => {
    const { store } = await loaded([raw(1, 'a'), { ID: 2, title: 'b', completed: true }]);
    assert.equal(store.state.status, 'ready');
    assert.deepEqual(store.state.tasks.map((t) => [t.id, t.title, t.completed]), [['1', 'a', false], ['2', 'b', true]]);
  });

  it('a failed load shows its error in the list state', async () => {
    const d = deferredApi();
    const store = createStore({ api: d.api });
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
    const { store, d } = await loaded([raw(1, 'a')]);
    const first = store.toggle('1'); // → completed
    const firstCall = d.next();
    const second = store.toggle('1'); // → open again
    const secondCall = d.next();
    firstCall.reject(refused('no'));
    await first;
    assert.equal(store.state.tasks[0].completed, false);
    secondCall.resolve(raw(1, 'a', false));
    await second;
    assert.equal(store.state.tasks[0].completed, false);
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
