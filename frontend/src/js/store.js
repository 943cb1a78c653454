// Task state for the signed-in user: the list, the filter and the loading status, with optimistic updates that
// roll back (and say why) when the server refuses. Talks to the API client, never to the DOM.

import { SESSION_ENDED } from './api.js';
import { normalizeTask, removeWhere, restore, updateById } from './tasks.js';

/**
 * @param {object}   options
 * @param {object}   options.api     the client from api.js
 * @param {Function}[options.notify] called with (message, kind) for errors the user must see
 */
export function createStore({ api, notify = () => {} }) {
  let state = { tasks: [], filter: 'all', status: 'idle', loadError: '' };
  const listeners = new Set();
  const versions = new Map(); // task id → sequence number of the latest change sent for it
  let tempIds = 0;
  const addedWhileLoading = new Set(); // ids of tasks saved while a load was under way

  function set(patch) {
    state = { ...state, ...patch };
    for (const listener of listeners) listener(state);
  }

  function fail(error, fallback) {
    if (error && error.code === SESSION_ENDED) return; // the app sends the user back to sign in
    notify((error && error.message) || fallback, 'error');
  }

  function bump(id) {
    const next = (versions.get(id) || 0) + 1;
    versions.set(id, next);
    return next;
  }

  /** Reverts the fields this change set, unless a later change already replaced them. */
  function rollbackFields(id, before, applied) {
    set({
      tasks: updateById(state.tasks, id, (task) => {
        const reverted = { ...task, pending: false };
        for (const key of Object.keys(applied)) {
          if (task[key] === applied[key]) reverted[key] = before[key];
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
    set({ tasks: updateById(state.tasks, id, (t) => ({ ...t, ...applied })) });
    try {
      const saved = normalizeTask(await request());
      if (versions.get(id) === version) {
        set({ tasks: updateById(state.tasks, id, () => saved) });
      }
      return { ok: true };
    } catch (error) {
      rollbackFields(id, before, applied);
      fail(error, 'The change could not be saved.');
      return { ok: false, error };
    }
  }

  async function removeMany(predicate, request, fallback) {
    const { kept, removed } = removeWhere(state.tasks, predicate);
    if (removed.length === 0) return { ok: true, count: 0 };
    set({ tasks: kept });
    try {
      await request();
      return { ok: true, count: removed.length };
    } catch (error) {
      if (error && error.status === 404 && removed.length === 1) {
        return { ok: true, count: 1 }; // already gone on the server: the goal is reached
      }
      set({ tasks: restore(state.tasks, removed) });
      fail(error, fallback);
      return { ok: false, error };
    }
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
      set({ tasks: [], status: 'idle', loadError: '' });
    },

    async load() {
      addedWhileLoading.clear();
      set({ status: 'loading', loadError: '' });
      try {
        const list = await api.listTasks();
        const loadedTasks = (Array.isArray(list) ? list : []).map(normalizeTask);
        // tasks typed while the list was loading may be missing from it (still on their way, or saved after
        // the server read the list): keep them
        const loadedIds = new Set(loadedTasks.map((t) => t.id));
        const typed = state.tasks.filter(
          (t) => !loadedIds.has(t.id) && ((t.pending && t.id.startsWith('tmp-')) || addedWhileLoading.has(t.id)),
        );
        addedWhileLoading.clear();
        set({ tasks: [...loadedTasks, ...typed], status: 'ready' });
        return { ok: true };
      } catch (error) {
        if (error && error.code === SESSION_ENDED) {
          set({ status: 'idle' });
        } else {
          set({ status: 'error', loadError: (error && error.message) || 'Your tasks could not be loaded.' });
        }
        return { ok: false, error };
      }
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
      set({ tasks: [...state.tasks, draft] });
      try {
        const saved = normalizeTask(await api.createTask(title));
        if (state.status === 'loading') addedWhileLoading.add(saved.id);
        if (state.tasks.some((t) => t.id === saved.id)) {
          set({ tasks: state.tasks.filter((t) => t.id !== tempId) }); // a reload already brought it
        } else if (state.tasks.some((t) => t.id === tempId)) {
          set({ tasks: updateById(state.tasks, tempId, () => saved) });
        } else {
          set({ tasks: [...state.tasks, saved] });
        }
        return { ok: true, task: saved };
      } catch (error) {
        set({ tasks: state.tasks.filter((t) => t.id !== tempId) });
        fail(error, 'The task could not be added.');
        return { ok: false, error };
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
      return removeMany((t) => t.id === id, () => api.deleteTask(id), 'The task could not be deleted.');
    },

    clearCompleted() {
      return removeMany(
        (t) => t.completed && !t.pending,
        () => api.deleteTasks({ completed: true }),
        'The completed tasks could not be cleared.',
      );
    },

    removeAll() {
      return removeMany(
        (t) => !t.pending,
        () => api.deleteTasks(),
        'The tasks could not be deleted.',
      );
    },
  };
}
