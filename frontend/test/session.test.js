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
