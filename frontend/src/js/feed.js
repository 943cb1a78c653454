// The notification feed behind the bell: the unread count (fetched, then kept current from the live stream), the
// recent notifications when the menu is opened, "mark all read", and a readable sentence for each notification.
// Talks to the API client, never to the DOM.

import { SESSION_ENDED } from './api.js';
import { compareNumericIds } from './tasks.js';

export const RECENT_LIMIT = 20;
/** How long a resumed stream's replay is given to come in before the count is fetched again (recountAfterReplay). */
export const REPLAY_SETTLE_MS = 1500;
const TITLE_LIMIT = 80; // code points of a title quoted in a sentence

/**
 * Orders notification ids. The contract makes them opaque strings that increase per user; ids made of digits
 * are compared as numbers (so "10" comes after "9"), anything else as strings.
 */
export function compareNotificationIds(a, b) {
  const x = String(a);
  const y = String(b);
  if (/^\d+$/.test(x) && /^\d+$/.test(y)) return compareNumericIds(x.replace(/^0+(?=\d)/, ''), y.replace(/^0+(?=\d)/, ''));
  return x < y ? -1 : x > y ? 1 : 0;
}

function quoted(title) {
  const points = [...String(title ?? '')];
  const text = points.length > TITLE_LIMIT ? `${points.slice(0, TITLE_LIMIT - 1).join('')}…` : points.join('');
  return `“${text}”`;
}

/** What happened, as a sentence: "“Buy milk” was completed", "3 tasks were deleted". */
export function notificationSentence(n) {
  const changed = Array.isArray(n.changed) ? n.changed : [];
  switch (n.type) {
    case 'task.created':
      return `${quoted(n.title)} was added`;
    case 'task.updated': {
      const renamed = changed.includes('title');
      const toggled = changed.includes('completed');
      if (renamed && toggled) return `${quoted(n.title)} was renamed and ${n.completed ? 'completed' : 'reopened'}`;
      if (renamed) return `A task was renamed to ${quoted(n.title)}`;
      return `${quoted(n.title)} was ${n.completed ? 'completed' : 'reopened'}`;
    }
    case 'task.deleted':
      return `${quoted(n.title)} was deleted`;
    case 'tasks.deleted': {
      const count = Number(n.count) || 0;
      return count === 1 ? '1 task was deleted' : `${count} tasks were deleted`;
    }
    default:
      return 'Your tasks changed';
  }
}

/** "just now", "5 minutes ago", "3 hours ago", "yesterday", then the date. */
export function timeLabel(at, now = Date.now()) {
  const time = Date.parse(at);
  if (Number.isNaN(time)) return '';
  const seconds = Math.round((now - time) / 1000);
  if (seconds < 60) return 'just now';
  const words = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
  if (seconds < 3600) return words.format(-Math.floor(seconds / 60), 'minute');
  if (seconds < 86400) return words.format(-Math.floor(seconds / 3600), 'hour');
  if (seconds < 2 * 86400) return words.format(-1, 'day');
  return new Intl.DateTimeFormat('en', { day: 'numeric', month: 'short', year: 'numeric' }).format(time);
}

function normalize(raw) {
  return {
    id: String(raw.id),
    type: raw.type,
    taskId: raw.task_id ?? null,
    title: raw.title ?? null,
    completed: raw.completed ?? null,
    changed: Array.isArray(raw.changed) ? raw.changed : [],
    count: raw.count ?? null,
    at: raw.at ?? null,
    read: raw.read === true,
  };
}

const newestFirst = (a, b) => compareNotificationIds(b.id, a.id);

/**
 * @param {object}   options
 * @param {object}   options.api     the client from api.js
 * @param {object}  [options.timers] setTimeout/clearTimeout (fake ones in tests)
 */
export function createFeed({ api, timers = globalThis }) {
  // status: 'idle' (not loaded), 'loading', 'ready', 'error' (with error). supported: null until the server has
  // answered, false when it has no notifications (404: the bell is not shown), true otherwise.
  let state = { unread: null, items: [], status: 'idle', error: '', marking: false, supported: null };
  const listeners = new Set();
  let generation = 0; // bumped by reset(): answers of an earlier session are dropped
  const counted = new Set(); // ids of the stream's notifications already counted
  let settling = null; // while a resumed stream's replay comes in: its notifications are not counted

  function set(patch) {
    state = { ...state, ...patch };
    for (const listener of listeners) listener(state);
  }

  function unsupported(error) {
    return error && (error.status === 404 || error.status === 405);
  }

  // A notification that arrives on the stream while this request is under way may or may not be in its answer;
  // the count can then be one off until it is fetched again (the menu opens, or the page is shown again).
  async function loadCount() {
    const current = generation;
    try {
      const answer = await api.unreadCount();
      if (current !== generation) return;
      const unread = Number(answer && answer.unread);
      set({ unread: Number.isFinite(unread) && unread >= 0 ? unread : null, supported: true });
    } catch (error) {
      if (current !== generation || (error && error.code === SESSION_ENDED)) return;
      if (unsupported(error)) set({ supported: false, unread: null });
      else if (error && error.status >= 500) set({ supported: true });
      // (503 while the notifier is down: the count stays as it was; the stream brings it up to date)
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
    reset() {
      generation += 1;
      counted.clear();
      if (settling) timers.clearTimeout(settling);
      settling = null;
      set({ unread: null, items: [], status: 'idle', error: '', marking: false, supported: null });
    },

    /** GET /notifications/unread-count. */
    loadCount,

    /**
     * A stream resumed after a gap in which the count was fetched: what it replays may be in that count already, and
     * counting it again would leave the badge too high for as long as the page stays open. Its notifications are
     * shown but not counted until the count is fetched again, once the replay has had REPLAY_SETTLE_MS to come in.
     */
    recountAfterReplay() {
      if (settling) timers.clearTimeout(settling);
      settling = timers.setTimeout(() => {
        settling = null;
        loadCount();
      }, REPLAY_SETTLE_MS);
    },

    /** The menu opens: the recent notifications, and the count again (it may have drifted while away). */
    async loadRecent() {
      const current = generation;
      set({ status: 'loading', error: '' });
      loadCount();
      try {
        const list = await api.listNotifications({ limit: RECENT_LIMIT });
        if (current !== generation) return;
        const loaded = (Array.isArray(list) ? list : []).map(normalize);
        const ids = new Set(loaded.map((n) => n.id));
        // what the stream brought while the list was on its way stays
        const arrived = state.items.filter((n) => !ids.has(n.id));
        set({ items: [...arrived, ...loaded].sort(newestFirst).slice(0, RECENT_LIMIT * 2), status: 'ready', supported: true });
      } catch (error) {
        if (current !== generation || (error && error.code === SESSION_ENDED)) return;
        if (unsupported(error)) set({ supported: false, status: 'idle' });
        else set({ status: 'error', error: error.status === 503 ? 'Notifications are unavailable right now. Try again in a moment.' : error.message });
      }
    },

    /** A notification from the live stream: counted once, and shown at the top of a loaded feed. */
    receive(raw) {
      if (!raw || raw.id === undefined || raw.id === null) return;
      const n = normalize(raw);
      if (counted.has(n.id) || state.items.some((x) => x.id === n.id)) return;
      counted.add(n.id);
      const patch = {};
      if (!n.read && state.unread !== null && !settling) patch.unread = state.unread + 1;
      if (state.status === 'ready' || state.status === 'loading' || state.items.length > 0) {
        patch.items = [n, ...state.items].sort(newestFirst).slice(0, RECENT_LIMIT * 2);
      }
      if (Object.keys(patch).length > 0) set(patch);
    },

    /** POST /notifications/read up to the newest one shown. */
    async markAllRead() {
      const newest = state.items[0];
      if (!newest || state.marking) return { ok: false };
      const current = generation;
      set({ marking: true });
      try {
        await api.markRead(newest.id);
        if (current !== generation) return { ok: true };
        const items = state.items.map((n) => (compareNotificationIds(n.id, newest.id) <= 0 ? { ...n, read: true } : n));
        // every notification up to the newest shown is read now; only those that arrived since are not
        const unread = items.filter((n) => !n.read).length;
        set({ items, unread, marking: false });
        return { ok: true };
      } catch (error) {
        if (current !== generation) return { ok: false, error };
        set({ marking: false });
        return { ok: false, error };
      }
    },
  };
}
