import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError, NETWORK_MESSAGE, unavailableService } from '../src/js/api.js';
import { createNotices } from '../src/js/notice.js';
import { Element } from './mini-dom.js';

function notices(clock = { t: 0 }) {
  const box = {
    errorBox: new Element('div'),
    errorText: new Element('p'),
    errorClose: new Element('button'),
    infoBox: new Element('div'),
    infoText: new Element('p'),
  };
  box.errorBox.hidden = true;
  const fakeTimers = { setTimeout: () => 1, clearTimeout: () => {} };
  return { box, notices: createNotices({ ...box, timers: fakeTimers, now: () => clock.t }) };
}

const shown = (box) => (box.errorBox.hidden ? null : box.errorText.textContent);

describe('notices', () => {
  it('an error that only said a service could not answer goes when it answers again', () => {
    const { box, notices: n } = notices();
    n.error('The task service is unavailable.', { unavailable: 'tasks' });
    n.answered('notifications');
    assert.equal(shown(box), 'The task service is unavailable.', 'another service answering says nothing of it');
    n.answered('tasks');
    assert.equal(shown(box), null);
  });

  it("\"can't reach the server\" goes when any service answers", () => {
    for (const service of ['tasks', 'notifications']) {
      const { box, notices: n } = notices();
      n.show(NETWORK_MESSAGE, 'error', { unavailable: 'server' });
      n.answered(service);
      assert.equal(shown(box), null, service);
    }
  });

  it('an answer to a request made before the error was shown leaves it', () => {
    const clock = { t: 10 };
    const { box, notices: n } = notices(clock);
    n.error(NETWORK_MESSAGE, { unavailable: 'server' });
    clock.t = 12;
    n.answered('tasks', 9); // under way while the other request failed (a server draining its connections)
    assert.equal(shown(box), NETWORK_MESSAGE);
    n.answered('tasks', 11);
    assert.equal(shown(box), null);
  });

  it('says which service the error on show reports missing, if that is all it says', () => {
    const { box, notices: n } = notices();
    assert.equal(n.unavailable, null);
    n.error('The service is unavailable right now.', { unavailable: 'tasks' });
    assert.equal(n.unavailable, 'tasks');
    box.errorClose.dispatch('click');
    assert.equal(n.unavailable, null, 'none shown');
    n.error('Title must be at most 255 characters.');
    assert.equal(n.unavailable, null, 'another kind of error');
  });

  it('any other error stays until dismissed or replaced', () => {
    const { box, notices: n } = notices();
    n.error('Title must be at most 255 characters.');
    n.answered('tasks');
    assert.equal(shown(box), 'Title must be at most 255 characters.');
    n.error('The task service is unavailable.', { unavailable: 'tasks' });
    n.error('Title must be at most 255 characters.'); // replaces it, and is no outage
    n.answered('tasks');
    assert.equal(shown(box), 'Title must be at most 255 characters.');
    box.errorClose.dispatch('click');
    assert.equal(shown(box), null);
  });
});

describe('unavailableService', () => {
  it('names the service for 502, 503 and 504, the server when nothing answered, nothing otherwise', () => {
    const error = (status) => new ApiError('x', { status });
    assert.equal(unavailableService(error(0), 'tasks'), 'server');
    for (const status of [502, 503, 504]) assert.equal(unavailableService(error(status), 'tasks'), 'tasks');
    for (const status of [400, 404, 409, 413, 429, 500]) assert.equal(unavailableService(error(status), 'tasks'), null);
    assert.equal(unavailableService(undefined, 'tasks'), null);
    assert.equal(unavailableService(new Error('a bug'), 'tasks'), null);
  });
});
