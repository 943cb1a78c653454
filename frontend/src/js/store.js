// Task state for the signed-in user: the list, the filter and the loading status, with optimistic updates that
// roll back (and say why) when the server refuses, and the live events of the user's other tabs and devices
// applied as they arrive. Talks to the API client, never to the DOM.
//
// How live events and this tab's own changes stay out of each other's way:
// - An event never overwrites a field this tab is still saving (its own value wins until the answer comes). If an
//   event brought a different value for that field meanwhile, two writers raced: the list is fetched again.
// - A task this tab is deleting, or knows to be deleted, is not brought back by an event.
// - While this tab is creating a task, events about tasks it does not know yet wait until the create is answered:
//   the event of its own new task may come before the 201, and must not show it twice.
// - Events that arrive while the list is being fetched are applied again on top of the fetched list, in order
//   (the list may have been read before them).
// - A bulk delete only says how many tasks went: the list is fetched again.
//
// A write answered 504, or 502 without Retry-After (the connection broke after the request was sent), may have been
// applied (docs/api.md): its message says so instead of "try again", and an add so answered is watched for: the
// task with its title that a live event or a list brings (one this tab did not know when it sent the add) is the
// add landing after all.
//
// A list that failed to load is asked for again by itself (after 5 s, then twice as long each time up to 30 s, and
// at every live event) until it loads: nothing else may tell that the task service is back (the live stream
// stays up while only todo-core is down).

import { SESSION_ENDED } from './api.js';
import { RECHECK_MS } from './notice.js';
import { insertInOrder, normalizeTask, removeWhere, restore, updateById } from './tasks.js';

/** How long an add answered 504 is watched for landing: well past the edge's timeout and a slow commit. */
export const LANDING_WATCH_MS = 2 * 60 * 1000;
/** How far the server's clock (a task's created_at) may be behind this one. */
const CLOCK_SKEW_MS = 2 * 60 * 1000;

/** A 504, or a 502 without Retry-After (its connection broke after the request was sent): it may have been applied. */
export function outcomeUnknown(error) {
  return Boolean(error) && (error.status === 504 || (error.status === 502 && !(error.retryAfter > 0)));
}

/**
 * @param {object}   options
 * @param {object}   options.api     the client from api.js
 * @param {Function}[options.notify] called with (message, kind, error) for errors the user must see
 * @param {Function}[options.answered] (askedAt) whenever the task service answered a request made at askedAt
 *                                     (now() then): it is reachable
 * @param {Function}[options.now]      a clock in milliseconds, for askedAt
 * @param {object}  [options.timers]   setTimeout and clearTimeout, for asking again for a list that failed to load
 * @param {Function}[options.wall]     the wall clock (Date.now), to compare with a task's created_at
 */
export function createStore({
  api, notify = () => {}, answered = () => {}, now = () => performance.now(), timers = globalThis,
  wall = () => Date.now(),
}) {
  let state = { tasks: [], filter: 'all', status: 'idle', loadError: '' };
  const listeners = new Set();
  const versions = new Map(); // task id → sequence number of the latest change sent for it
  let tempIds = 0;
  let fetching = null; // the list request under way: { events, added }
  let fetchAgain = false; // a refresh was asked for while one was under way
  let waiters = []; // callers of refresh() waiting for the fetch that follows the one under way
  let creating = 0; // creates of this tab not answered yet
  let held = []; // events about unknown tasks, waiting for those creates
  const saving = new Map(); // task id → { fields: Map(field → changes in flight), seen: Map, remote: Set }
  const deleting = new Set(); // ids this tab is deleting
  const gone = new Set(); // ids known to be deleted: never brought back
  let reloadTimer = null; // the next attempt to load a list that failed to load
  const landings = new Set(); // adds whose outcome is unknown, watched for (see watchLanding)

  function set(patch) {
    state = { ...state, ...patch };
    for (const listener of listeners) listener(state);
  }

  /** Makes a request of the task service; its answer tells `answered` when the request was made. */
  async function ask(request) {
    const askedAt = now();
    const answer = await request();
    answered(askedAt);
    return answer;
  }

  /**
   * Says why a change was refused. A 503, or a 502 with Retry-After (the request never reached the task service),
   * says that the server made no change (a stalled database's write is rolled back with a 503): the sentence says
   * what was not done first, then when to try again. Any other 502, or a 504, may have been applied: the message
   * alone.
   */
  function fail(error, fallback, maybe = '') {
    if (error && error.code === SESSION_ENDED) return; // the app sends the user back to sign in
    if (maybe && outcomeUnknown(error)) {
      const why = error.status === 504 ? 'The service took too long to answer' : 'The service did not answer';
      notify(`${why}: ${maybe} Your list will show it if so.`, 'error', error);
      return;
    }
    const notDone = error && (error.status === 503 || (error.status === 502 && error.retryAfter > 0));
    notify(notDone ? `${fallback} ${error.message}` : (error && error.message) || fallback, 'error', error);
  }

  // --- adds whose outcome is unknown ------------------------------------------------------------------------------

  /**
   * Watches for an add answered 504 landing after all: resolves with the task once a live event or a list shows
   * one with exactly its title that this tab did not know when it sent the add (from a list, also created after
   * that, when the list had not loaded then), or with null after LANDING_WATCH_MS or on sign-out.
   */
  function watchLanding(title, sent) {
    return new Promise((resolve) => {
      landings.add({ ...sent, title, until: now() + LANDING_WATCH_MS, resolve });
      findLandings(state.tasks, true);
    });
  }

  function findLandings(tasks, fromList) {
    for (const wait of [...landings]) {
      const task = now() > wait.until ? null : tasks.find(
        (t) => t.title === wait.title && !t.pending && !wait.known.has(t.id)
          && (!fromList || wait.listed || createdSince(t, wait.wallAt)),
      );
      if (task || now() > wait.until) {
        landings.delete(wait);
        wait.resolve(task || null);
      }
    }
  }

  function createdSince(task, wallAt) {
    const at = Date.parse(task.createdAt || '');
    return Number.isFinite(at) && at >= wallAt - CLOCK_SKEW_MS;
  }

  function bump(id) {
    const next = (versions.get(id) || 0) + 1;
    versions.set(id, next);
    return next;
  }

  // --- this tab's changes in flight ------------------------------------------------------------------------------

  function track(id, fields) {
    let record = saving.get(id);
    if (!record) {
      record = { fields: new Map(), seen: new Map(), remote: new Set(), listed: new Map() };
      saving.set(id, record);
    }
    for (const field of fields) record.fields.set(field, (record.fields.get(field) || 0) + 1);
    return record;
  }

  function untrack(id, fields) {
    const record = saving.get(id);
    if (!record) return;
    for (const field of fields) {
      const left = (record.fields.get(field) || 0) - 1;
      if (left > 0) record.fields.set(field, left);
      else record.fields.delete(field);
    }
    if (record.fields.size === 0) saving.delete(id);
  }

  /** Reverts the fields this change set, unless a later change already replaced them. */
  function rollbackFields(id, before, applied, record) {
    set({
      tasks: updateById(state.tasks, id, (task) => {
        const reverted = { ...task, pending: false };
        for (const key of Object.keys(applied)) {
          // the server's latest word, if an event brought one meanwhile (or a list asked for after the change was
          // sent: a change answered 504 may have been made), else what the task was before
          if (task[key] !== applied[key]) continue;
          if (record.seen.has(key)) reverted[key] = record.seen.get(key);
          else reverted[key] = record.listed.has(key) ? record.listed.get(key) : before[key];
        }
        return reverted;
      }),
    });
  }

  async function change(id, applied, request) {
    const task = state.tasks.find((t) => t.id === id);
    if (!task || task.pending) return { ok: false };
    const before = { ...task };
    const version = bump(id);
    const fields = Object.keys(applied);
    const record = track(id, fields);
    set({ tasks: updateById(state.tasks, id, (t) => ({ ...t, ...applied })) });
    try {
      const saved = normalizeTask(await ask(request));
      if (versions.get(id) === version) {
        // fields that events changed meanwhile keep the event's value: it may be newer than this answer
        set({
          tasks: updateById(state.tasks, id, (current) => {
            const next = { ...saved };
            for (const field of record.remote) next[field] = current[field];
            return next;
          }),
        });
      }
      const raced = fields.some((f) => record.seen.has(f) && record.seen.get(f) !== saved[f]);
      untrack(id, fields);
      if (raced) refresh(); // another tab or device wrote the same field at the same time: ask the server
      return { ok: true };
    } catch (error) {
      rollbackFields(id, before, applied, record);
      untrack(id, fields);
      fail(error, 'The change could not be saved.', 'the change may have been saved.');
      return { ok: false, error };
    }
  }

  async function removeMany(predicate, request, fallback, maybe) {
    const { kept, removed } = removeWhere(state.tasks, predicate);
    if (removed.length === 0) return { ok: true, count: 0 };
    const ids = removed.map((r) => r.task.id);
    for (const id of ids) deleting.add(id);
    set({ tasks: kept });
    try {
      await ask(request);
      for (const id of ids) gone.add(id);
      return { ok: true, count: removed.length };
    } catch (error) {
      if (error && error.status === 404 && removed.length === 1) {
        gone.add(ids[0]);
        return { ok: true, count: 1 }; // already gone on the server: the goal is reached
      }
      // (not those an event or a list showed deleted meanwhile: a delete answered 504 may have been made)
      set({ tasks: restore(state.tasks, removed.filter((r) => !gone.has(r.task.id))) });
      fail(error, fallback, maybe);
      return { ok: false, error };
    } finally {
      for (const id of ids) deleting.delete(id);
    }
  }

  // --- live events -----------------------------------------------------------------------------------------------

  /** Applies one change (from tasks.js changeFromEvent) to the list now. */
  function applyNow(event) {
    const { id } = event;
    if (event.type === 'task.deleted') {
      gone.add(id);
      if (!deleting.has(id) && state.tasks.some((t) => t.id === id)) {
        set({ tasks: state.tasks.filter((t) => t.id !== id) });
      }
      return;
    }
    if (gone.has(id) || deleting.has(id)) return;
    const current = state.tasks.find((t) => t.id === id);
    if (!current) {
      set({ tasks: insertInOrder(state.tasks, { ...event.task, pending: false }) });
      findLandings([event.task], false);
      return;
    }
    const record = saving.get(id);
    const patch = {};
    for (const field of event.fields) {
      if (record && record.fields.has(field)) {
        record.seen.set(field, event.task[field]); // this tab's own value stands until its answer comes
      } else if (current[field] !== event.task[field]) {
        patch[field] = event.task[field];
        if (record) record.remote.add(field);
      }
    }
    if (Object.keys(patch).length > 0) {
      if (event.task.updatedAt) patch.updatedAt = event.task.updatedAt;
      set({ tasks: updateById(state.tasks, id, (t) => ({ ...t, ...patch })) });
    }
  }

  /** Applies a change, or keeps it back while it may be about a task this tab is creating. */
  function route(event) {
    if (event.type === 'tasks.deleted') {
      refresh();
      return;
    }
    const known = state.tasks.some((t) => t.id === event.id);
    if (!known && creating > 0 && event.type !== 'task.deleted') {
      held.push(event);
      return;
    }
    applyNow(event);
  }

  function releaseHeld() {
    if (creating > 0 || held.length === 0) return;
    const waiting = held;
    held = [];
    for (const event of waiting) route(event);
  }

  // --- fetching the list -----------------------------------------------------------------------------------------

  function stopReloading() {
    if (reloadTimer) timers.clearTimeout(reloadTimer);
    reloadTimer = null;
  }

  /** The list failed to load: asks for it again, quietly (its error and "Try again" stay), until it loads. */
  function reloadLater(delay) {
    stopReloading();
    reloadTimer = timers.setTimeout(() => {
      reloadTimer = null;
      if (state.status !== 'error') return;
      refresh().then(() => {
        if (state.status === 'error' && !reloadTimer) reloadLater(Math.min(delay * 2, RECHECK_MS.max));
      });
    }, delay);
  }

  /**
   * Fetches the list. `quiet`: a background refresh, which keeps the list on screen (no loading state) and says
   * nothing when it fails. The newest request wins; what this tab is saving or deleting survives either.
   */
  async function fetchList({ quiet }) {
    // this fetch starts after every queued refresh() was asked for, and replaces one under way: it answers them all
    const run = { events: [], added: new Set(), waiters: [...(fetching ? fetching.waiters : []), ...waiters] };
    // what this tab is saving or deleting now: the list answered will say whether it was made (after a 504, say)
    run.saving = new Map(saving);
    run.deleting = new Set(deleting);
    waiters = [];
    fetching = run;
    fetchAgain = false;
    if (!quiet) set({ status: 'loading', loadError: '' });
    const result = await fetchInto(run, quiet);
    if (run.settled) for (const resolve of run.waiters) resolve(result);
    return result;
  }

  async function fetchInto(run, quiet) {
    try {
      const list = await ask(() => api.listTasks());
      if (fetching !== run) return { ok: true }; // a newer request replaced this one (and answers its waiters)
      const listed = (Array.isArray(list) ? list : []).map(normalizeTask);
      noteListed(run, listed);
      const loaded = listed
        .filter((t) => !deleting.has(t.id) && !gone.has(t.id))
        .map((t) => {
          const record = saving.get(t.id);
          const local = record && state.tasks.find((x) => x.id === t.id);
          if (!local) return t;
          const kept = { ...t };
          for (const field of record.fields.keys()) kept[field] = local[field];
          return kept;
        });
      // tasks typed while the list was loading may be missing from it (still on their way, or saved after the
      // server read the list): keep them
      const loadedIds = new Set(loaded.map((t) => t.id));
      const typed = state.tasks.filter(
        (t) => !loadedIds.has(t.id) && ((t.pending && t.id.startsWith('tmp-')) || run.added.has(t.id)),
      );
      fetching = null;
      run.settled = true;
      stopReloading();
      set({ tasks: [...loaded, ...typed], status: 'ready', loadError: '' });
      findLandings(loaded, true);
      for (const event of run.events) {
        if (event.type !== 'tasks.deleted') route(event); // a bulk delete already asked for another fetch
      }
      if (fetchAgain) fetchList({ quiet: true });
      return { ok: true };
    } catch (error) {
      if (fetching !== run) return { ok: false, error };
      fetching = null;
      run.settled = true;
      if (quiet) {
        if (error && error.code === SESSION_ENDED) set({ status: 'idle' });
        else if (fetchAgain) fetchList({ quiet: true });
      } else if (error && error.code === SESSION_ENDED) {
        set({ status: 'idle' });
      } else {
        set({ status: 'error', loadError: (error && error.message) || 'Your tasks could not be loaded.' });
        reloadLater(RECHECK_MS.first);
      }
      if (!fetching) releaseWaiters(); // no fetch follows this one: nobody waits for nothing
      return { ok: false, error };
    }
  }

  /** Notes what a list asked for after this tab's changes were sent says of them, for their rollback. */
  function noteListed(run, listed) {
    const byId = new Map(listed.map((t) => [t.id, t]));
    for (const id of run.deleting) if (deleting.has(id) && !byId.has(id)) gone.add(id);
    for (const [id, record] of run.saving) {
      const task = byId.get(id);
      if (!task || saving.get(id) !== record) continue;
      for (const field of record.fields.keys()) record.listed.set(field, task[field]);
    }
  }

  /**
   * A quiet refresh; while one is under way, another follows it (the first may have read too early). Settles once
   * a fetch that started after the call has settled, so the caller knows the list is as fresh as it can be.
   */
  function refresh() {
    if (fetching) {
      fetchAgain = true;
      return new Promise((resolve) => waiters.push(resolve));
    }
    return fetchList({ quiet: true });
  }

  /** Answers every caller still waiting for a fetch (signed out: none will come). */
  function releaseWaiters() {
    const waiting = [...waiters, ...(fetching ? fetching.waiters : [])];
    waiters = [];
    if (fetching) fetching.waiters = [];
    for (const resolve of waiting) resolve({ ok: false });
  }

  return {
    get state() {
      return state;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    setFilter(filter) {
      if (filter !== state.filter) set({ filter });
    },
    reset() {
      versions.clear();
      saving.clear();
      deleting.clear();
      gone.clear();
      held = [];
      stopReloading();
      for (const wait of landings) wait.resolve(null);
      landings.clear();
      releaseWaiters();
      fetching = null;
      fetchAgain = false;
      set({ tasks: [], status: 'idle', loadError: '' });
    },

    load() {
      return fetchList({ quiet: false });
    },

    refresh,

    /**
     * Applies a live event (a change from tasks.js changeFromEvent) to the list. Events about tasks this tab
     * already shows in that state change nothing.
     */
    applyEvent(event) {
      if (!event || state.status === 'idle') return;
      if (fetching) fetching.events.push(event);
      route(event);
      // the task service made a change, so it answers again: the list that failed to load can load now
      if (state.status === 'error' && !fetching) refresh();
    },

    async add(rawTitle) {
      const title = String(rawTitle ?? '').trim();
      if (!title) {
        notify('Type a title for the task first.', 'error');
        return { ok: false };
      }
      tempIds += 1;
      const tempId = `tmp-${tempIds}`;
      const draft = { id: tempId, title, completed: false, createdAt: null, updatedAt: null, pending: true };
      // what "created after this add was sent" means, should its outcome be unknown
      const sent = { known: new Set(state.tasks.map((t) => t.id)), listed: state.status === 'ready', wallAt: wall() };
      set({ tasks: [...state.tasks, draft] });
      creating += 1;
      try {
        const saved = normalizeTask(await ask(() => api.createTask(title)));
        if (fetching) fetching.added.add(saved.id);
        if (state.tasks.some((t) => t.id === saved.id)) {
          set({ tasks: state.tasks.filter((t) => t.id !== tempId) }); // a reload already brought it
        } else if (state.tasks.some((t) => t.id === tempId)) {
          set({ tasks: updateById(state.tasks, tempId, () => saved) });
        } else {
          set({ tasks: [...state.tasks, saved] });
        }
        // the list had failed to load, yet the server took the task: it answers again, so show the whole list
        // (with the new task); if this load fails too, its error and "Try again" stay
        if (state.status === 'error' && !fetching) fetchList({ quiet: false });
        return { ok: true, task: saved };
      } catch (error) {
        set({ tasks: state.tasks.filter((t) => t.id !== tempId) });
        fail(error, 'The task could not be added.', `“${title}” may have been added.`);
        // `landed`: the add may still be applied; resolves with the task if the list shows it was, else null
        return outcomeUnknown(error) ? { ok: false, error, landed: watchLanding(title, sent) } : { ok: false, error };
      } finally {
        creating -= 1;
        releaseHeld();
      }
    },

    toggle(id) {
      const task = state.tasks.find((t) => t.id === id);
      if (!task) return Promise.resolve({ ok: false });
      const completed = !task.completed;
      return change(id, { completed }, () => api.updateTask(id, { completed }));
    },

    rename(id, rawTitle) {
      const task = state.tasks.find((t) => t.id === id);
      if (!task) return Promise.resolve({ ok: false });
      const title = String(rawTitle ?? '').trim();
      if (!title) {
        notify('A task needs a title. Press Escape to keep the old one.', 'error');
        return Promise.resolve({ ok: false });
      }
      if (title === task.title) return Promise.resolve({ ok: true });
      return change(id, { title }, () => api.updateTask(id, { title }));
    },

    remove(id) {
      return removeMany(
        (t) => t.id === id,
        () => api.deleteTask(id),
        'The task could not be deleted.',
        'the task may have been deleted.',
      );
    },

    clearCompleted() {
      if (state.status !== 'ready') return Promise.resolve({ ok: false, count: 0 }); // see removeAll
      return removeMany(
        (t) => t.completed && !t.pending,
        () => api.deleteTasks({ completed: true }),
        'The completed tasks could not be cleared.',
        'the completed tasks may have been cleared.',
      );
    },

    removeAll() {
      // the server deletes everything it has: only a list that has loaded says what that is
      if (state.status !== 'ready') return Promise.resolve({ ok: false, count: 0 });
      return removeMany(
        (t) => !t.pending,
        () => api.deleteTasks(),
        'The tasks could not be deleted.',
        'the tasks may have been deleted.',
      );
    },
  };
}
