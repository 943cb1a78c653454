import assert from 'node:assert/strict';
import { it } from 'node:test';
import {
  addedOutOfViewMessage, changeFromEvent, codePointLength, compareNumericIds, countOpen, deleteAllQuestion, emptyMessage,
  filterTasks, insertInOrder, itemsLeftLabel, normalizeTask, parseFilter, restore, removeWhere,
} from '../src/js/tasks.js';

const t = (id, completed) => ({ id: String(id), title: `t${id}`, completed, pending: false });
const tasks = [t(1, false), t(2, true), t(3, false)];

it('filters all, active and completed without changing the input', () => {
  assert.deepEqual(filterTasks(tasks, 'all').map((x) => x.id), ['1', '2', '3']);
  assert.deepEqual(filterTasks(tasks, 'active').map((x) => x.id), ['1', '3']);
  assert.deepEqual(filterTasks(tasks, 'completed').map((x) => x.id), ['2']);
  assert.notEqual(filterTasks(tasks, 'all'), tasks);
});

it('counts open tasks and says "N items left" in good English', () => {
  assert.equal(countOpen(tasks), 2);
  assert.equal(countOpen([]), 0);
  assert.equal(itemsLeftLabel(0), '0 items left');
  assert.equal(itemsLeftLabel(1), '1 item left');
  assert.equal(itemsLeftLabel(3), '3 items left');
});

it('reads the filter from the location hash', () => {
  assert.equal(parseFilter('#/active'), 'active');
  assert.equal(parseFilter('#/completed'), 'completed');
  assert.equal(parseFilter('#/'), 'all');
  assert.equal(parseFilter(''), 'all');
  assert.equal(parseFilter('#/bogus'), 'all');
});

it('has an empty-state sentence for each filter', () => {
  assert.match(emptyMessage('all', 0), /Nothing to do/);
  assert.match(emptyMessage('active', 2), /All done/);
  assert.match(emptyMessage('completed', 2), /No completed/);
});

it('normalises the server shape (id or ID, strict boolean)', () => {
  assert.deepEqual(normalizeTask({ ID: 5, title: 'x', completed: 'true' }).id, '5');
  assert.equal(normalizeTask({ id: 5, title: 'x', completed: 'true' }).completed, false);
  assert.equal(normalizeTask({ id: 5, title: 'x', completed: true }).completed, true);
});

it('counts code points as the server does', () => {
  // the server's counts (Java's codePointCount): an emoji is one, a family of four joined emoji is seven
  assert.equal(codePointLength('a😀'), 2);
  assert.equal(codePointLength('café'), 4);
  assert.equal(codePointLength('cafe\u0301'), 5);
  assert.equal(codePointLength('👩‍👩‍👧‍👦'), 7);
  assert.equal(codePointLength('🧪'.repeat(255)), 255);
  assert.equal(codePointLength(''), 0);
});

it('puts removed tasks back where they were', () => {
  const { kept, removed } = removeWhere(tasks, (x) => x.id !== '2');
  assert.deepEqual(kept.map((x) => x.id), ['2']);
  assert.deepEqual(restore(kept, removed).map((x) => x.id), ['1', '2', '3']);
  assert.deepEqual(restore(tasks, removed).map((x) => x.id), ['1', '2', '3']); // no duplicates
});

it('turns a live event into the change the list applies', () => {
  const notification = (extra) => ({ id: '9', task_id: 7, title: 'Buy milk', completed: true, changed: [], count: null, at: '2026-11-25T10:00:00Z', read: false, ...extra });
  const task = { id: 7, ID: 7, title: 'Buy milk', completed: true, created_at: 'c', updated_at: 'u' };
  assert.deepEqual(changeFromEvent('task.updated', { notification: notification({ changed: ['completed'] }), task }), {
    type: 'task.updated', id: '7', task: normalizeTask(task), fields: ['completed'], count: null,
  });
  // without the task (e.g. a delete), the notification's title and completed stand in for it
  const deleted = changeFromEvent('task.deleted', { notification: notification({ type: 'task.deleted' }), task: null });
  assert.equal(deleted.id, '7');
  assert.equal(deleted.task.title, 'Buy milk');
  assert.deepEqual(deleted.fields, ['title', 'completed']);
  assert.deepEqual(changeFromEvent('tasks.deleted', { notification: notification({ task_id: null, title: null, completed: null, count: 3 }), task: null }), {
    type: 'tasks.deleted', id: null, task: null, fields: [], count: 3,
  });
  assert.equal(changeFromEvent('something.else', { notification: notification() }), null);
  assert.equal(changeFromEvent('task.created', null), null);
  assert.equal(changeFromEvent('task.created', { notification: { id: '1' }, task: null }), null, 'no task id: nothing to apply');
});

it('inserts a task made elsewhere in id order, before the ones still being saved', () => {
  const list = [t(2, false), t(10, false), { ...t('tmp-1', false), pending: true }];
  assert.deepEqual(insertInOrder(list, t(9, false)).map((x) => x.id), ['2', '9', '10', 'tmp-1']);
  assert.deepEqual(insertInOrder(list, t(11, false)).map((x) => x.id), ['2', '10', '11', 'tmp-1']);
  assert.deepEqual(insertInOrder([], t(1, false)).map((x) => x.id), ['1']);
  assert.equal(compareNumericIds('9', '10') < 0, true);
  assert.equal(compareNumericIds('9007199254740993', '9007199254740992') > 0, true, 'no precision lost above 2^53');
});

it('asks the delete-all question in good English, for one task too', () => {
  assert.equal(deleteAllQuestion([t(1, false)]), "Your 1 task will be deleted. This can't be undone.");
  assert.equal(deleteAllQuestion(tasks), "All 3 tasks will be deleted, including 2 still open. This can't be undone.");
  assert.equal(deleteAllQuestion([t(1, true), t(2, true)]), "All 2 tasks will be deleted. This can't be undone.");
});

it('says where a new task went when the current filter hides it, and nothing when the view shows it', () => {
  const added = { id: '9', title: 'Buy milk', completed: false, pending: false };
  assert.equal(addedOutOfViewMessage(added, 'completed'), 'Added “Buy milk” to your active tasks.');
  assert.equal(addedOutOfViewMessage(added, 'all'), '');
  assert.equal(addedOutOfViewMessage(added, 'active'), '');
});
