#!/usr/bin/env node
// Checks deploy/kubernetes without a cluster: renders base and every overlay with kustomize, validates every
// object against the Kubernetes 1.36 API schemas (unknown fields included), and applies the project's policies
// and network expectations. Prints each finding; exits 1 when there is one, 2 when it cannot run.
//   node check-manifests.mjs [--root DIR] [TARGET...]     (TARGET relative to DIR, default: base overlays/*)
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { checkTree, defaultTargets } from "./lib/check.mjs";
import { findKustomize } from "./lib/render.mjs";

const args = process.argv.slice(2);
let root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const rootAt = args.indexOf("--root");
if (rootAt >= 0) {
  root = resolve(args[rootAt + 1] ?? ".");
  args.splice(rootAt, 2);
}

try {
  console.log(`rendering with ${findKustomize().label}`);
  const targets = args.length > 0 ? args : defaultTargets(root);
  const { targets: results, findings } = await checkTree(root, targets);
  for (const r of results) {
    console.log(
      `${r.target}: ${r.objects.length} objects, ${r.findings.length === 0 ? "ok" : r.findings.length + " finding(s)"}`,
    );
  }
  for (const f of findings) console.error(`FAIL ${f}`);
  console.log(
    findings.length === 0
      ? "kubernetes manifests: all checks passed"
      : `kubernetes manifests: ${findings.length} finding(s)`,
  );
  process.exitCode = findings.length === 0 ? 0 : 1;
} catch (e) {
  console.error(`kubernetes manifests: cannot check: ${e.message}`);
  process.exitCode = 2;
}
