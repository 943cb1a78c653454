import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { test } from "node:test";
import { checkTree } from "../lib/check.mjs";
import { BrokenCopy, ROOT } from "./broken-copy.mjs";

const CLI = join(ROOT, "check", "check-manifests.mjs");

test("the repository's manifests pass every check, base and overlays", async () => {
  const { targets, findings } = await checkTree(ROOT);
  assert.deepEqual(findings, []);
  assert.deepEqual(
    targets.map((t) => t.target),
    ["base", "overlays/local"],
  );
  for (const t of targets) assert.ok(t.objects.length > 20, `${t.target} rendered only ${t.objects.length} objects`);
});

test("the command exits 0 on the repository's manifests and says so", () => {
  const run = spawnSync(process.execPath, [CLI], { encoding: "utf8" });
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /all checks passed/);
});

test("the command exits 1 on a broken copy and names the finding", () => {
  const copy = new BrokenCopy();
  try {
    copy.edit("base/edge.yaml", "readOnlyRootFilesystem: true", "readOnlyRootFilesystem: false");
    const run = spawnSync(process.execPath, [CLI, "--root", copy.root], { encoding: "utf8" });
    assert.equal(run.status, 1, run.stdout + run.stderr);
    assert.match(run.stderr, /FAIL base: Deployment\/edge: container edge: readOnlyRootFilesystem is not true/);
  } finally {
    copy.remove();
  }
});

test("the command exits 2 and says why when there is no kustomize to render with", () => {
  const run = spawnSync(process.execPath, [CLI], {
    encoding: "utf8",
    env: { ...process.env, KUSTOMIZE: "/nonexistent/kustomize" },
  });
  assert.equal(run.status, 2, run.stdout + run.stderr);
  assert.match(run.stderr, /no kustomize v5\+ to render the manifests with/);
});

test("a kustomization that does not render is a finding with kustomize's own message", async () => {
  const copy = new BrokenCopy();
  try {
    copy.edit("base/kustomization.yaml", "  - notifier.yaml\n", "  - notifier.yaml\n  - missing.yaml\n");
    const findings = await copy.findings("base");
    assert.equal(findings.length, 1);
    assert.match(findings[0], /^base: kustomize could not render .*missing\.yaml/);
  } finally {
    copy.remove();
  }
});

test("a key of secrets.example.env that no manifest reads is a finding", async () => {
  const copy = new BrokenCopy();
  try {
    copy.append("secrets.example.env", "OLD_API_KEY=\n");
    const { findings } = await checkTree(copy.root);
    assert.deepEqual(findings, ["secrets.example.env: OLD_API_KEY is referenced by no manifest"]);
  } finally {
    copy.remove();
  }
});
