// Recorded exchanges from the two end-to-end suites, as the contract reads them:
//   - HAR 1.2 (what Playwright records with browser.newContext({ recordHar })): every entry under the base path;
//   - JSON lines, one exchange each, written by curl-based scripts:
//       {"method": "GET", "url": "http://127.0.0.1:8080/tasks", "status": 200,
//        "headers": {"content-type": ["application/json"]}, "body": "[...]"}
//     (`headers` is what `curl -w '%{header_json}'` prints; `body` the body file's text).

import { readFileSync } from 'node:fs';

/** The exchanges of a HAR or JSON-lines file whose URL path starts with basePath (then dropped from it). */
export function readRecordings(file, { basePath = '' } = {}) {
  const text = readFileSync(file, 'utf8');
  const trimmed = text.trimStart();
  const raw = trimmed.startsWith('{') && !file.endsWith('.jsonl') && !file.endsWith('.ndjson') && isHar(trimmed)
    ? fromHar(JSON.parse(trimmed))
    : fromJsonLines(text);
  const exchanges = [];
  let skipped = 0;
  for (const exchange of raw) {
    const url = new URL(exchange.url);
    const path = url.pathname;
    if (basePath && path !== basePath && !path.startsWith(`${basePath}/`)) {
      skipped++;
      continue;
    }
    const target = (basePath ? path.slice(basePath.length) || '/' : path) + url.search;
    exchanges.push({ method: exchange.method, target, requestHeaders: exchange.requestHeaders, status: exchange.status, headers: exchange.headers, body: exchange.body });
  }
  return { exchanges, skipped };
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
    // an aborted request (status 0) or a stream still open when the recording stopped has no answer to check
    .filter((entry) => entry.response && entry.response.status > 0)
    .map((entry) => {
      const headers = {};
      for (const { name, value } of entry.response.headers) {
        const key = name.toLowerCase();
        headers[key] = (headers[key] || []).concat(value);
      }
      const content = entry.response.content || {};
      const body = content.text === undefined ? ''
        : content.encoding === 'base64' ? Buffer.from(content.text, 'base64').toString('utf8') : content.text;
      const requestHeaders = {};
      for (const { name, value } of entry.request.headers || []) requestHeaders[name.toLowerCase()] = value;
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
