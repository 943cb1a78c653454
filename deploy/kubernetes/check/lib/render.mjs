// Renders a kustomization with the real kustomize: a `kustomize` binary when there is one (GitHub's runners
// have it), else the one built into kubectl (`kubectl kustomize`, kustomize v5 since kubectl 1.27). KUSTOMIZE
// names a binary explicitly. Nothing is downloaded.
import { execFileSync } from "node:child_process";
import { parseAllDocuments } from "yaml";

const MIN_MAJOR = 5;

function run(command, args) {
  return execFileSync(command, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 << 20 });
}

function available(command, args) {
  try {
    return run(command, args);
  } catch {
    return null;
  }
}

let cached;

/** The kustomize to use: { label, build(dir) → YAML text }. Throws with a sentence when there is none. */
export function findKustomize() {
  if (cached) return cached;
  const explicit = process.env.KUSTOMIZE;
  const candidates = explicit
    ? [{ command: explicit, version: ["version"], build: ["build"] }]
    : [
        { command: "kustomize", version: ["version"], build: ["build"] },
        { command: "kubectl", version: ["version", "--client"], build: ["kustomize"] },
      ];
  const refused = [];
  for (const c of candidates) {
    const out = available(c.command, c.version);
    if (out === null) {
      refused.push(`${c.command}: not found`);
      continue;
    }
    // kubectl: "Kustomize Version: v5.5.0" (none before 1.24); kustomize: "v5.4.3"
    const m = out.match(
      c.command === "kubectl" ? /Kustomize Version:\s*v?(\d+)\.(\d+)\.(\d+)/ : /v?(\d+)\.(\d+)\.(\d+)/,
    );
    const version = m ? `v${m[1]}.${m[2]}.${m[3]}` : "unknown";
    if (!m || Number(m[1]) < MIN_MAJOR) {
      refused.push(`${c.command}: kustomize ${version}, need v${MIN_MAJOR} or newer`);
      continue;
    }
    cached = {
      label: `${c.command} ${c.build.join(" ")} (kustomize ${version})`,
      build: (dir) => run(c.command, [...c.build, dir]),
    };
    return cached;
  }
  throw new Error(
    `no kustomize v${MIN_MAJOR}+ to render the manifests with (${refused.join("; ")}); install kubectl or kustomize, ` +
      "or name one with KUSTOMIZE=/path/to/kustomize",
  );
}

/** Renders dir; returns the objects in order. A kustomize error is thrown with kustomize's own message. */
export function render(dir) {
  let text;
  try {
    text = findKustomize().build(dir);
  } catch (e) {
    if (e.stderr !== undefined) {
      throw new Error(`kustomize could not render ${dir}: ${String(e.stderr).trim() || e.message}`);
    }
    throw e;
  }
  const objects = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) throw new Error(`kustomize printed invalid YAML: ${doc.errors[0].message}`);
    const value = doc.toJS();
    if (value !== null) objects.push(value);
  }
  return objects;
}
