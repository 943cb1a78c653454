// DOM rendering of the task view. Data only ever reaches the page through textContent, value and attribute
// values (never innerHTML), so a title like <img src=x onerror=alert(1)> is shown as the text it is.

import { countCompleted, countOpen, emptyMessage, filterTasks, itemsLeftLabel } from './tasks.js';

const parts = new WeakMap(); // li → its controls, so updates need no selector queries

function el(doc, tag, { className, text, attrs } = {}) {
  const node = doc.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  if (attrs) for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
  return node;
}

function domId(taskId, suffix) {
  return `task-${String(taskId).replace(/[^A-Za-z0-9_-]/g, '_')}-${suffix}`;
}

/** One list item in view mode: checkbox, title, Edit and Delete buttons. */
export function buildTaskItem(doc, task) {
  const li = el(doc, 'li', { className: 'task' });
  li.dataset.id = task.id;
  li.dataset.editing = 'false';

  const toggle = el(doc, 'input', { className: 'task-toggle', attrs: { type: 'checkbox', id: domId(task.id, 'done') } });
  toggle.setAttribute('aria-labelledby', domId(task.id, 'title'));
  // dir="auto": a Hebrew or Arabic title reads right to left, its punctuation on the right side
  const title = el(doc, 'span', { className: 'task-title', attrs: { id: domId(task.id, 'title'), dir: 'auto' } });
  const actions = el(doc, 'div', { className: 'task-actions' });
  const edit = el(doc, 'button', { className: 'btn btn-small btn-ghost task-edit', text: 'Edit', attrs: { type: 'button' } });
  const remove = el(doc, 'button', {
    className: 'btn btn-small btn-ghost btn-danger-text task-delete',
    text: 'Delete',
    attrs: { type: 'button' },
  });
  actions.append(edit, remove);
  li.append(toggle, title, actions);
  parts.set(li, { toggle, title, edit, remove });
  updateTaskItem(li, task);
  return li;
}

/** Brings an item in view mode up to date with the task (keeps focus, since the nodes stay). */
export function updateTaskItem(li, task) {
  const p = parts.get(li);
  if (!p) return;
  li.classList.toggle('is-completed', task.completed);
  li.classList.toggle('is-pending', task.pending);
  if (p.title.textContent !== task.title) p.title.textContent = task.title;
  p.toggle.checked = task.completed;
  p.toggle.disabled = task.pending;
  p.edit.disabled = task.pending;
  p.remove.disabled = task.pending;
  p.edit.setAttribute('aria-label', `Edit “${task.title}”`);
  p.remove.setAttribute('aria-label', `Delete “${task.title}”`);
  p.title.setAttribute('title', task.pending ? 'Saving…' : 'Double-click to edit');
}

/** One list item in edit mode: a labelled input with Save and Cancel. Enter saves, Escape cancels. */
export function buildEditItem(doc, task) {
  const li = el(doc, 'li', { className: 'task is-editing' });
  li.dataset.id = task.id;
  li.dataset.editing = 'true';
  const form = el(doc, 'form', { className: 'task-editor', attrs: { novalidate: '' } });
  const label = el(doc, 'label', { className: 'visually-hidden', text: 'Edit task title', attrs: { for: domId(task.id, 'input') } });
  const input = el(doc, 'input', {
    className: 'task-edit-input',
    attrs: { type: 'text', id: domId(task.id, 'input'), autocomplete: 'off', enterkeyhint: 'done', dir: 'auto' },
  });
  input.value = task.title;
  const save = el(doc, 'button', { className: 'btn btn-small btn-primary task-save', text: 'Save', attrs: { type: 'submit' } });
  const cancel = el(doc, 'button', { className: 'btn btn-small btn-ghost task-cancel', text: 'Cancel', attrs: { type: 'button' } });
  form.append(label, input, save, cancel);
  li.append(form);
  parts.set(li, { input });
  return li;
}

/** Reconciles the <ul> with the tasks, reusing items by id so that focus and scroll survive re-renders. */
export function renderTaskList(doc, listEl, tasks, editingId) {
  const existing = new Map();
  for (const li of Array.from(listEl.children)) existing.set(li.dataset.id, li);
  let index = 0;
  for (const task of tasks) {
    const editing = task.id === editingId;
    let li = existing.get(task.id);
    existing.delete(task.id);
    if (li && (li.dataset.editing === 'true') !== editing) {
      li.remove();
      li = null;
    }
    if (!li) li = editing ? buildEditItem(doc, task) : buildTaskItem(doc, task);
    else if (!editing) updateTaskItem(li, task);
    const current = listEl.children[index];
    if (current !== li) listEl.insertBefore(li, current || null);
    index += 1;
  }
  for (const li of existing.values()) li.remove();
}

/** The editor input of the item being edited, if any. */
export function editorInput(li) {
  const p = li && parts.get(li);
  return p && p.input ? p.input : null;
}

/**
 * Renders the whole task view from the store's state.
 * refs: { list, status, itemsLeft, clearCompleted, deleteAll, filterLinks: [{el, filter}] }
 */
export function renderTaskView(doc, refs, state, editingId) {
  const visible = filterTasks(state.tasks, state.filter);
  renderTaskList(doc, refs.list, state.status === 'ready' ? visible : [], editingId);

  let status = '';
  if (state.status === 'loading' || state.status === 'idle') status = 'Loading your tasks…';
  else if (state.status === 'error') status = state.loadError;
  else if (visible.length === 0) status = emptyMessage(state.filter, state.tasks.length);
  refs.status.textContent = status;
  refs.status.hidden = status === '';
  refs.status.classList.toggle('is-error', state.status === 'error');
  refs.status.classList.toggle('is-loading', state.status === 'loading' || state.status === 'idle');
  if (refs.retry) refs.retry.hidden = state.status !== 'error';
  refs.list.setAttribute('aria-busy', String(state.status === 'loading'));
  refs.list.hidden = visible.length === 0 || state.status !== 'ready';

  const open = countOpen(state.tasks);
  refs.itemsLeft.textContent = state.status === 'ready' ? itemsLeftLabel(open) : '';
  // the server deletes what it has, not what this page shows: only a loaded list says what that is
  const loaded = state.status === 'ready';
  refs.clearCompleted.disabled = !loaded || countCompleted(state.tasks) === 0;
  refs.deleteAll.disabled = !loaded || state.tasks.length === 0;
  for (const { el: link, filter } of refs.filterLinks) {
    if (filter === state.filter) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}
