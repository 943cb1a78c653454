import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eventType, parseEvents } from '../src/sse.js';

test('comments and an unfinished last event are not events', () => {
  const events = parseEvents(': hello\n\nevent: a\ndata: 1\n\nevent: b\ndata: 2');
  assert.deepEqual(events.map(eventType), ['a']);
});

test('data lines are joined and one space after the colon is dropped', () => {
  assert.equal(parseEvents('data:  a\ndata:b\n\n')[0].data, ' a\nb');
});

test('CRLF, CR and LF all end lines', () => {
  assert.deepEqual(parseEvents('event: a\r\ndata: 1\r\n\r\nevent: b\rdata: 2\r\r').map(eventType), ['a', 'b']);
});

test('an event without a type is a message, unknown fields are kept', () => {
  const [event] = parseEvents('data: x\nfoo: bar\n\n');
  assert.equal(eventType(event), 'message');
  assert.deepEqual(event.unknownFields, ['foo']);
});
