#!/usr/bin/env node
// Cache busting without a build step: every asset is served under /v/<version>/ (nginx caches that path for a
// year, immutable), where <version> is a hash of everything under src/js and src/css. This script writes the
// current hash into src/index.html; `npm test` fails when it is stale, so a changed asset can't be cached under
// an old URL. Usage: node scripts/stamp-assets.mjs [--check]
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SRC = fileURLToPath(new URL('../src/', import.meta.url));
const VERSIONED = /\/v\/[0-9a-f]{8}\//g;

function files(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? files(path) : [path];
  });
}

/** A hash of the versioned assets' paths and contents (8 hex digits). */
export function assetVersion(src = SRC) {
  const hash = createHash('sha256');
  for (const file of ['js', 'css'].flatMap((d) => files(join(src, d))).sort()) {
    hash.update(relative(src, file).split('\\').join('/'));
    hash.update('\0');
    hash.update(readFileSync(file));
    hash.update('\0');
  }
  return hash.digest('hex').slice(0, 8);
}

/** The versions index.html refers to. */
export function referencedVersions(src = SRC) {
  const html = readFileSync(join(src, 'index.html'), 'utf8');
  return [...new Set([...html.matchAll(VERSIONED)].map((m) => m[0].slice(3, 11)))];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const version = assetVersion();
  const indexPath = join(SRC, 'index.html');
  const html = readFileSync(indexPath, 'utf8');
  if (process.argv.includes('--check')) {
    const refs = referencedVersions();
    if (refs.length !== 1 || refs[0] !== version) {
      console.error(`index.html refers to /v/${refs.join(',')}/ but the assets hash to ${version}: run npm run stamp`);
      process.exit(1);
    }
    console.log(`assets version ${version} is current`);
  } else {
    writeFileSync(indexPath, html.replace(VERSIONED, `/v/${version}/`));
    console.log(`index.html now refers to /v/${version}/`);
  }
}
