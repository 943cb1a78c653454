import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { DOCUMENT } from '../src/document.js';

const LINT = fileURLToPath(new URL('../bin/lint-document.js', import.meta.url));

test('the document is valid OpenAPI 3.1 and every example fits its schema', () => {
  assert.match(execFileSync(process.execPath, [LINT], { encoding: 'utf8' }), /OpenAPI 3\.1; \d+ examples checked; valid/);
});

test('an example its schema refuses fails the lint, naming where it is', () => {
  const broken = join(mkdtempSync(join(tmpdir(), 'api-contract-')), 'broken.yaml');
  writeFileSync(broken, readFileSync(DOCUMENT, 'utf8').replace('value: {"unread": 2}', 'value: {"unread": -2}'));
  assert.throws(() => execFileSync(process.execPath, [LINT, broken], { encoding: 'utf8' }),
    (error) => error.status === 1 && /unread-count.*examples\/two: \/unread: must be >= 0/.test(error.stdout));
});
