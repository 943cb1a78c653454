// Wiring: builds the session, API client, store, live updates and notification feed, and connects them to the
// page's events. The logic lives in the modules it imports; this file only decides what happens when the user
// (or the live stream) does something.

import { createApi, SESSION_ENDED } from './api.js';
import { createDisclosure, renderBell } from './bell.js';
import { createFeed } from './feed.js';
import { createLiveUpdates, LIVE_TIMINGS } from './live.js';
import { createNotices } from './notice.js';
import { editorInput, renderTaskView } from './render.js';
import { createSession } from './session.js';
import { createStore } from './store.js';
import { changeFromEvent, countOpen, parseFilter } from './tasks.js';

const $ = (id) => document.getElementById(id);

const view = {
  auth: $('auth-view'),
  tasks: $('tasks-view'),
  userBox: $('user-box'),
  userEmail: $('user-email'),
  footnote: $('footnote'),
};
const auth = {
  form: $('auth-form'),
  title: $('auth-title'),
  lead: $('auth-lead'),
  email: $('email'),
  password: $('password'),
  hint: $('password-hint'),
  submit: $('auth-submit'),
  switchText: $('auth-switch-text'),
  switchButton: $('auth-switch'),
};
const refs = {
  list: $('task-list'),
  status: $('list-status'),
  retry: $('list-retry'),
  itemsLeft: $('items-left'),
  clearCompleted: $('clear-completed'),
  deleteAll: $('delete-all'),
  filterLinks: Array.from(document.querySelectorAll('.filters a')).map((a) => ({ el: a, filter: a.dataset.filter })),
};
const newTask = { form: $('new-task-form'), input: $('new-task-title') };
const bell = {
  root: $('bell'),
  button: $('bell-button'),
  badge: $('bell-count'),
  panel: $('notifications-panel'),
  heading: $('notifications-title'),
  status: $('notifications-status'),
  list: $('notification-list'),
  markRead: $('mark-read'),
};
const liveStatus = $('live-status');
const dialog = {
  el: $('confirm-dialog'),
  text: $('confirm-text'),
  accept: $('confirm-accept'),
  cancel: $('confirm-cancel'),
};

const notices = createNotices({
  errorBox: $('error-notice'),
  errorText: $('error-text'),
  errorClose: $('error-close'),
  infoBox: $('info-notice'),
  infoText: $('info-text'),
});

const session = createSession(window.sessionStorage);
const api = createApi({
  fetch: (...args) => window.fetch(...args),
  session,
  onSessionEnded: (error) => showSignIn(error.message),
});
const store = createStore({ api, notify: (message, kind) => notices.show(message, kind) });
const feed = createFeed({ api });

let mode = 'signin'; // or 'register'
let editingId = null;
let editingTitle = '';
let streamsOpened = 0; // since signing in

const live = createLiveUpdates({
  api,
  onEvent: ({ type, payload }) => {
    store.applyEvent(changeFromEvent(type, payload));
    if (payload && payload.notification) feed.receive(payload.notification);
  },
  onStatus: (status) => {
    view.tasks.dataset.live = status; // 'connecting', 'live', 'paused' or 'off' (the browser tests wait on it)
    liveStatus.textContent =
      status === 'paused'
        ? `Live updates are paused. Your list refreshes every ${LIVE_TIMINGS.pollMs / 1000} seconds.`
        : '';
  },
  onResync: (reason) => {
    store.refresh();
    // the count was fetched at sign-in; a later fresh stream may have missed notifications since
    if (reason === 'stream' && streamsOpened++ > 0) feed.loadCount();
  },
});

// --- views ---------------------------------------------------------------------------------------------------

function render() {
  renderTaskView(document, refs, store.state, editingId);
  view.footnote.hidden = view.tasks.hidden || store.state.tasks.length === 0;
  if (dialog.el.open) {
    // another tab or device changed the list while the question was open: keep it true
    if (store.state.tasks.length === 0) dialog.el.close('cancel');
    else dialog.text.textContent = deleteAllQuestion();
  }
}

function setMode(next) {
  mode = next;
  const register = mode === 'register';
  auth.title.textContent = register ? 'Create your account' : 'Sign in';
  auth.lead.textContent = register
    ? 'Pick an email and a password of at least 8 characters.'
    : 'Welcome back. Sign in to see your tasks.';
  auth.submit.textContent = register ? 'Create account' : 'Sign in';
  auth.switchText.textContent = register ? 'Already have an account?' : 'New here?';
  auth.switchButton.textContent = register ? 'Sign in instead' : 'Create an account';
  auth.password.setAttribute('autocomplete', register ? 'new-password' : 'current-password');
  auth.hint.hidden = !register;
  document.title = register ? 'Create account · Todo' : 'Sign in · Todo';
}

function showSignIn(message) {
  live.stop();
  bellMenu.close();
  feed.reset();
  editingId = null;
  store.reset();
  view.tasks.hidden = true;
  view.userBox.hidden = true;
  view.footnote.hidden = true;
  view.auth.hidden = false;
  setMode('signin');
  auth.password.value = '';
  setBusy(false);
  if (dialog.el.open) dialog.el.close();
  if (message) notices.error(message);
  auth.email.focus();
}

function showTasks() {
  view.auth.hidden = true;
  view.tasks.hidden = false;
  view.userBox.hidden = false;
  view.userEmail.textContent = session.email;
  document.title = 'Your tasks · Todo';
  store.setFilter(parseFilter(window.location.hash));
  render();
  store.load();
  streamsOpened = 0;
  feed.loadCount();
  live.start();
}

function setBusy(busy) {
  auth.submit.disabled = busy;
  auth.submit.setAttribute('aria-busy', String(busy));
  if (busy) auth.submit.textContent = mode === 'register' ? 'Creating account…' : 'Signing in…';
  else setMode(mode);
}

// --- sign in, register, sign out ------------------------------------------------------------------------------

auth.switchButton.addEventListener('click', () => {
  notices.clear();
  setMode(mode === 'register' ? 'signin' : 'register');
  auth.email.focus();
});

auth.form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const email = auth.email.value.trim();
  const password = auth.password.value;
  if (!email || !password) {
    notices.error('Enter your email and your password.');
    (email ? auth.password : auth.email).focus();
    return;
  }
  notices.clear();
  setBusy(true);
  try {
    if (mode === 'register') await api.register(email, password);
    await api.login(email, password);
    auth.password.value = '';
    const welcome = mode === 'register' ? 'Account created. Welcome!' : '';
    setBusy(false);
    showTasks();
    if (welcome) notices.info(welcome);
    newTask.input.focus();
  } catch (error) {
    setBusy(false);
    notices.error(error.message);
    auth.password.focus();
  }
});

$('logout').addEventListener('click', async () => {
  notices.clear();
  live.stop(); // this tab's stream would end with session_ended: that is no news here
  try {
    await api.logout();
    showSignIn();
    notices.info('You are signed out.');
  } catch (error) {
    showSignIn();
    notices.error(`You are signed out on this device, but the server could not be told: ${error.message}`);
  }
});

// --- tasks ----------------------------------------------------------------------------------------------------

newTask.form.addEventListener('submit', (event) => {
  event.preventDefault();
  const title = newTask.input.value;
  if (!title.trim()) {
    notices.error('Type a title for the task first.');
    newTask.input.focus();
    return;
  }
  notices.clear();
  newTask.input.value = '';
  store.add(title).then((result) => {
    // give the text back when the server refused it, so nothing typed is lost
    if (!result.ok && !newTask.input.value) newTask.input.value = title;
  });
});

function itemOf(node) {
  return node && node.closest ? node.closest('li.task') : null;
}

function focusItemControl(id, selector) {
  const li = Array.from(refs.list.children).find((item) => item.dataset.id === id);
  const control = li && li.querySelector(selector);
  if (control) control.focus();
}

function startEdit(id) {
  const task = store.state.tasks.find((t) => t.id === id);
  if (!task || task.pending) return;
  editingId = id;
  editingTitle = task.title;
  render();
  const li = Array.from(refs.list.children).find((item) => item.dataset.id === id);
  const input = editorInput(li);
  if (input) {
    input.focus();
    input.select();
  }
}

function stopEdit({ focus = true } = {}) {
  const id = editingId;
  editingId = null;
  render();
  if (focus && id) focusItemControl(id, '.task-edit');
}

refs.list.addEventListener('change', (event) => {
  if (!event.target.classList.contains('task-toggle')) return;
  const li = itemOf(event.target);
  if (li) store.toggle(li.dataset.id);
});

refs.list.addEventListener('click', (event) => {
  const button = event.target.closest('button');
  const li = itemOf(event.target);
  if (!button || !li) return;
  const id = li.dataset.id;
  if (button.classList.contains('task-edit')) startEdit(id);
  else if (button.classList.contains('task-cancel')) stopEdit();
  else if (button.classList.contains('task-delete')) {
    const next = li.nextElementSibling || li.previousElementSibling;
    store.remove(id); // the item leaves the list at once (optimistic); move focus somewhere sensible
    const target = next && next.isConnected ? next.querySelector('.task-toggle') : null;
    (target || newTask.input).focus();
  }
});

refs.list.addEventListener('dblclick', (event) => {
  if (!event.target.classList.contains('task-title')) return;
  const li = itemOf(event.target);
  if (li) startEdit(li.dataset.id);
});

refs.list.addEventListener('submit', (event) => {
  if (!event.target.classList.contains('task-editor')) return;
  event.preventDefault();
  const li = itemOf(event.target);
  const input = editorInput(li);
  if (!li || !input) return;
  const id = li.dataset.id;
  const title = input.value;
  if (!title.trim()) {
    notices.error('A task needs a title. Press Escape to keep the old one.');
    input.focus();
    return;
  }
  notices.clear();
  stopEdit();
  store.rename(id, title);
});

refs.list.addEventListener('keydown', (event) => {
  if (event.key === 'Escape' && event.target.classList.contains('task-edit-input')) {
    event.preventDefault();
    stopEdit();
  }
});

refs.retry.addEventListener('click', () => store.load());

refs.clearCompleted.addEventListener('click', async () => {
  notices.clear();
  const result = await store.clearCompleted();
  if (result.ok && result.count) {
    notices.info(`Cleared ${result.count} completed ${result.count === 1 ? 'task' : 'tasks'}.`);
  }
  if (document.activeElement === document.body || refs.clearCompleted.disabled) newTask.input.focus();
});

// --- delete all, behind a confirmation dialog -------------------------------------------------------------------

function deleteAllQuestion() {
  const total = store.state.tasks.length;
  const open = countOpen(store.state.tasks);
  return (
    `All ${total} ${total === 1 ? 'task' : 'tasks'} will be deleted` +
    (open ? `, including ${open} still open` : '') +
    ". This can't be undone."
  );
}

refs.deleteAll.addEventListener('click', () => {
  if (store.state.tasks.length === 0) return;
  dialog.text.textContent = deleteAllQuestion();
  dialog.el.returnValue = '';
  dialog.el.showModal();
  dialog.cancel.focus();
});

dialog.cancel.addEventListener('click', () => dialog.el.close('cancel'));
dialog.accept.addEventListener('click', () => dialog.el.close('confirm'));

dialog.el.addEventListener('close', async () => {
  if (dialog.el.returnValue !== 'confirm') {
    if (!view.tasks.hidden) (refs.deleteAll.disabled ? newTask.input : refs.deleteAll).focus();
    return;
  }
  notices.clear();
  newTask.input.focus();
  const result = await store.removeAll();
  if (result.ok && result.count) {
    notices.info(`Deleted ${result.count} ${result.count === 1 ? 'task' : 'tasks'}.`);
  }
});

// --- notifications menu ------------------------------------------------------------------------------------------

const bellMenu = createDisclosure({
  doc: document,
  button: bell.button,
  panel: bell.panel,
  heading: bell.heading,
  onOpen: () => feed.loadRecent(),
});

bell.markRead.addEventListener('click', async () => {
  const result = await feed.markAllRead();
  if (!result.ok && result.error && result.error.code !== SESSION_ENDED) notices.error(result.error.message);
  if (bellMenu.isOpen && (document.activeElement === document.body || bell.markRead.disabled)) bell.heading.focus();
});

feed.subscribe(() => renderBell(document, bell, feed.state));

// --- filters, a hidden page and start-up --------------------------------------------------------------------------

window.addEventListener('hashchange', () => {
  store.setFilter(parseFilter(window.location.hash));
});

document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'hidden') {
    live.pageHidden();
  } else {
    live.pageVisible();
    // notifications read in another tab have no event: the count is asked for again when this tab is shown
    if (session.signedIn && !view.tasks.hidden) feed.loadCount();
  }
});

store.subscribe(() => {
  if (editingId && !store.state.tasks.some((t) => t.id === editingId)) {
    // deleted in another tab or on another device (or by a bulk delete here) while its title was being edited
    editingId = null;
    notices.error(`“${editingTitle}” was deleted, so your edit was not saved.`);
  }
  render();
});

if (session.signedIn) showTasks();
else showSignIn();
