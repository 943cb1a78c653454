// Pure functions over task lists: normalising the server's shape, filtering, counting and list surgery used by
// the optimistic updates. No DOM, no I/O.

export const FILTERS = Object.freeze(['all', 'active', 'completed']);

/** The server's task ({id, ID, title, completed, ...}) as the GUI keeps it. */
export function normalizeTask(raw) {
  const id = raw.id ?? raw.ID;
  return {
    id: String(id),
    title: typeof raw.title === 'string' ? raw.title : String(raw.title ?? ''),
    completed: raw.completed === true,
    createdAt: raw.created_at ?? null,
    updatedAt: raw.updated_at ?? null,
    pending: false,
  };
}

/** '#/active' → 'active'; anything unknown → 'all'. */
export function parseFilter(hash) {
  const name = String(hash || '').replace(/^#\/?/, '').toLowerCase();
  return FILTERS.includes(name) ? name : 'all';
}

export function filterTasks(tasks, filter) {
  if (filter === 'active') return tasks.filter((t) => !t.completed);
  if (filter === 'completed') return tasks.filter((t) => t.completed);
  return tasks.slice();
}

export function countOpen(tasks) {
  return tasks.reduce((n, t) => n + (t.completed ? 0 : 1), 0);
}

export function countCompleted(tasks) {
  return tasks.length - countOpen(tasks);
}

/** The delete-all dialog's question: "Your 1 task will be deleted.", "All 3 tasks will be deleted, including 2…". */
export function deleteAllQuestion(tasks) {
  const total = tasks.length;
  const open = countOpen(tasks);
  // "all 1 task" reads as a mistake; "including 1 still open" about the only task says nothing new
  if (total === 1) return "Your 1 task will be deleted. This can't be undone.";
  return `All ${total} tasks will be deleted${open ? `, including ${open} still open` : ''}. This can't be undone.`;
}

export function itemsLeftLabel(open) {
  return `${open} ${open === 1 ? 'item' : 'items'} left`;
}

/** What the empty list says, depending on the filter and whether there are tasks at all. */
export function emptyMessage(filter, total) {
  if (total === 0) return 'Nothing to do yet. Add your first task above.';
  if (filter === 'active') return 'All done! No open tasks.';
  if (filter === 'completed') return 'No completed tasks yet.';
  return 'Nothing to do yet. Add your first task above.';
}

/**
 * What to say when a task was added that the current filter hides (a new task is open: the Completed view), so it
 * does not vanish without a word; '' when the view shows it.
 */
export function addedOutOfViewMessage(task, filter) {
  if (filterTasks([task], filter).length > 0) return '';
  return `Added “${task.title}” to your ${task.completed ? 'completed' : 'active'} tasks.`;
}

/** Length in Unicode code points, as the server counts it. */
export function codePointLength(text) {
  return [...text].length;
}

/** Replaces the task with this id by `fn(task)`; returns a new array. */
export function updateById(tasks, id, fn) {
  return tasks.map((t) => (t.id === id ? fn(t) : t));
}

/** Removes the tasks matching `predicate`; returns the rest and what was removed with its index. */
export function removeWhere(tasks, predicate) {
  const kept = [];
  const removed = [];
  tasks.forEach((task, index) => {
    if (predicate(task)) removed.push({ task, index });
    else kept.push(task);
  });
  return { kept, removed };
}

/** Puts removed tasks back at their former positions (rollback of a delete). */
export function restore(tasks, removed) {
  const result = tasks.slice();
  for (const { task, index } of [...removed].sort((a, b) => a.index - b.index)) {
    if (result.some((t) => t.id === task.id)) continue;
    result.splice(Math.min(index, result.length), 0, task);
  }
  return result;
}

/** Compares two numeric ids given as strings (of any length) without losing precision. */
export function compareNumericIds(a, b) {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Inserts a task the server made where a fresh list would show it: oldest first (by id), before the tasks this
 * tab is still saving (their ids are not known yet, and they are the newest).
 */
export function insertInOrder(tasks, task) {
  const numeric = /^\d+$/.test(task.id);
  const at = tasks.findIndex(
    (t) => t.pending || (numeric && /^\d+$/.test(t.id) && compareNumericIds(t.id, task.id) > 0),
  );
  if (at < 0) return [...tasks, task];
  return [...tasks.slice(0, at), task, ...tasks.slice(at)];
}

export const TASK_EVENTS = Object.freeze(['task.created', 'task.updated', 'task.deleted', 'tasks.deleted']);

/**
 * A live event's payload ({notification, task}) as the change the list applies: the task id, the task after the
 * change (from `task`, or from the notification's title and completed when `task` is null), which fields changed
 * (every field unless a task.updated names them), and the count of a bulk delete. Null for anything else.
 */
export function changeFromEvent(type, payload) {
  if (!TASK_EVENTS.includes(type) || !payload || typeof payload !== 'object') return null;
  const n = payload.notification && typeof payload.notification === 'object' ? payload.notification : {};
  if (type === 'tasks.deleted') return { type, id: null, task: null, fields: [], count: Number(n.count) || 0 };
  const raw = payload.task && typeof payload.task === 'object' ? payload.task : null;
  const rawId = raw ? raw.id ?? raw.ID : n.task_id;
  if (rawId === undefined || rawId === null || rawId === '') return null;
  const task = raw
    ? normalizeTask(raw)
    : { id: String(rawId), title: String(n.title ?? ''), completed: n.completed === true, createdAt: null, updatedAt: n.at ?? null, pending: false };
  const changed = Array.isArray(n.changed) ? n.changed.filter((f) => f === 'title' || f === 'completed') : [];
  const fields = type === 'task.updated' && changed.length > 0 ? changed : ['title', 'completed'];
  return { type, id: String(rawId), task, fields, count: null };
}
