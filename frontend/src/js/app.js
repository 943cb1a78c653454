// Wiring: builds the session, API client, store, live updates and notification feed, and connects them to the
// page's events. The logic lives in the modules it imports; this file only decides what happens when the user
// (or the live stream) does something.

import { createApi, SESSION_ENDED, unavailableService } from './api.js';
import { createDisclosure, renderBell } from './bell.js';
import { createReadBroadcast } from './broadcast.js';
import { createDeleteGuard, isDoubledPress } from './clicks.js';
import { createDrafts, editToRestore } from './drafts.js';
import { createFeed } from './feed.js';
import { createLiveUpdates, LIVE_TIMINGS, resyncsCount } from './live.js';
import { createNotices } from './notice.js';
import { editorInput, renderTaskView } from './render.js';
import { createSession, HINT_KEY, silentSignInFailure } from './session.js';
import { createStore } from './store.js';
import { addedOutOfViewMessage, changeFromEvent, deleteAllQuestion, parseFilter } from './tasks.js';

const $ = (id) => document.getElementById(id);

const view = {
  boot: $('boot-view'),
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
  // an error saying the tasks (or the whole server) did not answer: the list, asked again, tells (its answer hides
  // it); the notifications' own errors go when the stream is back
  recheck: (service) => {
    if (service !== 'notifications' && session.signedIn && !view.tasks.hidden) store.refresh();
  },
});

/** window.localStorage, or null where the browser blocks it (then each tab signs in on its own, as before). */
function sharedStorage() {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

const session = createSession(window.sessionStorage, sharedStorage());
const api = createApi({
  fetch: (...args) => window.fetch(...args),
  session,
  onSessionEnded: (error) => showSignIn(error.message, { email: session.lastEmail }),
});
const store = createStore({
  api,
  notify: (message, kind, error) => notices.show(message, kind, { unavailable: unavailableService(error, 'tasks') }),
  answered: (askedAt) => notices.answered('tasks', askedAt),
});
const feed = createFeed({ api });

let mode = 'signin'; // or 'register'
let editingId = null;
let editingTitle = ''; // the title when the editor opened: text still equal to it is no change
let dialogOpenings = 0; // which opening of the delete-all dialog a refresh belongs to
const deleteGuard = createDeleteGuard();

const BLANK_TITLE = 'A task needs a title. Press Escape to keep the old one.';
// long enough to be read in a tab the user comes back to later; the next action replaces it
const SIGNED_OUT_ELSEWHERE_MS = 10 * 60 * 1000;
let streamsOpened = 0; // since signing in
let countedInGap = false; // the unread count was fetched while no stream was open (see feed.recountAfterReplay)
let streamStatus = 'off';
let addedAt = -Infinity; // when Enter (or Add) last added a task
let boxEdits = 0; // input events of the new-task box
let savedByEnter = { id: null, at: -Infinity }; // the task whose editor Enter last saved, and when
// what the user typed and had not saved when the session ended, given back to that user only (drafts.js)
const drafts = createDrafts();
let editToReopen = null; // a kept edit to open again once the list has loaded

const live = createLiveUpdates({
  api,
  onEvent: ({ type, payload }) => {
    notices.answered('tasks'); // a change that the task service made, so it answers again
    store.applyEvent(changeFromEvent(type, payload));
    if (payload && payload.notification) feed.receive(payload.notification);
  },
  onStatus: (status) => {
    streamStatus = status;
    if (status === 'live' && countedInGap) {
      countedInGap = false;
      feed.recountAfterReplay();
    }
    if (status === 'live') {
      notices.answered('notifications'); // the edge and the notifier answer again
      // and the tasks? A 503 from the balancer while the edge was down says "tasks" too: the list, asked once,
      // tells (its answer hides the error)
      if (notices.unavailable === 'tasks') store.refresh();
    }
    view.tasks.dataset.live = status; // 'connecting', 'live', 'paused' or 'off' (the browser tests wait on it)
    liveStatus.textContent =
      status === 'paused'
        ? `Live updates are paused. Your list refreshes every ${LIVE_TIMINGS.pollMs / 1000} seconds.`
        : '';
  },
  onResync: (reason) => {
    store.refresh();
    const streamsBefore = reason === 'stream' ? streamsOpened++ : streamsOpened;
    if (resyncsCount(reason, streamsBefore, feed.state.unread !== null || feed.state.supported === false)) {
      loadCount();
    }
  },
});

/** The unread count fetched again after sign-in: while no stream is open, a resumed one may replay some of it. */
function loadCount({ recent = false } = {}) {
  if (streamStatus !== 'live') countedInGap = true;
  if (recent) feed.loadRecent(); // (the count too)
  else feed.loadCount();
}

// --- views ---------------------------------------------------------------------------------------------------

function render() {
  renderTaskView(document, refs, store.state, editingId);
  view.footnote.hidden = view.tasks.hidden || store.state.tasks.length === 0;
  if (dialog.el.open) {
    // another tab or device changed the list while the question was open: keep it true
    if (store.state.tasks.length === 0) dialog.el.close('cancel');
    else dialog.text.textContent = deleteAllQuestion(store.state.tasks);
  }
}

function setMode(next) {
  mode = next;
  const register = mode === 'register';
  auth.title.textContent = register ? 'Create your account' : 'Sign in';
  auth.lead.textContent = register
    ? 'Pick an email and a password of 8 to 72 characters.'
    : 'Welcome back. Sign in to see your tasks.';
  auth.submit.textContent = register ? 'Create account' : 'Sign in';
  auth.switchText.textContent = register ? 'Already have an account?' : 'New here?';
  auth.switchButton.textContent = register ? 'Sign in instead' : 'Create an account';
  auth.password.setAttribute('autocomplete', register ? 'new-password' : 'current-password');
  auth.hint.hidden = !register;
  document.title = register ? 'Create account · Todo' : 'Sign in · Todo';
}

/**
 * `email`: the user whose session ended, so that only the password is left to type. Returns the sentence saying
 * that what was typed comes back at the next sign-in ('' when nothing was), which `message` is followed by.
 */
function showSignIn(message, { email = '' } = {}) {
  live.stop();
  bellMenu.close();
  feed.reset();
  // what was typed (the new-task box, an open editor, an add or a rename under way) is not left for the next user
  // of this page: it is kept for this one
  const editor = editingId ? editorInput(itemById(editingId)) : null;
  const note = drafts.keep(session.lastEmail, {
    newTask: newTask.input.value,
    edit: editor && editor.value.trim() ? { id: editingId, text: editor.value, title: editingTitle } : editToReopen,
  });
  editingId = null;
  editToReopen = null;
  store.reset();
  newTask.input.value = '';
  view.boot.hidden = true;
  view.tasks.hidden = true;
  view.userBox.hidden = true;
  view.footnote.hidden = true;
  view.auth.hidden = false;
  setMode('signin');
  auth.password.value = '';
  setBusy(false);
  if (dialog.el.open) dialog.el.close();
  if (message) notices.error(note ? `${message} ${note}` : message);
  if (email) auth.email.value = email;
  (email ? auth.password : auth.email).focus();
  return note;
}

function showTasks() {
  view.boot.hidden = true;
  view.auth.hidden = true;
  view.tasks.hidden = false;
  view.userBox.hidden = false;
  view.userEmail.textContent = session.email;
  document.title = 'Your tasks · Todo';
  store.setFilter(parseFilter(window.location.hash));
  render();
  store.load();
  streamsOpened = 0;
  countedInGap = false;
  const typed = drafts.take(session.email);
  newTask.input.value = typed ? typed.newTask : '';
  editToReopen = typed ? typed.edit : null; // once the list has loaded (store.subscribe)
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
  stopSilentRetry();
  setBusy(true);
  const registering = mode === 'register';
  try {
    if (registering) await api.register(email, password);
  } catch (error) {
    setBusy(false);
    notices.error(error.message);
    auth.password.focus();
    return;
  }
  try {
    await api.login(email, password);
    auth.password.value = '';
    setBusy(false);
    showTasks();
    if (registering) notices.info('Account created. Welcome!');
    newTask.input.focus();
  } catch (error) {
    if (registering) {
      // the account exists now: registering again would answer "already registered", signing in is what is left
      mode = 'signin';
      setBusy(false);
      notices.error(`Your account was created, but signing in failed: ${withoutFullStop(error.message)}. Try signing in.`);
      auth.submit.focus();
      return;
    }
    setBusy(false);
    notices.error(error.message);
    auth.password.focus();
  }
});

function withoutFullStop(text) {
  return String(text || 'the server did not answer').replace(/\.\s*$/, '');
}

const logoutButton = $('logout');

function setLogoutBusy(busy) {
  logoutButton.disabled = busy; // a second click would send a second logout, refused with 401
  logoutButton.setAttribute('aria-busy', String(busy));
  logoutButton.textContent = busy ? 'Signing out…' : 'Sign out';
}

logoutButton.addEventListener('click', async () => {
  notices.clear();
  live.stop(); // this tab's stream would end with session_ended: that is no news here
  // the other tabs learn it now (the 'storage' event), before the server ends the login they share
  session.forgetHint();
  setLogoutBusy(true);
  try {
    await api.logout();
    showSignIn();
    notices.info('You are signed out.');
  } catch (error) {
    showSignIn();
    notices.error(`You are signed out on this device, but the server could not be told: ${error.message}`);
  } finally {
    setLogoutBusy(false);
  }
});

// another tab signed out (or its session ended): this tab's tokens belong to the same browser's login, so they
// are dead too; stop now rather than at the next request
window.addEventListener('storage', (event) => {
  if (event.key !== HINT_KEY && event.key !== null) return; // null: the whole storage was cleared
  if (session.hinted || !session.signedIn || view.tasks.hidden) return;
  live.stop();
  session.clear();
  const note = showSignIn();
  notices.info(note ? `You signed out in another tab. ${note}` : 'You signed out in another tab.', SIGNED_OUT_ELSEWHERE_MS);
});

// --- tasks ----------------------------------------------------------------------------------------------------

// a second Enter counts as doubled only while the focus has stayed in the box since the first
newTask.input.addEventListener('blur', () => {
  addedAt = -Infinity;
});

newTask.form.addEventListener('submit', (event) => {
  event.preventDefault();
  const title = newTask.input.value;
  if (!title.trim()) {
    if (isDoubledPress(addedAt, performance.now())) return; // the box is empty because the first press added it
    notices.error('Type a title for the task first.');
    newTask.input.focus();
    return;
  }
  notices.clear();
  newTask.input.value = '';
  addedAt = performance.now();
  const sent = drafts.sendingAdd(title);
  store.add(title).then((result) => {
    sent(result.ok);
    // the session ended: drafts kept the text for the next sign-in of this user
    if (!result.ok && result.error && result.error.code === SESSION_ENDED) return;
    // under a filter that hides it (Completed) the new task would vanish without a word
    if (result.ok) {
      sayWhereAddedWent(result.task);
      return;
    }
    // give the text back when the server refused it, so nothing typed is lost
    if (newTask.input.value) return;
    newTask.input.value = title;
    // an add answered 504 may still land: once the list shows it did, the text given back would invite a duplicate
    const edits = boxEdits;
    if (result.landed) {
      result.landed.then((task) => {
        if (!task || view.tasks.hidden || boxEdits !== edits || newTask.input.value !== title) return;
        newTask.input.value = '';
        notices.info(`“${task.title}” was added after all.`);
      });
    }
  });
});

// the user's own changes to the box: text given back that the user touched is theirs, never cleared
newTask.input.addEventListener('input', () => {
  boxEdits += 1;
});

function sayWhereAddedWent(task) {
  const message = view.tasks.hidden ? '' : addedOutOfViewMessage(task, store.state.filter);
  if (message) notices.info(message);
}

function itemOf(node) {
  return node && node.closest ? node.closest('li.task') : null;
}

function itemById(id) {
  return Array.from(refs.list.children).find((item) => item.dataset.id === id) || null;
}

function focusItemControl(id, selector) {
  const li = itemById(id);
  const control = li && li.querySelector(selector);
  if (control) control.focus();
}

/** After `li` left the list: focus the checkbox of the row that took its place, else the new-task input. */
function focusAfterLeaving(li, neighbour) {
  if (li.isConnected) return;
  const target = neighbour && neighbour.isConnected ? neighbour.querySelector('.task-toggle') : null;
  // (a task still being saved has its checkbox disabled: focusing it would leave the focus on <body>)
  (target && !target.disabled ? target : newTask.input).focus();
}

/**
 * Opens the editor of a task. An editor open on another task is saved first, as Enter would; when it cannot be
 * (a blank title) it stays open and this one does not open. `text`: what to put in instead of the title.
 */
function startEdit(id, { text } = {}) {
  const task = store.state.tasks.find((t) => t.id === id);
  if (!task || task.pending || editingId === id) return;
  if (editingId && !saveEdit({ focus: false })) return;
  editingId = id;
  editingTitle = task.title;
  render();
  const input = editorInput(itemById(id));
  if (!input) {
    editingId = null; // not in the filtered view
    return;
  }
  input.focus();
  if (text === undefined) {
    input.select();
  } else {
    input.value = text;
    input.setSelectionRange(text.length, text.length);
  }
}

function stopEdit({ focus = true } = {}) {
  const id = editingId;
  editingId = null;
  render();
  if (focus && id) focusItemControl(id, '.task-edit');
}

/** Escape or Cancel: the typed text goes, and so does a blank-title error about it. */
function cancelEdit() {
  notices.dismiss(BLANK_TITLE);
  stopEdit();
}

/**
 * Saves the open editor (Enter, or opening another one). Returns false when it stays open: a blank title.
 * A refused rename opens the editor again with the typed text, so nothing typed is lost.
 */
function saveEdit({ focus = true } = {}) {
  const id = editingId;
  const input = editorInput(itemById(id));
  if (!input) {
    stopEdit({ focus: false });
    return true;
  }
  const title = input.value;
  if (!title.trim()) {
    notices.error(BLANK_TITLE);
    input.focus();
    return false;
  }
  notices.dismiss(BLANK_TITLE);
  const unchanged = title.trim() === editingTitle; // saving it could undo a rename made elsewhere meanwhile
  const before = editingTitle;
  stopEdit({ focus });
  if (unchanged) return true;
  const sent = drafts.sendingRename(id, title, before);
  store.rename(id, title).then((result) => {
    sent(result.ok);
    reopenRefused(id, title, result);
  });
  return true;
}

function reopenRefused(id, title, result) {
  // (the session ended: drafts kept the text, and it opens again at the next sign-in of this user)
  if (result.ok || !result.error || result.error.code === SESSION_ENDED) return;
  // the store has shown why; reopen unless the user moved on to another editor or the task is gone
  if (editingId !== null || view.tasks.hidden) return;
  if (!store.state.tasks.some((t) => t.id === id)) return;
  startEdit(id, { text: title });
}

refs.list.addEventListener('change', (event) => {
  if (!event.target.classList.contains('task-toggle')) return;
  const li = itemOf(event.target);
  if (!li) return;
  const neighbour = li.nextElementSibling || li.previousElementSibling;
  store.toggle(li.dataset.id);
  focusAfterLeaving(li, neighbour); // it left a filtered view (Active, Completed): focus stays in the list
});

refs.list.addEventListener('click', (event) => {
  const button = event.target.closest('button');
  const li = itemOf(event.target);
  if (!button || !li) return;
  const id = li.dataset.id;
  if (button.classList.contains('task-edit')) {
    // (detail 0: pressed with the keyboard) Enter doubled on the editor just saved, now on its Edit button
    if (event.detail === 0 && savedByEnter.id === id && isDoubledPress(savedByEnter.at, performance.now())) return;
    startEdit(id);
  }
  else if (button.classList.contains('task-cancel')) cancelEdit();
  else if (button.classList.contains('task-delete')) {
    // the row leaves at once and the next slides under the pointer: a double-click deletes one task, not two
    if (!deleteGuard.accept(id, event.detail)) return;
    const next = li.nextElementSibling || li.previousElementSibling;
    store.remove(id); // the item leaves the list at once (optimistic); move focus somewhere sensible
    focusAfterLeaving(li, next);
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
  if (!li || li.dataset.id !== editingId) return;
  const input = editorInput(li);
  if (input && input.value.trim()) notices.clear();
  if (saveEdit()) savedByEnter = { id: li.dataset.id, at: performance.now() };
});

refs.list.addEventListener('keydown', (event) => {
  if (event.key === 'Escape' && event.target.classList.contains('task-edit-input')) {
    event.preventDefault();
    cancelEdit();
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

function setConfirmReady(ready) {
  dialog.accept.disabled = !ready;
  dialog.accept.setAttribute('aria-busy', String(!ready));
}

refs.deleteAll.addEventListener('click', () => {
  // the server deletes all it has: only a loaded list can say what that is
  if (store.state.status !== 'ready' || store.state.tasks.length === 0) return;
  dialog.text.textContent = deleteAllQuestion(store.state.tasks);
  dialog.el.returnValue = '';
  dialog.el.showModal();
  dialog.cancel.focus();
  // the list may be stale (live updates paused, another device): fetch it before the user can confirm; render()
  // keeps the question true to what arrives
  setConfirmReady(false);
  const opening = ++dialogOpenings;
  store.refresh().finally(() => {
    if (opening === dialogOpenings) setConfirmReady(true);
  });
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
  onOpen: () => loadCount({ recent: true }),
});

// "Mark all read" has no live event: the user's other tabs of this browser are told here, or their count stays stale
const readBroadcast = createReadBroadcast({
  user: () => (session.signedIn && !view.tasks.hidden ? session.email : ''),
  onRead: () => {
    // a hidden tab asks when it is shown again (visibilitychange), so it spends no request while nobody looks
    if (document.visibilityState === 'hidden') return;
    loadCount({ recent: bellMenu.isOpen });
  },
});

bell.markRead.addEventListener('click', async () => {
  const askedAt = performance.now();
  const result = await feed.markAllRead();
  if (result.ok) {
    readBroadcast.announce();
    notices.answered('notifications', askedAt);
  }
  if (!result.ok && result.error && result.error.code !== SESSION_ENDED) {
    notices.error(result.error.message, { unavailable: unavailableService(result.error, 'notifications') });
  }
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
    if (session.signedIn && !view.tasks.hidden) loadCount();
  }
});

store.subscribe(() => {
  if (editingId && !store.state.tasks.some((t) => t.id === editingId)) {
    closeDeletedEditor();
    return;
  }
  // a row holding the focus that leaves (deleted elsewhere, say) would drop it to <body>: its neighbour takes it
  const focused = itemOf(document.activeElement);
  const neighbour = focused && (focused.nextElementSibling || focused.previousElementSibling);
  render();
  if (focused) focusAfterLeaving(focused, neighbour);
  // the list could not be loaded (a reload during an outage, or Try again failing again, whose button was hidden
  // while it loaded): the focus nobody holds goes to Try again, not <body>
  if (store.state.status === 'error' && !view.tasks.hidden && !refs.retry.hidden && focusIsNowhere()) refs.retry.focus();
  reopenKept();
});

function focusIsNowhere() {
  return !document.activeElement || document.activeElement === document.body;
}

/** The edit kept when the session ended, opened again with its text once the list shows its task. */
function reopenKept() {
  if (!editToReopen || editingId || view.tasks.hidden) return;
  const edit = editToReopen;
  const what = editToRestore(edit, store.state);
  if (what === 'wait') return;
  if (what === 'open' && !itemById(edit.id)) return; // hidden by the filter: it opens when the task shows
  editToReopen = null;
  if (what === 'gone') notices.error(`“${edit.title}” was deleted, so your edit was not saved.`);
  else if (what === 'open') startEdit(edit.id, { text: edit.text });
}

/**
 * The task being edited was deleted in another tab or on another device (or by a bulk delete here): the editor
 * goes with its row, and the focus it held would drop to <body>; it moves to the row that takes its place.
 */
function closeDeletedEditor() {
  const li = itemById(editingId);
  const hadFocus = Boolean(li && li.contains(document.activeElement));
  const neighbour = li && (li.nextElementSibling || li.previousElementSibling);
  editingId = null;
  notices.error(`“${editingTitle}” was deleted, so your edit was not saved.`);
  render();
  if (hadFocus) focusAfterLeaving(li, neighbour);
}

/**
 * A tab without a session of its own, in a browser where the user signed in: sign in with the refresh cookie
 * (under the API client's Web Lock, so no two tabs send the same one-use cookie), showing a neutral loading state
 * rather than a sign-in form that would flash by. When the server did not answer (a network failure, 429, 5xx) the
 * form says so, with the hint's email, and the refresh is tried again by itself (session.js silentSignInFailure)
 * until it answers, the user signs in, or the hint goes.
 */
let silentRetry = null; // the timer of the next silent sign-in

async function signInSilently(attempt = 0) {
  silentRetry = null;
  if (attempt === 0) {
    view.auth.hidden = true;
    view.tasks.hidden = true;
    view.boot.hidden = false;
  }
  try {
    await api.refresh();
  } catch (error) {
    const failure = silentSignInFailure(error, attempt);
    // a refused cookie: forget the hint so no tab tries it again; a network failure, 429 or 5xx keeps it (removing
    // it would sign the user's other tabs out, see the 'storage' listener)
    if (!failure) session.forgetHint();
    if (attempt === 0) showSignIn(failure ? failure.message : '', { email: session.hintEmail });
    else if (!failure) notices.clear(); // the form, with no error: the user signs in
    if (failure) silentRetry = window.setTimeout(() => retrySilently(attempt + 1), failure.retryMs);
    return;
  }
  if (attempt > 0) notices.clear(); // the outage it reported is over
  showTasks();
  newTask.input.focus();
}

function retrySilently(attempt) {
  // signed in meanwhile (the form), signing in now, or signed out in another tab: nothing to try
  if (session.signedIn || !session.hinted || view.auth.hidden || auth.submit.disabled) return;
  signInSilently(attempt);
}

function stopSilentRetry() {
  if (silentRetry) window.clearTimeout(silentRetry);
  silentRetry = null;
}

if (session.signedIn) showTasks();
else if (session.hinted) signInSilently();
else showSignIn(); // no hint: never spend a refresh (and its rate limit) on a visitor who never signed in
