import assert from 'node:assert/strict';
import { it } from 'node:test';
import { ApiError } from '../src/js/api.js';
import { createSession, SILENT_RETRY_MS, silentSignInFailure } from '../src/js/session.js';
import { memoryStorage } from './fake-fetch.js';

it('keeps the access token and email across a reload (sessionStorage), never a refresh token', () => {
  const storage = memoryStorage();
  const a = createSession(storage);
  assert.equal(a.signedIn, false);
  a.save({ access_token: 'tok', token: 'tok', refresh_token: 'must-not-be-kept', user: { id: 1, email: 'ada@example.com' } });
  const b = createSession(storage);
  assert.equal(b.token, 'tok');
  assert.equal(b.email, 'ada@example.com');
  assert.ok(!JSON.stringify(storage.dump()).includes('must-not-be-kept'));
});

it('a refresh answer without a user keeps the email; clear forgets everything', () => {
  const storage = memoryStorage();
  const s = createSession(storage);
  s.save({ token: 'one', user: { email: 'ada@example.com' } });
  s.save({ access_token: 'two' });
  assert.equal(s.token, 'two');
  assert.equal(s.email, 'ada@example.com');
  s.clear();
  assert.equal(s.signedIn, false);
  assert.equal(createSession(storage).signedIn, false);
});

it('treats unreadable or blocked storage as signed out', () => {
  assert.equal(createSession(memoryStorage({ 'todo.session': '{not json' })).signedIn, false);
  const blocked = { getItem() { throw new Error('denied'); }, setItem() { throw new Error('denied'); }, removeItem() {} };
  const s = createSession(blocked);
  assert.equal(s.signedIn, false);
  s.save({ access_token: 'tok' });
  assert.equal(s.token, 'tok'); // still works in memory
});

it('keeps a non-secret signed-in hint (the email) for the other tabs: written on sign-in and refresh, removed on clear', () => {
  const tab = memoryStorage();
  const browser = memoryStorage();
  const s = createSession(tab, browser);
  assert.equal(s.hinted, false);
  s.save({ access_token: 'tok', user: { email: 'ada@example.com' } });
  assert.deepEqual(browser.dump(), { 'todo.signedIn': 'ada@example.com' }, 'the email only, never a token');
  const newTab = createSession(memoryStorage(), browser);
  assert.equal(newTab.signedIn, false, 'a new tab has no token of its own');
  assert.equal(newTab.hinted, true, 'but knows it may sign in with the refresh cookie');
  browser.removeItem('todo.signedIn');
  newTab.save({ access_token: 'renewed' }); // a refresh answer writes it again
  assert.equal(browser.dump()['todo.signedIn'], '?');
  s.clear();
  assert.equal(newTab.hinted, false, 'signing out removes it for every tab');
  s.save({ access_token: 'tok', user: { email: 'ada@example.com' } });
  newTab.forgetHint();
  assert.equal(s.hinted, false);
  assert.equal(s.token, 'tok', 'forgetting the hint leaves the session alone');
});

it('remembers the email of the ended session, in memory only, so the sign-in form can offer it', () => {
  const storage = memoryStorage();
  createSession(storage).save({ token: 'tok', user: { email: 'ada@example.com' } });
  const reloaded = createSession(storage); // a reload: the session comes from sessionStorage
  assert.equal(reloaded.lastEmail, 'ada@example.com');
  reloaded.clear(); // the session ended (a refused refresh)
  assert.equal(reloaded.email, '');
  assert.equal(reloaded.lastEmail, 'ada@example.com');
  assert.ok(!JSON.stringify(storage.dump()).includes('ada@example.com'), 'nothing of it stays in storage');
  reloaded.save({ token: 'other', user: { email: 'bob@example.com' } });
  assert.equal(reloaded.lastEmail, 'bob@example.com');
  assert.equal(createSession(memoryStorage()).lastEmail, '');
});

it("names the hint's email for a sign-in form the silent sign-in could not spare", () => {
  const shared = memoryStorage();
  const s = createSession(memoryStorage(), shared);
  assert.equal(s.hintEmail, '');
  s.save({ token: 'one', user: { email: 'ada@example.com' } });
  const newTab = createSession(memoryStorage(), shared);
  assert.equal(newTab.hintEmail, 'ada@example.com');
  s.save({ token: 'two' });
  shared.setItem('todo.signedIn', '?'); // signed in without an email known
  assert.equal(newTab.hintEmail, '');
});

it('a silent sign-in the server did not answer says so and is tried again, less and less often; a refused one is not', () => {
  assert.equal(silentSignInFailure(new ApiError('x', { status: 401 })), null);
  assert.equal(silentSignInFailure(new ApiError('x', { status: 400 })), null);
  const down = silentSignInFailure(new ApiError('x', { status: 503 }));
  assert.equal(down.message, 'The service is unavailable right now, so you could not be signed in. This page tries again by itself, or sign in below.');
  assert.equal(down.retryMs, SILENT_RETRY_MS.first);
  assert.match(silentSignInFailure(new ApiError('x', { status: 0 })).message, /^Can't reach the server/);
  assert.equal(silentSignInFailure(new ApiError('x', { status: 502 }), 1).retryMs, SILENT_RETRY_MS.first * 2);
  assert.equal(silentSignInFailure(new ApiError('x', { status: 502 }), 10).retryMs, SILENT_RETRY_MS.max);
  assert.equal(silentSignInFailure(new ApiError('x', { status: 429, retryAfter: 40 })).retryMs, 40000, 'Retry-After');
});
