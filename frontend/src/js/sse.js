// A Server-Sent Events parser (the WHATWG "event stream" format) for streams read with fetch: the browser's
// EventSource cannot send an Authorization header, so the GUI reads /api/events itself and feeds the bytes here.
// Pure: no I/O, no timers.
//
// It follows the specification's parsing rules: lines end in CRLF, LF or CR (also when a chunk ends between the
// CR and the LF); "field: value" loses one leading space; lines starting with ":" are comments; `data:` lines are
// joined with "\n"; `id:` containing NUL is ignored; `retry:` is taken only when it is all digits; an event is
// dispatched at an empty line; a leading byte order mark is dropped; an unfinished event at the end of the stream
// is dropped. UTF-8 split across chunks is decoded correctly (a streaming TextDecoder).
//
// One deliberate difference: an event with an `event:` type but no `data:` line is dispatched (with data ''),
// where EventSource would drop it. The server ends a stream with `event: session_ended` alone, and the client must
// see it.

/**
 * @param {object}   handlers
 * @param {Function} handlers.onEvent    ({ type, data, id }) for each event; `id` is the id this event carried, or
 *                                       null when it had none (`lastEventId` keeps the stream's last one)
 * @param {Function}[handlers.onComment] (text) for each comment line, e.g. the server's keep-alive
 * @param {Function}[handlers.onRetry]   (milliseconds) for each valid `retry:` field
 */
export function createSseParser({ onEvent, onComment = () => {}, onRetry = () => {} }) {
  const decoder = new TextDecoder('utf-8');
  const lineBreak = /\r\n|\r|\n/g;
  let pending = ''; // decoded text not yet ended by a line break
  let skipLineFeed = false; // the last chunk ended in CR: a LF at the start of the next one belongs to it
  let type = '';
  let data = [];
  let id = null;
  let lastEventId = '';

  function reset() {
    type = '';
    data = [];
    id = null;
  }

  function dispatch() {
    if (data.length === 0 && type === '') {
      reset();
      return;
    }
    const event = { type: type || 'message', data: data.join('\n'), id };
    reset();
    onEvent(event);
  }

  function field(name, value) {
    switch (name) {
      case 'event':
        type = value;
        break;
      case 'data':
        data.push(value);
        break;
      case 'id':
        if (!value.includes('\0')) {
          id = value;
          lastEventId = value;
        }
        break;
      case 'retry':
        if (/^\d+$/.test(value)) onRetry(Number(value));
        break;
      default:
        break; // unknown fields are ignored
    }
  }

  function line(text) {
    if (text === '') {
      dispatch();
    } else if (text.charCodeAt(0) === 0x3a /* : */) {
      onComment(text.slice(1).replace(/^ /, ''));
    } else {
      const colon = text.indexOf(':');
      if (colon < 0) field(text, '');
      else field(text.slice(0, colon), text.slice(colon + 1).replace(/^ /, ''));
    }
  }

  function feed(text) {
    if (text === '') return; // e.g. only the first bytes of a character: nothing to look at yet
    const rest = skipLineFeed && text.charCodeAt(0) === 0x0a ? text.slice(1) : text;
    const buffer = pending + rest;
    lineBreak.lastIndex = 0;
    let from = 0;
    for (let match = lineBreak.exec(buffer); match !== null; match = lineBreak.exec(buffer)) {
      line(buffer.slice(from, match.index));
      from = match.index + match[0].length;
    }
    // a CR that ends the chunk ended its line; a LF that starts the next chunk is the rest of that CRLF
    skipLineFeed = from === buffer.length && buffer.charCodeAt(buffer.length - 1) === 0x0d;
    pending = buffer.slice(from);
  }

  return {
    /** Feeds the next chunk of the stream: bytes (Uint8Array) or already decoded text. */
    push(chunk) {
      feed(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    },
    /** The stream ended: whatever was not finished by an empty line is dropped, as the specification says. */
    end() {
      decoder.decode();
      pending = '';
      skipLineFeed = false;
      reset();
    },
    /** The last `id:` the stream sent (the value EventSource would send as Last-Event-ID). */
    get lastEventId() {
      return lastEventId;
    },
  };
}
