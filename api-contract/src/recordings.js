// Recorded exchanges from the two end-to-end suites, as the contract reads them:
//   - HAR 1.2 (what Playwright records with browser.newContext({ recordHar })): every entry under the base path;
//   - JSON lines, one exchange each, written by curl-based scripts:
//       {"method": "GET", "url": "http://127.0.0.1:8080/tasks", "status": 200,
//        "headers": {"content-type": ["application/json"]}, "body": "[...]"}
//     (`headers` is what `curl -w '%{header_json}'` prints; `body` the body file's text).
// A browser's recording also holds what is no answer of the API to check; each such entry is left out, or checked
// without its body, for one of the reasons of NOT_CHECKED, and counted under it.

import { readFileSync } from 'node:fs';

/** Why a recorded entry is left out (or its body is), by name: the CLI counts them under these sentences. */
export const NOT_CHECKED = {
  noAnswer: 'no answer to check: the request failed or was aborted before its headers came (no status in the HAR)',
  bodyCut: 'status and headers checked, not the body: the browser never finished reading it (an event stream '
    + 'still open or aborted when the page closed, reloaded or reconnected; a body the page never read)',
  viewerAsset: 'Swagger UI\'s static files (/swagger-ui/…, /webjars/…): not API routes, as the document says at '
    + '/swagger-ui.html',
};

/** Swagger UI's own files, served by the edge beside its page (see the document's /swagger-ui.html). */
const VIEWER_ASSETS = /^\/(swagger-ui|webjars)\//;

/**
 * The exchanges of a HAR or JSON-lines file whose URL path starts with basePath (then dropped from it).
 * `skipped`: how many were outside basePath; `notChecked`: {reason key: count} (see NOT_CHECKED). An exchange
 * whose body was not recorded whole has `body: null`.
 */
export function readRecordings(file, { basePath = '' } = {}) {
  const text = readFileSync(file, 'utf8');
  const trimmed = text.trimStart();
  const raw = trimmed.startsWith('{') && !file.endsWith('.jsonl') && !file.endsWith('.ndjson') && isHar(trimmed)
    ? fromHar(JSON.parse(trimmed))
    : fromJsonLines(text);
  const exchanges = [];
  let skipped = 0;
  const notChecked = {};
  const count = (reason) => { notChecked[reason] = (notChecked[reason] || 0) + 1; };
  for (const exchange of raw) {
    const url = new URL(exchange.url);
    const path = url.pathname;
    if (basePath && path !== basePath && !path.startsWith(`${basePath}/`)) {
      skipped++;
      continue;
    }
    const target = (basePath ? path.slice(basePath.length) || '/' : path) + url.search;
    if (exchange.notChecked === 'noAnswer') {
      count('noAnswer');
      continue;
    }
    if (VIEWER_ASSETS.test(target)) {
      count('viewerAsset');
      continue;
    }
    if (exchange.notChecked === 'bodyCut') count('bodyCut');
    exchanges.push({ method: exchange.method, target, requestHeaders: exchange.requestHeaders, status: exchange.status, headers: exchange.headers, body: exchange.body });
  }
  return { exchanges, skipped, notChecked };
}

function isHar(text) {
  try {
    return Boolean(JSON.parse(text).log);
  } catch {
    return false;
  }
}

function fromHar(har) {
  return har.log.entries
    .map((entry) => {
      const requestHeaders = {};
      for (const { name, value } of entry.request.headers || []) requestHeaders[name.toLowerCase()] = value;
      // Playwright writes status -1 (other tools 0) when no response came
      if (!entry.response || !(entry.response.status > 0)) {
        return { method: entry.request.method, url: entry.request.url, requestHeaders, notChecked: 'noAnswer' };
      }
      const headers = {};
      for (const { name, value } of entry.response.headers) {
        const key = name.toLowerCase();
        headers[key] = (headers[key] || []).concat(value);
      }
      const content = entry.response.content || {};
      // Playwright leaves content.size at -1 (and no text) when the body never finished: the request failed
      // after its headers (response._failureText, e.g. net::ERR_ABORTED) or was still open when the context closed
      const bodiless = entry.request.method === 'HEAD' || [204, 304].includes(entry.response.status);
      if (content.size === -1 && content.text === undefined && !bodiless) {
        return { method: entry.request.method, url: entry.request.url, requestHeaders, status: entry.response.status, headers, body: null, notChecked: 'bodyCut' };
      }
      const body = content.text === undefined ? ''
        : content.encoding === 'base64' ? Buffer.from(content.text, 'base64').toString('utf8') : content.text;
      return { method: entry.request.method, url: entry.request.url, requestHeaders, status: entry.response.status, headers, body };
    });
}

function fromJsonLines(text) {
  return text.split('\n').filter((line) => line.trim() !== '').map((line, i) => {
    let record;
    try {
      record = JSON.parse(line);
    } catch (error) {
      throw new Error(`line ${i + 1} is not JSON: ${error.message}`);
    }
    for (const field of ['method', 'url', 'status']) {
      if (record[field] === undefined) throw new Error(`line ${i + 1} has no ${field}`);
    }
    return { method: record.method, url: record.url, requestHeaders: record.requestHeaders, status: Number(record.status), headers: record.headers || {}, body: record.body || '' };
  });
}
