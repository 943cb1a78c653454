import assert from 'node:assert/strict';
import { it } from 'node:test';
import { createDeleteGuard, DELETE_REPEAT_MS, ENTER_REPEAT_MS, isDoubledPress } from '../src/js/clicks.js';

function guard() {
  let time = 1000;
  const g = createDeleteGuard({ now: () => time });
  return { accept: (id, detail) => g.accept(id, detail), wait: (ms) => { time += ms; } };
}

it('ignores the second click of a double-click on Delete', () => {
  const g = guard();
  assert.equal(g.accept('1', 1), true);
  assert.equal(g.accept('2', 2), false, 'the next row slid under the pointer');
  g.wait(2000);
  assert.equal(g.accept('2', 2), false, 'any click with detail > 1');
});

it(`ignores a Delete click on another row within ${DELETE_REPEAT_MS} ms, and takes it after that`, () => {
  const g = guard();
  assert.equal(g.accept('1', 1), true);
  g.wait(180);
  assert.equal(g.accept('2', 1), false);
  g.wait(DELETE_REPEAT_MS);
  assert.equal(g.accept('3', 1), true, 'counted from the previous click, ignored or not');
  g.wait(DELETE_REPEAT_MS);
  assert.equal(g.accept('4', 0), true, 'a keyboard activation after the pause');
});

it(`takes a second Enter within ${ENTER_REPEAT_MS} ms of the one that acted as the same press doubled`, () => {
  assert.equal(isDoubledPress(1000, 1000 + ENTER_REPEAT_MS - 1), true);
  assert.equal(isDoubledPress(1000, 1000 + ENTER_REPEAT_MS), false);
  assert.equal(isDoubledPress(-Infinity, 5), false, 'nothing acted before');
  assert.equal(isDoubledPress(1000, 900), false, 'a clock that went back');
});
