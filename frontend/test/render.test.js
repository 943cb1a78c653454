import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTaskItem, renderTaskList, renderTaskView, updateTaskItem } from '../src/js/render.js';
import { doc, Element, Text } from './mini-dom.js';

const task = (id, title, completed = false, pending = false) => ({ id: String(id), title, completed, pending });
const XSS = '<img src=x onerror=alert(1)>';

function view() {
  const refs = {
    list: new Element('ul'),
    status: new Element('div'),
    retry: new Element('button'),
    itemsLeft: new Element('p'),
    clearCompleted: new Element('button'),
    deleteAll: new Element('button'),
    filterLinks: ['all', 'active', 'completed'].map((filter) => ({ el: new Element('a'), filter })),
  };
  return refs;
}

describe('render', () => {
  it('puts a hostile title in as a text node, never as markup', () => {
    const li = buildTaskItem(doc, task(1, XSS));
    const title = li.find('task-title');
    assert.equal(title.childNodes.length, 1);
    assert.ok(title.childNodes[0] instanceof Text);
    assert.equal(title.textContent, XSS);
    assert.equal(li.all().some((e) => e.tagName === 'IMG'), false);
    assert.equal(li.find('task-delete').getAttribute('aria-label'), `Delete “${XSS}”`);
  });

  it('labels each control: checkbox by the title, Edit and Delete by name', () => {
    const li = buildTaskItem(doc, task(4, 'Buy milk', true));
    const toggle = li.find('task-toggle');
    assert.equal(toggle.getAttribute('type'), 'checkbox');
    assert.equal(toggle.getAttribute('aria-labelledby'), li.find('task-title').getAttribute('id'));
    assert.equal(toggle.checked, true);
    assert.ok(li.classList.contains('is-completed'));
    assert.equal(li.find('task-edit').getAttribute('aria-label'), 'Edit “Buy milk”');
  });

  it('disables the controls of a task that is still being saved', () => {
    const li = buildTaskItem(doc, task('tmp-1', 'saving', false, true));
    assert.ok(li.classList.contains('is-pending'));
    assert.equal(li.find('task-toggle').disabled, true);
    assert.equal(li.find('task-edit').disabled, true);
    assert.equal(li.find('task-delete').disabled, true);
    // and enabled again once it is saved
    updateTaskItem(li, task('tmp-1', 'saving', false, false));
    assert.equal(li.find('task-toggle').disabled, false);
    assert.equal(li.find('task-edit').disabled, false);
    assert.equal(li.find('task-delete').disabled, false);
  });

  it('reuses items by id so that focus survives, and follows order, removals and the editor', () => {
    const list = new Element('ul');
    renderTaskList(doc, list, [task(1, 'a'), task(2, 'b'), task(3, 'c')], null);
    const [a, b, c] = list.children;
    renderTaskList(doc, list, [task(3, 'c'), task(1, 'a!', true)], null);
    assert.deepEqual(list.children, [c, a]);
    assert.equal(a.find('task-title').textContent, 'a!');
    assert.equal(b.parentNode, null);
    renderTaskList(doc, list, [task(3, 'c'), task(1, 'a!', true)], '1');
    const editing = list.children[1];
    assert.notEqual(editing, a);
    assert.equal(editing.dataset.editing, 'true');
    const input = editing.find('task-edit-input');
    assert.equal(input.value, 'a!');
    const label = editing.all().find((e) => e.tagName === 'LABEL');
    assert.equal(label.getAttribute('for'), input.getAttribute('id'));
    renderTaskList(doc, list, [task(3, 'c'), task(1, XSS)], '1');
    assert.equal(list.children[1], editing, 'the editor is kept while editing');
  });

  it('renders the count, the empty state, the loading state and the filter links', () => {
    const refs = view();
    renderTaskView(doc, refs, { tasks: [], filter: 'all', status: 'loading', loadError: '' }, null);
    assert.match(refs.status.textContent, /Loading/);
    assert.equal(refs.list.getAttribute('aria-busy'), 'true');

    const tasks = [task(1, 'a'), task(2, 'b', true), task(3, 'c')];
    renderTaskView(doc, refs, { tasks, filter: 'active', status: 'ready', loadError: '' }, null);
    assert.equal(refs.itemsLeft.textContent, '2 items left');
    assert.equal(refs.list.children.length, 2);
    assert.equal(refs.status.hidden, true);
    assert.equal(refs.clearCompleted.disabled, false);
    assert.equal(refs.filterLinks[1].el.getAttribute('aria-current'), 'page');
    assert.equal(refs.filterLinks[0].el.getAttribute('aria-current'), null);

    renderTaskView(doc, refs, { tasks: [task(2, 'b', true)], filter: 'active', status: 'ready', loadError: '' }, null);
    assert.match(refs.status.textContent, /All done/);
    assert.equal(refs.list.hidden, true);
    assert.equal(refs.itemsLeft.textContent, '0 items left');

    renderTaskView(doc, refs, { tasks: [], filter: 'all', status: 'ready', loadError: '' }, null);
    assert.equal(refs.deleteAll.disabled, true);
    assert.equal(refs.clearCompleted.disabled, true);
  });

  it('writes titles and the editor with dir="auto", so right-to-left titles read right to left', () => {
    const li = buildTaskItem(doc, task(5, 'שלום עולם!'));
    assert.equal(li.find('task-title').getAttribute('dir'), 'auto');
    const list = new Element('ul');
    renderTaskList(doc, list, [task(5, 'שלום עולם!')], '5');
    assert.equal(list.children[0].find('task-edit-input').getAttribute('dir'), 'auto');
  });

  it('keeps "Delete all" and "Clear completed" disabled unless the list has loaded', () => {
    const refs = view();
    const tasks = [task(1, 'a'), task(2, 'b', true)];
    for (const status of ['idle', 'loading', 'error']) {
      renderTaskView(doc, refs, { tasks, filter: 'all', status, loadError: 'down' }, null);
      assert.equal(refs.deleteAll.disabled, true, `Delete all while ${status}`);
      assert.equal(refs.clearCompleted.disabled, true, `Clear completed while ${status}`);
    }
    renderTaskView(doc, refs, { tasks, filter: 'all', status: 'ready', loadError: '' }, null);
    assert.equal(refs.deleteAll.disabled, false);
    assert.equal(refs.clearCompleted.disabled, false);
  });

  it('shows a load failure as its sentence with a retry button', () => {
    const refs = view();
    renderTaskView(doc, refs, { tasks: [], filter: 'all', status: 'error', loadError: "Can't reach the server." }, null);
    assert.equal(refs.status.textContent, "Can't reach the server.");
    assert.ok(refs.status.classList.contains('is-error'));
    assert.equal(refs.retry.hidden, false);
  });
});
