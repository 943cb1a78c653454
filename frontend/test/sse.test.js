import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createSseParser } from '../src/js/sse.js';

const bytes = (text) => new TextEncoder().encode(text);

/** A parser that records what it reports. */
function recorder() {
  const events = [];
  const comments = [];
  const retries = [];
  const parser = createSseParser({
    onEvent: (e) => events.push(e),
    onComment: (c) => comments.push(c),
    onRetry: (ms) => retries.push(ms),
  });
  return { parser, events, comments, retries };
}

/** Feeds the text as bytes, cut at every given offset. */
function feedCut(parser, text, cuts) {
  const all = bytes(text);
  let from = 0;
  for (const cut of [...cuts, all.length]) {
    parser.push(all.subarray(from, cut));
    from = cut;
  }
}

const NOTIFICATION = 'id: 41\nevent: task.created\ndata: {"notification":{"id":"41"},"task":{"id":7,"title":"Buy milk"}}\n\n';

describe('SSE parser', () => {
  it('reads id, event and data of one event', () => {
    const { parser, events } = recorder();
    parser.push(bytes(NOTIFICATION));
    assert.deepEqual(events, [
      { type: 'task.created', id: '41', data: '{"notification":{"id":"41"},"task":{"id":7,"title":"Buy milk"}}' },
    ]);
    assert.equal(parser.lastEventId, '41');
  });

  it('joins several data lines with a line feed and drops one leading space only', () => {
    const { parser, events } = recorder();
    parser.push('data:first\ndata:  second\ndata\ndata: \n\n');
    assert.deepEqual(events, [{ type: 'message', id: null, data: 'first\n second\n\n' }]);
  });

  it('accepts fields without the space after the colon, as Spring writes them', () => {
    const { parser, events } = recorder();
    parser.push('id:5\nevent:task.deleted\ndata:{}\n\n');
    assert.deepEqual(events, [{ type: 'task.deleted', id: '5', data: '{}' }]);
  });

  it('reports comments (the keep-alive) and dispatches nothing for them', () => {
    const { parser, events, comments } = recorder();
    parser.push(':\n: keep-alive\n:ping\n\n');
    assert.deepEqual(comments, ['', 'keep-alive', 'ping']);
    assert.deepEqual(events, []);
  });

  it('takes retry only when it is all digits', () => {
    const { parser, retries, events } = recorder();
    parser.push('retry: 5000\nretry: 12x\nretry: -1\nretry:\nretry: 250\n\n');
    assert.deepEqual(retries, [5000, 250]);
    assert.deepEqual(events, [], 'retry alone is not an event');
  });

  it('dispatches a typed event without data (the end of a session), with no id', () => {
    const { parser, events } = recorder();
    parser.push('id: 9\ndata: x\n\nevent: session_ended\n\n');
    assert.deepEqual(events[1], { type: 'session_ended', id: null, data: '' });
    assert.equal(parser.lastEventId, '9', 'the stream keeps the last id it was sent');
  });

  it('treats CRLF, LF and CR alike', () => {
    for (const eol of ['\r\n', '\n', '\r']) {
      const { parser, events } = recorder();
      parser.push(`id: 1${eol}event: a${eol}data: x${eol}data: y${eol}${eol}event: b${eol}data: z${eol}${eol}`);
      assert.deepEqual(events, [
        { type: 'a', id: '1', data: 'x\ny' },
        { type: 'b', id: null, data: 'z' },
      ], JSON.stringify(eol));
    }
  });

  it('does not see an empty line when a CRLF is split between two chunks', () => {
    const { parser, events } = recorder();
    parser.push('data: one\r');
    parser.push(new Uint8Array(0)); // an empty read between the CR and the LF changes nothing
    parser.push('\ndata: two\r');
    parser.push('\n\r');
    parser.push('\n');
    assert.deepEqual(events, [{ type: 'message', id: null, data: 'one\ntwo' }]);
  });

  it('puts together an event split at every possible byte', () => {
    const text = `: hello\n${NOTIFICATION}event: tasks.deleted\r\nid: 42\r\ndata: {"count":3}\r\n\r\n`;
    const whole = recorder();
    whole.parser.push(bytes(text));
    assert.equal(whole.events.length, 2);
    const length = bytes(text).length;
    for (let cut = 1; cut < length; cut += 1) {
      const split = recorder();
      feedCut(split.parser, text, [cut]);
      assert.deepEqual(split.events, whole.events, `cut at byte ${cut}`);
    }
    const oneByOne = recorder();
    feedCut(oneByOne.parser, text, Array.from({ length: length - 1 }, (_, i) => i + 1));
    assert.deepEqual(oneByOne.events, whole.events);
  });

  it('decodes UTF-8 characters split across chunks (accents, CJK, emoji)', () => {
    const title = 'Café 東京 😀 naïve';
    const text = `id: 3\nevent: task.updated\ndata: {"title":"${title}"}\n\n`;
    const length = bytes(text).length;
    for (let cut = 1; cut < length; cut += 1) {
      const { parser, events } = recorder();
      feedCut(parser, text, [cut]);
      assert.equal(JSON.parse(events[0].data).title, title, `cut at byte ${cut}`);
    }
    const { parser, events } = recorder();
    feedCut(parser, text, Array.from({ length: length - 1 }, (_, i) => i + 1));
    assert.equal(JSON.parse(events[0].data).title, title);
  });

  it('drops a leading byte order mark', () => {
    const { parser, events } = recorder();
    parser.push(new Uint8Array([0xef, 0xbb]));
    parser.push(new Uint8Array([0xbf, ...bytes('event: a\ndata: 1\n\n')]));
    assert.deepEqual(events, [{ type: 'a', id: null, data: '1' }]);
  });

  it('ignores unknown fields, lines without a colon other than known names, and an id with NUL', () => {
    const { parser, events } = recorder();
    parser.push('foo: bar\nid: 7\nid: a\0b\nevent\ndata: x\n\n');
    assert.deepEqual(events, [{ type: 'message', id: '7', data: 'x' }], 'a bare "event" line resets the type to empty');
  });

  it('dispatches nothing for a blank line alone, and resets the type after each event', () => {
    const { parser, events } = recorder();
    parser.push('\n\nevent: a\ndata: 1\n\ndata: 2\n\n');
    assert.deepEqual(events.map((e) => e.type), ['a', 'message']);
  });

  it('drops an event the stream did not finish', () => {
    const { parser, events } = recorder();
    parser.push('event: a\ndata: 1\n\nevent: b\ndata: 2\n');
    parser.end();
    parser.push('\n');
    assert.deepEqual(events.map((e) => e.type), ['a']);
  });

  it('keeps many events of one chunk in order', () => {
    const { parser, events } = recorder();
    let text = '';
    for (let i = 1; i <= 500; i += 1) text += `id: ${i}\nevent: task.updated\ndata: {"n":${i}}\n\n`;
    parser.push(bytes(text));
    assert.equal(events.length, 500);
    assert.deepEqual(events.map((e) => Number(e.id)), Array.from({ length: 500 }, (_, i) => i + 1));
  });
});
