// The nginx configuration, rendered by scripts/render-nginx.sh and run for real in front of a stand-in upstream
// (a few lines of node:http that echo what they receive). Skipped when nginx is not installed.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
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

function get(port, path, { method = 'GET', headers = {} } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('nginx configuration', { skip: hasNginx ? false : 'nginx is not installed' }, () => {
  let dir;
  let nginx;
  let upstream;
  let port;
  let upstreamPort;

  before(async () => {
    upstream = http.createServer((req, res) => {
      if (req.url === '/auth/login') {
        res.setHeader('Set-Cookie', 'refresh_token=abc; HttpOnly; SameSite=Lax; Path=/auth');
      }
      res.setHeader('Content-Type', 'application/json');
      res.setHeader('X-Frame-Options', 'SAMEORIGIN'); // as Spring Security sends its own
      res.setHeader('Referrer-Policy', 'no-referrer');
      res.end(JSON.stringify({ method: req.method, url: req.url, headers: req.headers }));
    });
    await new Promise((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    upstreamPort = upstream.address().port;
    port = await freePort();
    dir = mkdtempSync(join(tmpdir(), 'todo-nginx-'));
    execFileSync(join(FRONTEND, 'scripts/render-nginx.sh'), {
      env: {
        ...process.env,
        EDGE_UPSTREAM: `http://127.0.0.1:${upstreamPort}`,
        NGINX_PORT: String(port),
        FRONTEND_ROOT: join(FRONTEND, 'src'),
        NGINX_RUNTIME_DIR: dir,
      },
      stdio: 'pipe',
    });
    nginx = spawn('nginx', ['-e', join(dir, 'error.log'), '-c', join(dir, 'nginx.conf'), '-g', 'daemon off;'], { stdio: 'ignore' });
    for (let i = 0; i < 100; i += 1) {
      try {
        if ((await get(port, '/healthz')).status === 200) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('nginx did not start');
  });

  after(async () => {
    if (nginx && nginx.exitCode === null) {
      nginx.kill('SIGQUIT');
      await new Promise((resolve) => nginx.once('exit', resolve));
    }
    upstream?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
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

  it('answers problem JSON when the edge is down', async () => {
    upstream.close();
    await new Promise((r) => setTimeout(r, 50));
    const res = await get(port, '/api/tasks');
    assert.equal(res.status, 503);
    assert.match(res.headers['content-type'], /application\/problem\+json/);
    const body = JSON.parse(res.body.toString());
    assert.equal(body.code, 'service_unavailable');
    assert.ok(body.error);
  });
});
