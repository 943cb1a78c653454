import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createDrafts, editToRestore, keptNote } from '../src/js/drafts.js';

const ADA = 'ada@example.com';
const BOB = 'bob@example.com';

describe('drafts: what was typed when the session ended', () => {
  it('keeps an open inline edit with its text for the same user, and says it comes back', () => {
    const drafts = createDrafts();
    const note = drafts.keep(ADA, { newTask: 'new half', edit: { id: '7', text: 'alpha half-typed edit', title: 'alpha' } });
    assert.equal(note, 'What you were typing comes back when you sign in again.');
    assert.deepEqual(drafts.take(ADA), {
      newTask: 'new half',
      addSent: false,
      edit: { id: '7', text: 'alpha half-typed edit', title: 'alpha', sent: false },
    });
    assert.equal(drafts.take(ADA), null, 'given back once');
  });

  it('gives nothing to another user, and forgets it then', () => {
    const drafts = createDrafts();
    drafts.keep(ADA, { edit: { id: '7', text: 'secret plan', title: 'plan' } });
    assert.equal(drafts.take(BOB), null);
    assert.equal(drafts.take(ADA), null);
  });

  it('keeps a rename under way when the session ends (a revoked login refuses it), and says it was not saved', () => {
    const drafts = createDrafts();
    const done = drafts.sendingRename('7', 'renamed', 'alpha');
    const note = drafts.keep(ADA, {});
    assert.equal(note, 'Your rename of “alpha” was not saved; it comes back when you sign in again.');
    done(false);
    assert.deepEqual(drafts.take(ADA).edit, { id: '7', text: 'renamed', title: 'alpha', sent: true });
  });

  it('keeps an add under way (its box already emptied) unless the server took it after all', () => {
    const drafts = createDrafts();
    const done = drafts.sendingAdd('buy milk');
    assert.equal(drafts.keep(ADA, { newTask: '' }), '“buy milk” was not added; it comes back when you sign in again.');
    done(false);
    assert.equal(drafts.take(ADA).newTask, 'buy milk');

    const taken = drafts.sendingAdd('buy bread');
    drafts.keep(ADA, {});
    taken(true); // answered 201 after the session ended elsewhere: adding it again would make a duplicate
    assert.equal(drafts.take(ADA), null);

    const renamed = drafts.sendingRename('7', 'beta', 'alpha');
    drafts.keep(ADA, {});
    renamed(true);
    assert.equal(drafts.take(ADA), null);
  });

  it('an add or rename answered before the session ended is no draft', () => {
    const drafts = createDrafts();
    drafts.sendingAdd('done already')(false); // refused for another reason: the box got it back
    drafts.sendingRename('7', 'x', 'alpha')(true);
    assert.equal(drafts.keep(ADA, {}), '');
    assert.equal(drafts.take(ADA), null);
  });

  it('the session said to end twice (another tab, then a 401) keeps what the first time kept', () => {
    const drafts = createDrafts();
    drafts.keep(ADA, { newTask: 'typed', edit: { id: '7', text: 'edit', title: 'alpha' } });
    assert.equal(drafts.keep(ADA, { newTask: '' }), 'What you were typing comes back when you sign in again.');
    const typed = drafts.take(ADA);
    assert.equal(typed.newTask, 'typed');
    assert.equal(typed.edit.text, 'edit');
  });

  it('says nothing when nothing was typed', () => {
    assert.equal(createDrafts().keep(ADA, { newTask: '' }), '');
    assert.equal(keptNote(null), '');
  });
});

describe('editToRestore', () => {
  const edit = { id: '7', text: 'beta ', title: 'alpha' };
  const state = (status, tasks) => ({ status, tasks });
  it('waits for the list, then opens the editor, or says the task is gone or already renamed', () => {
    assert.equal(editToRestore(edit, state('loading', [])), 'wait');
    assert.equal(editToRestore(edit, state('error', [])), 'wait');
    assert.equal(editToRestore(edit, state('ready', [{ id: '7', title: 'alpha' }])), 'open');
    assert.equal(editToRestore(edit, state('ready', [{ id: '8', title: 'alpha' }])), 'gone');
    assert.equal(editToRestore(edit, state('ready', [{ id: '7', title: 'beta' }])), 'saved');
    assert.equal(editToRestore(null, state('ready', [])), 'wait');
  });
});
