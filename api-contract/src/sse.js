// Splits a text/event-stream into events as the HTML standard's parser does (CRLF, LF or CR line ends;
// ':' comments; one space after the colon dropped; data lines joined with LF; a blank line ends an event),
// except that an event without a data line is kept, so that the document's schema can say it is wrong
// (a browser drops it silently). An event the stream did not finish with a blank line is not an event.

export function parseEvents(stream) {
  const events = [];
  let current = null;
  const lines = stream.split(/\r\n|\r|\n/);
  // the text after the last line end is an unfinished line: it ends no event
  lines.pop();
  for (const line of lines) {
    if (line === '') {
      if (current) events.push(current);
      current = null;
      continue;
    }
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const name = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    current ??= { event: null, id: null, retry: null, data: null, unknownFields: [] };
    if (name === 'data') current.data = current.data === null ? value : `${current.data}\n${value}`;
    else if (name === 'event' || name === 'id' || name === 'retry') current[name] = value;
    else current.unknownFields.push(name);
  }
  return events;
}

/** The type a browser dispatches an event as. */
export function eventType(event) {
  return event.event ? event.event : 'message';
}
