#!/usr/bin/env node
// Holds recorded exchanges against the API document; exits 1 when one of them is not described.
// Usage: check-exchanges.js [--base-path /api] [--document path.yaml] FILE...
//   FILE: a HAR (Playwright's recordHar) or JSON lines (see src/recordings.js)
// Prints one line per exchange that fails (with every problem), how many were left out (or checked without
// their body) for each of recordings.js's reasons, then "N passed, M failed".

import { ApiDocument } from '../src/document.js';
import { ApiContract, report } from '../src/contract.js';
import { NOT_CHECKED, readRecordings } from '../src/recordings.js';

const args = process.argv.slice(2);
let basePath = '';
let documentPath;
const files = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--base-path') basePath = args[++i].replace(/\/$/, '');
  else if (args[i] === '--document') documentPath = args[++i];
  else files.push(args[i]);
}
if (files.length === 0) {
  console.error('usage: check-exchanges.js [--base-path /api] [--document path.yaml] FILE...');
  process.exit(2);
}

const contract = new ApiContract(documentPath ? ApiDocument.load(documentPath) : ApiDocument.load());
const notCheckedTotal = {};
let passed = 0;
let failed = 0;
for (const file of files) {
  const { exchanges, skipped, notChecked } = readRecordings(file, { basePath });
  for (const exchange of exchanges) {
    const problems = contract.problems(exchange);
    if (problems.length === 0) {
      passed++;
    } else {
      failed++;
      console.log(`${file}: ${report(exchange, problems, 'the API document')}`);
    }
  }
  if (skipped > 0) console.log(`${file}: ${skipped} exchanges outside ${basePath} not checked`);
  for (const [reason, n] of Object.entries(notChecked)) notCheckedTotal[reason] = (notCheckedTotal[reason] || 0) + n;
}
for (const [reason, n] of Object.entries(notCheckedTotal)) console.log(`${n} × ${NOT_CHECKED[reason]}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
