// The nginx configuration, rendered by scripts/render-nginx.sh and run for real in front of a stand-in upstream
// (a few lines of node:http that echo what they receive): once with the upstream as an IP address (the host
// launcher), once with a host name answered by a stand-in DNS server (Docker's DNS under compose).
// Skipped when nginx is not installed.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import dgram from 'node:dgram';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const FRONTEND = fileURLToPath(new URL('..', import.meta.url));
const hasNginx = (() => {
  try {
    execFileSync('sh', ['-c', 'command -v nginx && command -v envsubst'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

function freePort() {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// A request as written, for what node:http will not send; the answer as text, once nginx closes the connection.
// With `end`, the client's side is closed after the request (nginx then waits for no more of it; it would also
// drop a request it proxies).
function raw(port, request, { end = false } = {}) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => (end ? socket.end(request) : socket.write(request)));
    const chunks = [];
    socket.on('data', (c) => chunks.push(c));
    socket.on('end', () => resolve(Buffer.concat(chunks).toString()));
    socket.on('error', reject);
  });
}

function get(port, path, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

// A stand-in edge: echoes what it receives, sends a cookie scoped to /auth and the Location headers the edge sends
// (an absolute one with `publicHost`, the name nginx knows it by).
function startUpstream(host = '127.0.0.1', port = 0, name = 'edge', publicHost = host) {
  const server = http.createServer((req, res) => {
    if (req.url === '/auth/login') {
      res.setHeader('Set-Cookie', 'refresh_token=abc; HttpOnly; SameSite=Lax; Path=/auth');
    }
    if (req.method === 'POST' && req.url === '/tasks') {
      res.statusCode = 201;
      res.setHeader('Location', '/tasks/42');
    }
    if (req.url === '/edge-503') {
      res.statusCode = 503; // the edge's own (Redis down, say): its Retry-After, not nginx's
      res.setHeader('Retry-After', '1');
    }
    if (req.url === '/absolute-redirect') {
      res.statusCode = 302;
      res.setHeader('Location', `http://${publicHost}:${server.address().port}/tasks/7`);
    }
    res.setHeader('Content-Type', 'application/json');
    res.setHeader('X-Frame-Options', 'SAMEORIGIN'); // as Spring Security sends its own
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.end(JSON.stringify({ name, method: req.method, url: req.url, headers: req.headers }));
  });
  return new Promise((resolve) => server.listen(port, host, () => resolve(server)));
}

// Renders the configuration for `env` and starts nginx in the foreground; resolves when /healthz answers.
async function startNginx(env) {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'todo-nginx-'));
  execFileSync(join(FRONTEND, 'scripts/render-nginx.sh'), {
    env: { ...process.env, NGINX_PORT: String(port), FRONTEND_ROOT: join(FRONTEND, 'src'), NGINX_RUNTIME_DIR: dir, ...env },
    stdio: 'pipe',
  });
  const proc = spawn('nginx', ['-e', join(dir, 'error.log'), '-c', join(dir, 'nginx.conf'), '-g', 'daemon off;'], { stdio: 'ignore' });
  const stop = async () => {
    if (proc.exitCode === null) {
      proc.kill('SIGQUIT');
      await new Promise((resolve) => proc.once('exit', resolve));
    }
    rmSync(dir, { recursive: true, force: true });
  };
  for (let i = 0; i < 100; i += 1) {
    try {
      if ((await get(port, '/healthz')).status === 200) return { port, dir, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  await stop();
  throw new Error('nginx did not start');
}

// A stand-in DNS server (UDP, one question per message): A records from `records` (name → IPv4 address),
// NXDOMAIN for other names, and an empty answer for any other question type (nginx asks for AAAA too).
async function startDns(records) {
  const socket = dgram.createSocket('udp4');
  const queries = [];
  socket.on('message', (msg, peer) => {
    let i = 12;
    const labels = [];
    while (msg[i] !== 0) {
      labels.push(msg.subarray(i + 1, i + 1 + msg[i]).toString());
      i += msg[i] + 1;
    }
    const question = msg.subarray(12, i + 5);
    const name = labels.join('.').toLowerCase();
    const type = msg.readUInt16BE(i + 1);
    queries.push({ name, type });
    const address = type === 1 ? records.get(name) : undefined;
    const header = Buffer.alloc(12);
    msg.copy(header, 0, 0, 2); // the id
    header.writeUInt16BE(0x8180 | (records.has(name) ? 0 : 3), 2); // response, recursion available, NXDOMAIN?
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(address ? 1 : 0, 6);
    const answer = address
      ? Buffer.concat([Buffer.from([0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0x0e, 0x10, 0, 4]), Buffer.from(address.split('.').map(Number))])
      : Buffer.alloc(0); // TTL 3600 s: nginx must keep the answer for its own `valid` only
    socket.send(Buffer.concat([header, question, answer]), peer.port, peer.address);
  });
  await new Promise((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return { port: socket.address().port, queries, close: () => socket.close() };
}

describe('nginx configuration', { skip: hasNginx ? false : 'nginx is not installed' }, () => {
  let nginx;
  let upstream;
  let port;

  before(async () => {
    upstream = await startUpstream();
    nginx = await startNginx({ EDGE_UPSTREAM: `http://127.0.0.1:${upstream.address().port}` });
    port = nginx.port;
  });

  after(async () => {
    await nginx?.stop();
    upstream?.close();
  });

  it('answers the health check', async () => {
    const res = await get(port, '/healthz');
    assert.equal(res.status, 200);
    assert.equal(res.body.toString(), 'ok\n');
  });

  it('serves index.html uncached, with the security headers', async () => {
    const res = await get(port, '/');
    assert.equal(res.status, 200);
    assert.match(res.headers['content-type'], /text\/html/);
    assert.equal(res.headers['cache-control'], 'no-cache');
    const csp = res.headers['content-security-policy'];
    for (const part of ["default-src 'self'", "script-src 'self'", "style-src 'self'", "connect-src 'self'", "frame-ancestors 'none'"]) {
      assert.ok(csp.includes(part), part);
    }
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.equal(res.headers['x-frame-options'], 'DENY');
    assert.ok(res.headers['referrer-policy']);
    assert.ok(res.headers['permissions-policy']);
  });

  it('serves versioned assets for a year, immutable, gzipped, as JavaScript modules', async () => {
    const html = (await get(port, '/')).body.toString();
    const src = /src="(\/v\/[0-9a-f]{8}\/js\/app\.js)"/.exec(html)[1];
    const res = await get(port, src, { headers: { 'Accept-Encoding': 'gzip' } });
    assert.equal(res.status, 200);
    assert.match(res.headers['content-type'], /javascript/);
    assert.equal(res.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal(res.headers['content-encoding'], 'gzip');
    assert.match(gunzipSync(res.body).toString(), /createApi/);
    assert.ok(res.headers['content-security-policy'], 'security headers on assets too');
    const css = await get(port, src.replace('js/app.js', 'css/app.css'));
    assert.match(css.headers['content-type'], /text\/css/);
  });

  it('does not serve files outside the asset folders under the version prefix', async () => {
    assert.equal((await get(port, '/v/0123abcd/index.html')).status, 404);
    assert.equal((await get(port, '/v/0123abcd/js/../../../etc/passwd')).status, 404);
    assert.equal((await get(port, '/nope.js')).status, 404);
  });

  it('proxies /api/ to the edge without the prefix, with forwarding headers', async () => {
    const res = await get(port, '/api/tasks?completed=true', {
      headers: { Authorization: 'Bearer t', 'X-Forwarded-For': '6.6.6.6' },
    });
    assert.equal(res.status, 200);
    const seen = JSON.parse(res.body.toString());
    assert.equal(seen.url, '/tasks?completed=true');
    assert.equal(seen.headers.authorization, 'Bearer t');
    assert.equal(seen.headers['x-forwarded-for'], '127.0.0.1', 'a client-made X-Forwarded-For is replaced');
    assert.equal(seen.headers['x-forwarded-proto'], 'http');
    assert.equal(seen.headers['x-forwarded-host'], `127.0.0.1:${port}`);
    assert.equal(seen.headers.host, `127.0.0.1:${port}`);
    assert.equal(res.headers['cache-control'], undefined, 'the edge decides caching of API answers');
    assert.equal(res.headers['x-frame-options'], 'DENY', 'one security header each, not the edge copy too');
    assert.equal(res.headers['referrer-policy'], 'strict-origin-when-cross-origin');
  });

  it('rewrites the refresh cookie path from /auth to /api/auth', async () => {
    const res = await get(port, '/api/auth/login', { method: 'POST' });
    assert.match(String(res.headers['set-cookie']), /Path=\/api\/auth/);
  });

  it('passes the path and query on as nginx normalised them, only without /api', async () => {
    const seen = async (path) => JSON.parse((await get(port, path)).body.toString()).url;
    assert.equal(await seen('/api/tasks/a%20b?x=%2F%20&y=a+b'), '/tasks/a%20b?x=%2F%20&y=a+b');
    assert.equal(await seen('/api//tasks'), '/tasks');
    assert.equal(await seen('/api/tasks/../auth/login'), '/auth/login');
    assert.equal(await seen('/api/'), '/');
    const bare = await get(port, '/api');
    assert.equal(bare.status, 301);
    assert.equal(bare.headers.location, '/api/');
  });

  it('points the Location of a created task, relative or absolute, under /api/', async () => {
    const created = await get(port, '/api/tasks', { method: 'POST' });
    assert.equal(created.status, 201);
    assert.equal(created.headers.location, '/api/tasks/42');
    const absolute = await get(port, '/api/absolute-redirect');
    assert.equal(absolute.headers.location, '/api/tasks/7');
  });

  it('sends the edge a Host for an HTTP/1.0 request that had none (the edge refuses HTTP/1.1 without one)', async () => {
    const answer = await raw(port, 'GET /api/tasks HTTP/1.0\r\n\r\n');
    assert.match(answer, /^HTTP\/1\.1 200/);
    const echoed = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4));
    assert.ok(echoed.headers.host, 'the edge got a Host');
    // a client's own Host, with its port, is passed as it came
    const own = JSON.parse((await get(port, '/api/tasks', { headers: { Host: 'localhost:3000' } })).body.toString());
    assert.equal(own.headers.host, 'localhost:3000');
  });

  it('passes a body larger than its memory buffer on (nginx writes it to a file its workers must reach)', async () => {
    // run as root, the workers (www-data) could not enter the runtime directory, and every body over 16 KB was a 500
    const body = JSON.stringify({ title: 'a'.repeat(100_000) });
    const res = await get(port, '/api/tasks', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
    assert.equal(res.status, 201, String(res.body));
  });

  it('answers problem JSON for what it refuses itself: a body too large, headers too large', async () => {
    const refusals = [
      [413, 'payload_too_large', '/api/tasks', { method: 'POST', headers: { 'Content-Length': String(3 * 1024 * 1024) } }],
      [400, 'invalid_request', '/api/tasks', { headers: { 'X-Big': 'b'.repeat(20000) } }],
      [400, 'invalid_request', '/', { headers: { 'X-Big': 'b'.repeat(20000) } }],
    ];
    for (const [status, code, path, options] of refusals) {
      const res = await get(port, path, options);
      assert.equal(res.status, status, `${path}: ${res.body}`);
      assert.match(res.headers['content-type'], /application\/problem\+json/);
      const body = JSON.parse(res.body.toString());
      assert.equal(body.code, code);
      assert.equal(body.status, status);
      assert.ok(body.error);
      assert.equal(res.headers['x-frame-options'], 'DENY');
    }
  });

  it('answers problem JSON for a request it cannot read, before it chose a location, on every path', async () => {
    const refusals = [
      [405, 'method_not_allowed', 'TRACE /api/tasks HTTP/1.1\r\nHost: a\r\n\r\n'],
      [501, 'not_implemented', 'POST /api/tasks HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n'],
      [400, 'invalid_request', 'POST /api/tasks HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n'],
      [400, 'invalid_request', 'POST /api/tasks HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n'],
      [400, 'invalid_request', 'POST /api/tasks HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'],
      [400, 'invalid_request', 'GET /api/tasks HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n'],
      // a target nginx cannot parse, a version it refuses, a URL over its buffers: no path to name
      [400, 'invalid_request', 'GET /api/ta%00sks HTTP/1.1\r\nHost: a\r\n\r\n', null],
      [505, 'http_version_not_supported', 'GET /api/tasks HTTP/2.0\r\nHost: a\r\n\r\n', null],
      [414, 'request_too_large', `GET /api/${'a'.repeat(9000)} HTTP/1.1\r\nHost: a\r\n\r\n`, null],
      [405, 'method_not_allowed', 'POST /index.html HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n', '/index.html'],
      // chunks past the 2 MiB of /api/, found as nginx reads them: the redirect to the problem carried what was
      // read, over the problem location's own default limit, and got nginx's HTML page
      [413, 'payload_too_large', 'POST /api/tasks HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n'
        + `10000\r\n${'a'.repeat(0x10000)}\r\n`.repeat(40) + '0\r\n\r\n'],
    ];
    for (const [status, code, request, instance = '/api/tasks'] of refusals) {
      const answer = await raw(port, request, { end: true });
      const [head, body] = answer.split('\r\n\r\n');
      assert.match(head, new RegExp(`^HTTP/1\\.1 ${status} `), request);
      assert.match(head, /\r\nContent-Type: application\/problem\+json\r\n/i, request);
      assert.match(head, /\r\nX-Frame-Options: DENY\r\n/i, request);
      assert.deepEqual(
        (({ type, status: s, code: c, instance: i = null }) => ({ type, status: s, code: c, instance: i }))(JSON.parse(body)),
        { type: 'about:blank', status, code, instance },
        request,
      );
    }
    // and nothing of it was an uninitialised variable
    assert.doesNotMatch(readFileSync(join(nginx.dir, 'error.log'), 'utf8'), /uninitialized/);
  });

  it("passes the edge's own 503 on with the edge's Retry-After alone", async () => {
    const res = await get(port, '/api/edge-503');
    assert.equal(res.status, 503);
    assert.equal(res.headers['retry-after'], '1');
    assert.equal(JSON.parse(res.body.toString()).name, 'edge', "the edge's answer, not nginx's page");
  });

  it('answers problem JSON when the edge is down', async () => {
    upstream.close();
    await new Promise((r) => setTimeout(r, 50));
    const res = await get(port, '/api/tasks');
    assert.equal(res.status, 503);
    assert.match(res.headers['content-type'], /application\/problem\+json/);
    const body = JSON.parse(res.body.toString());
    assert.equal(body.code, 'service_unavailable');
    assert.ok(body.error);
    assert.equal(res.headers['retry-after'], '5', 'as on every 503 of the API');
    assert.equal(res.headers['cache-control'], undefined);
    assert.equal(res.headers['x-frame-options'], 'DENY');
  });
});

describe('nginx configuration with the edge named by host name', { skip: hasNginx ? false : 'nginx is not installed' }, () => {
  const records = new Map();
  let dns;
  let nginx;
  let edges = [];

  before(async () => {
    dns = await startDns(records);
    // the edge's port is fixed by its configuration; its address is whatever the container got
    const edgePort = await freePort();
    edges = [await startUpstream('127.0.0.2', edgePort, 'first edge', 'edge.test')];
    // nginx starts before the name resolves at all (the old configuration failed here)
    nginx = await startNginx({
      EDGE_UPSTREAM: `http://edge.test:${edgePort}`,
      NGINX_LOCAL_RESOLVERS: `127.0.0.1:${dns.port}`,
      NGINX_RESOLVER_VALID: '1s',
    });
  });

  after(async () => {
    await nginx?.stop();
    for (const edge of edges) edge.close();
    dns?.close();
  });

  it('answers problem JSON while the name does not resolve', async () => {
    const res = await get(nginx.port, '/api/tasks');
    assert.equal(res.status, 503);
    assert.equal(JSON.parse(res.body.toString()).code, 'service_unavailable');
    assert.equal(res.headers['retry-after'], '5');
    assert.ok(dns.queries.some((q) => q.name === 'edge.test'), 'nginx asked the configured resolver');
  });

  it('follows the edge to its new address once the last answer expired', async () => {
    // nginx keeps an answer, a negative one too, for NGINX_RESOLVER_VALID (1 s here, counted in whole seconds)
    const nameOfEdge = async (path) => {
      for (let i = 0; i < 30; i += 1) {
        const res = await get(nginx.port, path);
        if (res.status === 200) return JSON.parse(res.body.toString());
        await new Promise((r) => setTimeout(r, 100));
      }
      return undefined;
    };
    records.set('edge.test', '127.0.0.2');
    const first = await nameOfEdge('/api/tasks');
    assert.equal(first?.name, 'first edge');
    assert.equal(first.url, '/tasks');

    // `up -d --build` recreates the edge: the old address is gone, the name points at the new one
    const { port: edgePort } = edges[0].address();
    edges[0].close();
    edges.push(await startUpstream('127.0.0.3', edgePort, 'recreated edge', 'edge.test'));
    records.set('edge.test', '127.0.0.3');
    const second = await nameOfEdge('/api/tasks?completed=true');
    assert.equal(second?.name, 'recreated edge');
    assert.equal(second.url, '/tasks?completed=true');
  });

  it('points an absolute Location naming the edge under /api/, as proxy_redirect default did', async () => {
    const res = await get(nginx.port, '/api/absolute-redirect');
    assert.equal(res.status, 302);
    assert.equal(res.headers.location, '/api/tasks/7');
  });
});

// Connection limits of both main configurations: the host's (host-nginx.conf.template, rendered by
// render-nginx.sh) and the image's (nginx/nginx.conf, copied over the nginx image's own). Each open /events stream
// takes two connections of one worker (the browser's and the edge's); when a worker runs out, nginx refuses every
// new request, GET / included. One worker must carry one edge's EVENTS_MAX_STREAMS with room to spare.
describe('nginx connection limits', () => {
  const edgeProperties = readFileSync(join(FRONTEND, '../edge/src/main/resources/application.properties'), 'utf8');
  const maxStreams = Number(/^edge\.events\.max-streams=\$\{EVENTS_MAX_STREAMS:(\d+)\}/m.exec(edgeProperties)[1]);
  const directive = (text, name) => {
    const m = new RegExp(`^\\s*${name}\\s+(\\S+);`, 'm').exec(text.replace(/#.*$/gm, ''));
    return m ? m[1] : undefined;
  };

  for (const file of ['nginx/host-nginx.conf.template', 'nginx/nginx.conf']) {
    it(`${file}: one worker holds EVENTS_MAX_STREAMS (${maxStreams}) streams of two connections each, and its descriptors`, () => {
      const text = readFileSync(join(FRONTEND, file), 'utf8');
      const connections = Number(directive(text, 'worker_connections'));
      assert.ok(connections >= 2 * maxStreams + 64, `worker_connections ${connections} < 2 × ${maxStreams} + 64`);
      const nofile = Number(directive(text, 'worker_rlimit_nofile'));
      assert.ok(nofile >= connections, `worker_rlimit_nofile ${nofile} below worker_connections ${connections}`);
    });
  }

  it('the image copies nginx/nginx.conf over its main configuration', () => {
    const dockerfile = readFileSync(join(FRONTEND, '../docker/frontend.Dockerfile'), 'utf8');
    assert.match(dockerfile, /^COPY\s.*\bnginx\/nginx\.conf\s+\/etc\/nginx\/nginx\.conf$/m);
    const ignore = readFileSync(join(FRONTEND, '../docker/frontend.Dockerfile.dockerignore'), 'utf8');
    assert.match(ignore, /^!nginx\/nginx\.conf$/m);
  });

  it("the image's nginx.conf is valid (nginx -t, its paths moved into a temporary directory)", { skip: hasNginx ? false : 'nginx is not installed' }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'todo-nginx-image-'));
    try {
      mkdirSync(join(dir, 'conf.d'));
      const text = readFileSync(join(FRONTEND, 'nginx/nginx.conf'), 'utf8')
        .replaceAll('/etc/nginx/conf.d', join(dir, 'conf.d'))
        .replaceAll('/tmp/', `${dir}/`)
        .replaceAll('/var/log/nginx/error.log', join(dir, 'error.log'));
      writeFileSync(join(dir, 'nginx.conf'), text);
      execFileSync('nginx', ['-t', '-q', '-e', join(dir, 'error.log'), '-c', join(dir, 'nginx.conf')], { stdio: 'pipe' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
