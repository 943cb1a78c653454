import assert from 'node:assert/strict';
import { it } from 'node:test';
import {
  codePointLength, countOpen, emptyMessage, filterTasks, itemsLeftLabel, normalizeTask, parseFilter, restore, removeWhere,
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
  assert.equal(codePointLength('a😀'), 2);
  assert.equal('a😀'.length, 3);
});

it('puts removed tasks back where they were', () => {
  const { kept, removed } = removeWhere(tasks, (x) => x.id !== '2');
  assert.deepEqual(kept.map((x) => x.id), ['2']);
  assert.deepEqual(restore(kept, removed).map((x) => x.id), ['1', '2', '3']);
  assert.deepEqual(restore(tasks, removed).map((x) => x.id), ['1', '2', '3']); // no duplicates
});
