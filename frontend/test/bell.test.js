import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bellLabel, createDisclosure, renderBell } from '../src/js/bell.js';
import { doc, Element, Text } from './mini-dom.js';

const AT = '2026-11-25T10:00:00Z';
const NOW = Date.parse(AT) + 5 * 60_000;
const n = (id, type, extra = {}) => ({ id: String(id), type, taskId: '7', title: 'Buy milk', completed: false, changed: [], count: null, at: AT, read: false, ...extra });
const feedState = (extra) => ({ unread: 0, items: [], status: 'idle', error: '', marking: false, supported: true, ...extra });

function bell() {
  const refs = {
    root: new Element('div'),
    button: new Element('button'),
    badge: new Element('span'),
    status: new Element('p'),
    list: new Element('ol'),
    markRead: new Element('button'),
  };
  return refs;
}

describe('the bell', () => {
  it('shows the unread count in its badge and in its accessible name', () => {
    const refs = bell();
    renderBell(doc, refs, feedState({ unread: 3 }), NOW);
    assert.equal(refs.badge.textContent, '3');
    assert.equal(refs.badge.hidden, false);
    assert.equal(refs.button.getAttribute('aria-label'), 'Notifications, 3 unread');
    renderBell(doc, refs, feedState({ unread: 0 }), NOW);
    assert.equal(refs.badge.hidden, true);
    assert.equal(refs.button.getAttribute('aria-label'), 'Notifications');
    renderBell(doc, refs, feedState({ unread: 250 }), NOW);
    assert.equal(refs.badge.textContent, '99+');
    assert.equal(bellLabel(250), 'Notifications, 250 unread', 'the name says the real number');
  });

  it('lists the feed as sentences with a time, marks the unread ones for screen readers too', () => {
    const refs = bell();
    const items = [
      n(3, 'task.updated', { changed: ['completed'], completed: true }),
      n(2, 'tasks.deleted', { taskId: null, title: null, count: 3, read: true }),
    ];
    renderBell(doc, refs, feedState({ unread: 1, items, status: 'ready' }), NOW);
    const [first, second] = refs.list.children;
    assert.equal(first.find('notification-text').textContent, 'Unread: “Buy milk” was completed');
    assert.ok(first.classList.contains('is-unread'));
    assert.equal(second.find('notification-text').textContent, '3 tasks were deleted');
    assert.ok(!second.classList.contains('is-unread'));
    const time = first.find('notification-time');
    assert.equal(time.tagName, 'TIME');
    assert.equal(time.getAttribute('datetime'), AT);
    assert.equal(time.textContent, '5 minutes ago');
    assert.equal(refs.status.hidden, true);
    assert.equal(refs.markRead.disabled, false);
  });

  it('puts a hostile title in as text, never as markup', () => {
    const refs = bell();
    const hostile = '<img src=x onerror=alert(1)>';
    renderBell(doc, refs, feedState({ items: [n(1, 'task.created', { title: hostile })], status: 'ready' }), NOW);
    const text = refs.list.children[0].find('notification-text');
    assert.ok(text.childNodes.every((c) => c instanceof Text || c.tagName === 'SPAN'));
    assert.equal(refs.list.all().some((e) => e.tagName === 'IMG'), false);
    assert.match(text.textContent, /<img src=x onerror=alert\(1\)>/);
  });

  it('says when the feed is empty, loading or unavailable, and when there is nothing to mark read', () => {
    const refs = bell();
    renderBell(doc, refs, feedState({ status: 'loading' }), NOW);
    assert.equal(refs.status.textContent, 'Loading notifications…');
    renderBell(doc, refs, feedState({ status: 'ready' }), NOW);
    assert.equal(refs.status.textContent, 'No notifications yet.');
    assert.equal(refs.list.hidden, true);
    assert.equal(refs.markRead.disabled, true);
    renderBell(doc, refs, feedState({ status: 'error', error: 'Notifications are unavailable right now.' }), NOW);
    assert.equal(refs.status.textContent, 'Notifications are unavailable right now.');
    assert.ok(refs.status.classList.contains('is-error'));
    renderBell(doc, refs, feedState({ status: 'ready', items: [n(1, 'task.created', { read: true })] }), NOW);
    assert.equal(refs.markRead.disabled, true, 'all read already');
    renderBell(doc, refs, feedState({ status: 'ready', unread: 1, items: [n(1, 'task.created')], marking: true }), NOW);
    assert.equal(refs.markRead.disabled, true, 'while marking');
  });

  it('is not shown when the server has no notifications, nor before it answered', () => {
    const refs = bell();
    renderBell(doc, refs, feedState({ supported: false }), NOW);
    assert.equal(refs.root.hidden, true);
    renderBell(doc, refs, feedState({ supported: null }), NOW);
    assert.equal(refs.root.hidden, true, 'nor before the server has answered');
    renderBell(doc, refs, feedState({ supported: true }), NOW);
    assert.equal(refs.root.hidden, false);
  });
});

describe('the bell menu (a disclosure)', () => {
  function menu() {
    const page = new Element('body');
    const button = new Element('button');
    const panel = new Element('section');
    const heading = new Element('h2');
    const markRead = new Element('button');
    const elsewhere = new Element('button');
    panel.append(heading, markRead);
    page.append(button, panel, elsewhere);
    panel.hidden = true;
    button.setAttribute('aria-expanded', 'false');
    let opened = 0;
    const disclosure = createDisclosure({ doc, button, panel, heading, onOpen: () => { opened += 1; } });
    return { button, panel, heading, markRead, elsewhere, disclosure, opened: () => opened };
  }

  it('opens on the button, says so with aria-expanded, and moves the focus to its heading', () => {
    const m = menu();
    m.button.focus();
    m.button.dispatch('click');
    assert.equal(m.panel.hidden, false);
    assert.equal(m.button.getAttribute('aria-expanded'), 'true');
    assert.equal(doc.activeElement, m.heading);
    assert.equal(m.opened(), 1);
    m.button.dispatch('click');
    assert.equal(m.panel.hidden, true);
    assert.equal(m.button.getAttribute('aria-expanded'), 'false');
  });

  it('closes on Escape and gives the focus back to the bell', () => {
    const m = menu();
    m.button.dispatch('click');
    m.markRead.focus();
    const event = m.markRead.dispatch('keydown', { key: 'Escape' });
    assert.equal(event.defaultPrevented, true);
    assert.equal(m.panel.hidden, true);
    assert.equal(doc.activeElement, m.button);
  });

  it('closes on a click outside, and when the focus leaves it, but not on a click inside', () => {
    const m = menu();
    m.button.dispatch('click');
    m.markRead.dispatch('click');
    assert.equal(m.panel.hidden, false);
    m.elsewhere.dispatch('click');
    assert.equal(m.panel.hidden, true);
    m.button.dispatch('click');
    m.markRead.focus();
    m.elsewhere.focus(); // Tab past the end of the panel
    assert.equal(m.panel.hidden, true);
    assert.equal(m.button.getAttribute('aria-expanded'), 'false');
  });
});
