import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError, NETWORK_MESSAGE, unavailableService } from '../src/js/api.js';
import { createNotices, RECHECK_MS } from '../src/js/notice.js';
import { Element } from './mini-dom.js';

function notices(clock = { t: 0 }, options = {}) {
  const box = {
    errorBox: new Element('div'),
    errorText: new Element('p'),
    errorClose: new Element('button'),
    infoBox: new Element('div'),
    infoText: new Element('p'),
  };
  box.errorBox.hidden = true;
  const fakeTimers = options.timers || { setTimeout: () => 1, clearTimeout: () => {} };
  return { box, notices: createNotices({ ...box, timers: fakeTimers, now: () => clock.t, recheck: options.recheck }) };
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

  it('asks the missing service again while its error shows (nothing else may), less and less often, until it answers', () => {
    const clock = { t: 0 };
    const pending = new Map();
    let ids = 0;
    const timers = {
      setTimeout: (fn, ms) => { pending.set(++ids, { fn, at: clock.t + ms }); return ids; },
      clearTimeout: (id) => pending.delete(id),
    };
    const advance = (ms) => {
      const until = clock.t + ms;
      for (;;) {
        const [id, next] = [...pending].sort((a, b) => a[1].at - b[1].at)[0] || [];
        if (!next || next.at > until) break;
        pending.delete(id);
        clock.t = next.at;
        next.fn();
      }
      clock.t = until;
    };
    const asked = [];
    const { box, notices: n } = notices(clock, { timers, recheck: (service) => asked.push([service, clock.t]) });
    n.error('The service is unavailable right now.', { unavailable: 'tasks' });
    advance(RECHECK_MS.first - 1);
    assert.deepEqual(asked, []);
    advance(1 + RECHECK_MS.first * 2);
    assert.deepEqual(asked, [['tasks', RECHECK_MS.first], ['tasks', RECHECK_MS.first * 3]]);
    advance(RECHECK_MS.max * 10);
    const gaps = asked.slice(1).map(([, t], i) => t - asked[i][1]);
    assert.ok(gaps.every((gap) => gap <= RECHECK_MS.max), 'never more than 30 s apart');
    const count = asked.length;
    n.answered('tasks');
    assert.equal(shown(box), null);
    advance(RECHECK_MS.max * 2);
    assert.equal(asked.length, count, 'the answer ends the asking');
    assert.equal(pending.size, 0);
    n.error('Title must be at most 255 characters.');
    assert.equal(pending.size, 0, 'an error about the request itself asks nothing');
    n.error('The service is unavailable right now.', { unavailable: 'tasks' });
    box.errorClose.dispatch('click');
    assert.equal(pending.size, 0, 'nor one dismissed');
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
