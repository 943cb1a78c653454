// The API's clients that are written by hand, held against the document: the GUI's API module
// (frontend/src/js/api.js) and the curl lines of the README and docs/. Each call must be a documented operation,
// with a token exactly where the operation asks for one, and only documented members in its JSON body.

import { readFileSync } from 'node:fs';

/**
 * The calls of the GUI's API module: send('METHOD', 'path', { auth: false, body: {...} }) for the routes without
 * a token and authed('METHOD', `path`, ...) for the others. A `${...}` segment is a path variable; a `${...}` that
 * is not a whole segment starts the query, which is left out.
 */
export function callsOfApiModule(source, file = 'api.js') {
  const calls = [];
  const call = /\b(send|authed)\(\s*'([A-Z]+)'\s*,\s*(['`])(.*?)\3([^\n]*)/g;
  for (const match of source.matchAll(call)) {
    const [, fn, method, , literal, rest] = match;
    const line = source.slice(0, match.index).split('\n').length;
    const options = rest;
    calls.push({
      where: `${file}:${line}`,
      method,
      path: pathOf(literal),
      token: fn === 'authed' || (fn === 'send' && !/auth:\s*false/.test(options)),
      bodyMembers: bodyMembersOf(options),
    });
  }
  return calls;
}

/**
 * The members of a call's JSON body: null without a body, and a member no document has when the body is no object
 * literal (`body: changes`), which cannot be read here.
 */
function bodyMembersOf(options) {
  const literal = /body:\s*\{([^}]*)\}/.exec(options);
  if (literal) return literal[1].split(',').map((member) => member.split(':')[0].trim()).filter(Boolean);
  return /body:\s*[^\s{]/.test(options) ? ['(not an object literal)'] : null;
}

/** The curl command lines of a Markdown text (in code blocks, or in $(...)), as calls. */
export function callsOfCurlLines(text, file = 'README.md') {
  const calls = [];
  text.split('\n').forEach((line, i) => {
    for (const command of line.matchAll(/curl\s[^|)]*/g)) {
      const url = /(?:https?:\/\/)?(?:localhost|127\.0\.0\.1):\d+(\/[^\s'"]*)?/.exec(command[0]);
      if (!url) continue;
      const data = /(?:-d|--data(?:-raw)?)\s+'([^']*)'/.exec(command[0]);
      const explicit = /(?:-X|--request)\s+([A-Z]+)/.exec(command[0]);
      let path = url[1] || '/';
      if (/:3000\/api\//.test(url[0])) path = path.slice('/api'.length);
      let bodyMembers = null;
      if (data) {
        try {
          bodyMembers = Object.keys(JSON.parse(data[1]));
        } catch {
          bodyMembers = ['(not JSON)'];
        }
      }
      calls.push({
        where: `${file}:${i + 1}`,
        method: explicit ? explicit[1] : data ? 'POST' : 'GET',
        path: path.split('?')[0],
        token: /Authorization:\s*Bearer/i.test(command[0]),
        bodyMembers,
      });
    }
  });
  return calls;
}

/** What the document says against the call, as sentences; empty when it describes it. */
export function callProblems(document, call) {
  const where = `${call.where}: ${call.method} ${call.path}`;
  const template = document.match(call.path);
  if (template === null) return [`${where} is on no path of the document`];
  const item = document.root.paths[template];
  const operation = item[call.method.toLowerCase()];
  if (!operation) return [`${where}: the document's ${template} does not offer ${call.method}`];
  const problems = [];
  const security = operation.security ?? document.root.security ?? [];
  const needsToken = security.length > 0;
  if (needsToken !== call.token) {
    problems.push(`${where} ${call.token ? 'sends' : 'does not send'} a bearer token, but the document's operation ${needsToken ? 'needs one' : 'takes none (security: [])'}`);
  }
  if (call.bodyMembers !== null) {
    const requestBody = operation.requestBody ? document.resolve(operation.requestBody) : null;
    const media = requestBody?.content?.['application/json'];
    if (!media) {
      problems.push(`${where} sends a JSON body, but the document's operation takes none`);
    } else {
      const known = propertiesOf(document, media.schema);
      for (const member of call.bodyMembers) {
        if (!known.has(member)) problems.push(`${where} sends member '${member}', which the document's request body does not have (it has ${[...known].join(', ')})`);
      }
    }
  }
  return problems;
}

export function readText(file) {
  return readFileSync(file, 'utf8');
}

function pathOf(literal) {
  const withVariables = literal.replace(/\/\$\{[^}]*\}(?=\/|$)/g, '/{x}');
  const cut = withVariables.search(/\$\{|\?/);
  return cut < 0 ? withVariables : withVariables.slice(0, cut);
}

/** The property names a schema allows, through $ref, allOf, oneOf and anyOf. */
function propertiesOf(document, schema, seen = new Set()) {
  const names = new Set();
  const node = document.resolve(schema);
  if (!node || typeof node !== 'object' || seen.has(node)) return names;
  seen.add(node);
  Object.keys(node.properties || {}).forEach((name) => names.add(name));
  for (const key of ['allOf', 'oneOf', 'anyOf']) {
    for (const part of node[key] || []) propertiesOf(document, part, seen).forEach((name) => names.add(name));
  }
  return names;
}
