// Holds recorded exchanges against the OpenAPI document and says, precisely, what it does not describe: an
// undocumented status, a missing required header, a header or body that does not match its schema, a content
// type the operation does not answer with, or an answer on a route the document lacks. The same rules as the
// Java ApiContract in test-support:
//   - a request on no documented path may only be answered 404 (NotFound) or 400 (InvalidRequest);
//   - a method a documented path does not offer may only be answered 405 (MethodNotAllowed) with an Allow that
//     names exactly the document's methods for that path (HEAD and OPTIONS aside);
//   - OPTIONS is a CORS preflight (PreflightAccepted 200, CrossOriginRejected 403);
//   - a request with an Origin (when the recording has the request's headers) may be refused 403 without
//     Access-Control-Allow-Origin (CrossOriginRejected);
//   - any request may be refused 414 or 431 (RequestTooLarge: a URL or headers too long), or 505
//     (HttpVersionNotSupported: a request line of another HTTP than 1.x);
//   - a text/event-stream body is checked event by event against the media type's x-itemSchema;
//   - an answer marked X-Contract-Exempt (a test's stub upstream, passed through) is not checked.
// Requests themselves are not validated: tests send wrong ones on purpose.

import { ApiDocument, escapePointer } from './document.js';
import { eventType, parseEvents } from './sse.js';

/** The answers any request may get, whatever its path and method, and the component each is. */
const ANY_REQUEST_ANSWERS = { 414: 'RequestTooLarge', 431: 'RequestTooLarge', 505: 'HttpVersionNotSupported' };

/**
 * An exchange: { method, target (raw path and query), status, headers ({name: value or [values]}), body (text) }.
 */
export class ApiContract {
  constructor(document = ApiDocument.load()) {
    this.document = document;
  }

  /** Each difference between the answer and the document, as a sentence; empty when it is described. */
  problems(exchange) {
    const method = exchange.method.toUpperCase();
    const path = withUnreservedDecoded(exchange.target.split('?')[0]);
    const answer = normalise(exchange);
    // a test double's answer (a stub upstream passed through) is no answer of the real system
    if (answer.headers['x-contract-exempt'] !== undefined) return [];
    if (ANY_REQUEST_ANSWERS[answer.status] !== undefined) {
      return this.#general(answer, method, ANY_REQUEST_ANSWERS,
        `any request may be answered ${answer.status}, as components.responses.${ANY_REQUEST_ANSWERS[answer.status]}`);
    }
    if (method === 'OPTIONS') {
      return this.#general(answer, method, { 200: 'PreflightAccepted', 403: 'CrossOriginRejected' },
        `OPTIONS ${path} is a CORS preflight: the document answers it with PreflightAccepted (200) or CrossOriginRejected (403)`);
    }
    if (answer.status === 403 && hasHeader(exchange.requestHeaders, 'origin')
      && answer.headers['access-control-allow-origin'] === undefined) {
      return this.#general(answer, method, { 403: 'CrossOriginRejected' },
        `a cross-origin request refused 403 is a CORS refusal: the document answers it with CrossOriginRejected`);
    }
    const template = this.document.match(path);
    if (template === null) {
      return this.#general(answer, method, { 404: 'NotFound', 400: 'InvalidRequest' }, answer.status === 404 || answer.status === 400
        ? `${path} is on no path of the document: its answer must be components.responses.NotFound (or InvalidRequest)`
        : `${path} is on no path of the document, yet was answered ${answer.status}: the server answers on a route the document lacks (only 404 not_found or 400 invalid_request may answer there)`);
    }
    const offered = this.document.operations.get(template);
    if (!offered.includes(method)) {
      const problems = this.#general(answer, method, { 405: 'MethodNotAllowed', 400: 'InvalidRequest' },
        `the document's ${template} does not offer ${method} (only ${offered.join(', ')}): its answer must be 405 method_not_allowed with Allow (components.responses.MethodNotAllowed)`);
      return problems.concat(allowProblems(answer, template, offered));
    }
    const operationPointer = `/paths/${escapePointer(template)}/${method.toLowerCase()}`;
    const responses = this.document.at(operationPointer).responses || {};
    const key = [String(answer.status), `${String(answer.status)[0]}XX`, 'default'].find((k) => responses[k]);
    if (!key) {
      return [`status ${answer.status} is not documented for ${method} ${template} (documented: ${Object.keys(responses).join(', ')})`];
    }
    return this.#response(answer, method, responses[key], `${operationPointer}/responses/${key}`);
  }

  /** Throws an Error naming the exchange, every problem and the answer, when there is any. */
  check(exchange) {
    const problems = this.problems(exchange);
    if (problems.length > 0) throw new Error(report(exchange, problems, this.document.source));
  }

  /** Checks a text/event-stream answered by METHOD path (as far as it was read). */
  eventProblems(method, path, stream, status = 200) {
    const template = this.document.match(path);
    if (template === null) return [`${path} is on no path of the document`];
    const pointer = `/paths/${escapePointer(template)}/${method.toLowerCase()}/responses/${status}`;
    const response = this.document.resolve(this.document.at(pointer));
    return this.#events(response, pointer, stream);
  }

  #general(answer, method, byStatus, why) {
    const name = byStatus[answer.status];
    if (!name) return [why];
    const pointer = `/components/responses/${name}`;
    const problems = this.#response(answer, method, this.document.at(pointer), pointer);
    return problems.length > 0 ? [why, ...problems] : [];
  }

  #response(answer, method, responseNode, foundAt) {
    const pointer = ApiDocument.pointerOf(responseNode, foundAt);
    const response = this.document.resolve(responseNode);
    const problems = [];
    for (const [name, headerNode] of Object.entries(response.headers || {})) {
      const headerPointer = `${ApiDocument.pointerOf(headerNode, `${pointer}/headers/${escapePointer(name)}`)}`;
      const header = this.document.resolve(headerNode);
      const values = answer.headers[name.toLowerCase()];
      if (!values) {
        if (header.required) problems.push(`header ${name} is required but missing`);
        continue;
      }
      if (!header.schema) continue;
      for (const value of values) {
        for (const error of this.document.validate(coerce(value, this.document.resolve(header.schema)), `${headerPointer}/schema`)) {
          problems.push(`header ${name}: ${JSON.stringify(value)}: ${error}`);
        }
      }
    }
    const content = response.content;
    // a recording that holds no body (null: the browser never finished reading it) can only show the content type
    if (answer.body === null) return problems.concat(content ? contentTypeProblems(answer, content) : []);
    const hasBody = answer.body.length > 0;
    if (!content) {
      if (hasBody && method !== 'HEAD') problems.push(`a body, where the document describes none: ${excerpt(answer.body)}`);
      return problems;
    }
    if (method === 'HEAD') return problems;
    const contentType = (answer.headers['content-type'] || [''])[0];
    const mediaType = contentType.split(';')[0].trim().toLowerCase();
    if (!hasBody) {
      problems.push(`no body, where the document describes ${Object.keys(content).join(' or ')}`);
      return problems;
    }
    if (!content[mediaType]) return problems.concat(contentTypeProblems(answer, content));
    const mediaPointer = `${pointer}/content/${escapePointer(mediaType)}`;
    if (mediaType === 'application/json' || mediaType.endsWith('+json')) {
      let json;
      try {
        json = JSON.parse(answer.body);
      } catch (error) {
        problems.push(`the body is not JSON: ${error.message}`);
        return problems;
      }
      for (const error of this.document.validate(json, `${mediaPointer}/schema`)) problems.push(`body ${error}`);
    } else if (mediaType === 'text/event-stream') {
      problems.push(...this.#events(response, pointer, answer.body));
    }
    return problems;
  }

  #events(response, pointer, stream) {
    const media = response.content && response.content['text/event-stream'];
    if (!media || !media['x-itemSchema']) return [`${pointer} has no text/event-stream x-itemSchema to check events against`];
    const itemPointer = ApiDocument.pointerOf(media['x-itemSchema'], `${pointer}/content/text~1event-stream/x-itemSchema`);
    const item = this.document.resolve(media['x-itemSchema']);
    const branches = (item.oneOf || [item]).map((branch, i) => {
      const branchPointer = item.oneOf ? ApiDocument.pointerOf(branch, `${itemPointer}/oneOf/${i}`) : itemPointer;
      const schema = this.document.resolve(this.document.at(branchPointer));
      const event = this.document.resolve((schema.properties || {}).event || {});
      const names = event.const !== undefined ? [event.const] : event.enum || [];
      return { pointer: branchPointer, schema, names };
    });
    const problems = [];
    parseEvents(stream).forEach((event, i) => {
      const type = eventType(event);
      const where = `event ${i + 1} (${type})`;
      const branch = branches.find((b) => b.names.includes(type));
      if (!branch) {
        problems.push(`${where}: the document describes no event named '${type}' (only ${branches.flatMap((b) => b.names).join(', ')})`);
        return;
      }
      if (event.unknownFields.length > 0) problems.push(`${where}: fields SSE does not define: ${event.unknownFields.join(', ')}`);
      const fields = {};
      for (const name of ['event', 'id', 'data']) if (event[name] !== null) fields[name] = event[name];
      if (event.retry !== null) fields.retry = /^[0-9]+$/.test(event.retry) ? Number(event.retry) : event.retry;
      for (const error of this.document.validate(fields, branch.pointer)) problems.push(`${where}: ${error}`);
      const data = (branch.schema.properties || {}).data;
      if (event.data !== null && data && data.contentSchema) {
        let json;
        try {
          json = JSON.parse(event.data);
        } catch (error) {
          problems.push(`${where}: data is not JSON: ${error.message}`);
          return;
        }
        for (const error of this.document.validate(json, `${branch.pointer}/properties/data/contentSchema`)) {
          problems.push(`${where}: data${error}`);
        }
      }
    });
    return problems;
  }
}

function allowProblems(answer, template, offered) {
  if (answer.status !== 405) return [];
  const allowed = new Set((answer.headers.allow || []).flatMap((v) => v.split(',')).map((m) => m.trim().toUpperCase()).filter(Boolean));
  const required = offered.filter((m) => m !== 'HEAD' && m !== 'OPTIONS');
  const missing = required.filter((m) => !allowed.has(m)).sort();
  const extra = [...allowed].filter((m) => !offered.includes(m) && m !== 'HEAD' && m !== 'OPTIONS').sort();
  const problems = [];
  if (missing.length > 0) problems.push(`Allow: ${[...allowed].join(',')} lacks ${missing.join(', ')}, which the document's ${template} offers`);
  if (extra.length > 0) problems.push(`Allow: ${[...allowed].join(',')} names ${extra.join(', ')}, which the document's ${template} does not offer`);
  return problems;
}

/** The answer's Content-Type, when it is not one of the media types the document gives (none, when it is). */
function contentTypeProblems(answer, content) {
  const contentType = (answer.headers['content-type'] || [''])[0];
  if (content[contentType.split(';')[0].trim().toLowerCase()]) return [];
  return [`Content-Type ${contentType || '(none)'} is not one the document answers with here (${Object.keys(content).join(', ')})`];
}

/** Header names lower-cased, values as lists; the body as text (null: not recorded). */
function normalise(exchange) {
  const headers = {};
  for (const [name, value] of Object.entries(exchange.headers || {})) {
    const list = Array.isArray(value) ? value : [value];
    headers[name.toLowerCase()] = (headers[name.toLowerCase()] || []).concat(list.map(String));
  }
  return { status: Number(exchange.status), headers, body: exchange.body === null ? null : exchange.body || '' };
}

/** A header's text as the type its schema asks for (an integer Retry-After is compared as a number). */
function coerce(value, schema) {
  if ((schema.type === 'integer' || schema.type === 'number') && /^-?[0-9]+(\.[0-9]+)?$/.test(value.trim())) {
    return Number(value.trim());
  }
  return value;
}

function excerpt(text) {
  return text.length > 300 ? `${text.slice(0, 300)}...` : text;
}

export function report(exchange, problems, source = 'the API document') {
  const headers = Object.entries(exchange.headers || {}).map(([n, v]) => `${n}: ${[].concat(v).join(', ')}`).join('; ');
  return [
    `${exchange.method} ${exchange.target} was answered ${exchange.status}, which ${source} does not describe:`,
    ...problems.map((p) => `  - ${p}`),
    `  the answer's headers: ${headers || '(none)'}`,
    `  the answer's body: ${exchange.body ? excerpt(exchange.body) : '(none)'}`,
  ].join('\n');
}

function hasHeader(headers, name) {
  return headers !== undefined && Object.keys(headers).some((key) => key.toLowerCase() === name);
}

/** The path as the edge routes it: an escaped unreserved character (%6c for l) is that character (RFC 3986 6.2.2.2). */
export function withUnreservedDecoded(path) {
  return path.replace(/%([0-9A-Fa-f]{2})/g, (escape, hex) => {
    const c = String.fromCharCode(parseInt(hex, 16));
    return /[A-Za-z0-9\-._~]/.test(c) ? c : escape;
  });
}
