// actionlint.mjs: its reporting and exit status with a stand-in linter, and with the real one when installed.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

import { lint } from './actionlint.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');
const INSTALLED = join(ROOT, '.stack', 'tools', 'node_modules', '@tktco', 'node-actionlint');
const BUILD = join(ROOT, '.github', 'workflows', 'build.yml');

function run(moduleDir, ...files) {
  return spawnSync(process.execPath, [join(HERE, 'actionlint.mjs'), moduleDir, ...files], { encoding: 'utf8' });
}

describe('actionlint.mjs', () => {
  let dir;
  let stub;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'actionlint-'));
    // a stand-in for the npm package: one finding per line that says "bad"
    stub = join(dir, 'stub');
    mkdirSync(stub);
    writeFileSync(join(stub, 'index.js'), `exports.runLint = async (text) => text.split('\\n')
      .map((line, i) => [line, i]).filter(([line]) => line.includes('bad'))
      .map(([, i]) => ({ line: i + 1, column: 1, message: 'bad line', kind: 'stub' }));\n`);
    writeFileSync(join(dir, 'good.yml'), 'name: good\n');
    writeFileSync(join(dir, 'bad.yml'), 'name: x\nbad: 1\nbad: 2\n');
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it('counts and prints every finding with its place', async () => {
    const lines = { log: [], error: [] };
    const out = { log: (l) => lines.log.push(l), error: (l) => lines.error.push(l) };
    const count = await lint(createRequire(import.meta.url)(stub).runLint, [join(dir, 'good.yml'), join(dir, 'bad.yml')], out);
    assert.equal(count, 2);
    assert.deepEqual(lines.error, [`${join(dir, 'bad.yml')}:2:1: bad line [stub]`, `${join(dir, 'bad.yml')}:3:1: bad line [stub]`]);
    assert.deepEqual(lines.log, [`${join(dir, 'good.yml')}: ok`, `${join(dir, 'bad.yml')}: 2 finding(s)`]);
  });

  it('exits 0 without findings, 1 with findings, 2 without arguments', () => {
    assert.equal(run(stub, join(dir, 'good.yml')).status, 0);
    assert.equal(run(stub, join(dir, 'good.yml'), join(dir, 'bad.yml')).status, 1);
    assert.equal(run(stub).status, 2);
  });

  it('exits 2 when the linter cannot be loaded', () => {
    const result = run(join(dir, 'nowhere'), join(dir, 'good.yml'));
    assert.equal(result.status, 2);
  });

  it('passes the repository workflow and fails a broken copy with the real actionlint',
    { skip: existsSync(join(INSTALLED, 'main.wasm')) ? false : 'not installed (scripts/check-delivery.sh installs it)' },
    () => {
      const broken = join(dir, 'build.yml');
      writeFileSync(broken, readFileSync(BUILD, 'utf8').replace('runs-on: ubuntu-24.04', 'runs-on: ${{ matrix.os }}'));
      const result = run(INSTALLED, BUILD, broken);
      assert.equal(result.status, 1);
      assert.match(result.stdout, new RegExp(`${BUILD}: ok`));
      assert.match(result.stderr, /build\.yml:\d+:\d+: property "os" is not defined/);
    });
});
