// Test support: a copy of deploy/kubernetes (without this checker) in a temporary directory, to break on purpose.
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { checkTree } from "../lib/check.mjs";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const CHECKER = join(ROOT, "check");

export class BrokenCopy {
  constructor() {
    this.root = mkdtempSync(join(tmpdir(), "k8s-manifests-"));
    cpSync(ROOT, this.root, {
      recursive: true,
      filter: (src) => !src.startsWith(CHECKER) && relative(ROOT, src) !== "secrets.env",
    });
  }

  /** Replaces the one occurrence of `from` in `file` (fails the test when it is not there exactly once). */
  edit(file, from, to) {
    const path = join(this.root, file);
    const text = readFileSync(path, "utf8");
    const count = text.split(from).length - 1;
    assert.equal(count, 1, `expected exactly one ${JSON.stringify(from)} in ${file}, found ${count}`);
    writeFileSync(path, text.replace(from, to));
    return this;
  }

  /** Removes the object kind/name from the multi-document file (fails the test when it is not there). */
  drop(file, kind, name) {
    const path = join(this.root, file);
    const docs = readFileSync(path, "utf8").split(/^---\n/m);
    const kept = docs.filter(
      (d) => !(new RegExp(`^kind: ${kind}$`, "m").test(d) && new RegExp(`^  name: ${name}$`, "m").test(d)),
    );
    assert.equal(kept.length, docs.length - 1, `expected one ${kind}/${name} in ${file}`);
    writeFileSync(path, kept.join("---\n"));
    return this;
  }

  append(file, text) {
    const path = join(this.root, file);
    writeFileSync(path, readFileSync(path, "utf8") + text);
    return this;
  }

  /** The findings of the given targets ("base", "overlays/local"). */
  async findings(...targets) {
    return (await checkTree(this.root, targets)).findings;
  }

  remove() {
    rmSync(this.root, { recursive: true, force: true });
  }
}

/** Breaks a copy with `change`, checks `targets`, and asserts that a finding matches `expected`. */
export async function assertCaught(change, expected, targets = ["base"]) {
  const copy = new BrokenCopy();
  try {
    change(copy);
    const findings = await copy.findings(...targets);
    assert.ok(
      findings.some((f) => expected.test(f)),
      `no finding matches ${expected}; the findings were:\n  ${findings.join("\n  ") || "(none)"}`,
    );
    return findings;
  } finally {
    copy.remove();
  }
}
