// Checks on the static files that the CSP and the cache policy depend on.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { it } from 'node:test';
import { assetVersion, referencedVersions, SRC } from '../scripts/stamp-assets.mjs';

const html = readFileSync(new URL('../src/index.html', import.meta.url), 'utf8');
const js = readdirSync(new URL('../src/js/', import.meta.url)).map((f) => readFileSync(new URL(`../src/js/${f}`, import.meta.url), 'utf8'));

it('index.html refers to the current asset version (run npm run stamp after changing js or css)', () => {
  assert.deepEqual(referencedVersions(SRC), [assetVersion(SRC)]);
});

it('has no inline script, inline style or inline event handler (the CSP forbids them)', () => {
  assert.doesNotMatch(html, /<script(?![^>]*\ssrc=)[^>]*>/i);
  assert.doesNotMatch(html, /\sstyle=/i);
  assert.doesNotMatch(html, /<style/i);
  assert.doesNotMatch(html, /\son[a-z]+=/i);
});

it('no module writes HTML from strings', () => {
  for (const source of js) {
    assert.doesNotMatch(source, /\.(innerHTML|outerHTML)\s*[+]?=|insertAdjacentHTML\(|document\.write/);
  }
});

it('every form control in index.html has a label', () => {
  const ids = [...html.matchAll(/<input[^>]*\sid="([^"]+)"/g)].map((m) => m[1]);
  assert.ok(ids.length >= 3);
  for (const id of ids) assert.match(html, new RegExp(`<label[^>]*for="${id}"`), id);
});
