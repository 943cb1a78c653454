import assert from 'node:assert/strict';
import { it } from 'node:test';
import { createSession } from '../src/js/session.js';
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
