// All checks of one deploy/kubernetes tree: render each kustomization, validate every object against the API's
// schemas, apply the policies and the platform's expectations; then what only holds across the targets.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { containersOf, podTemplate, workloads } from "./objects.mjs";
import { checkPlatform } from "./platform.mjs";
import { checkPolicies } from "./policy.mjs";
import { render } from "./render.mjs";
import { validateSchemas } from "./schema.mjs";

export const SECRET_NAME = "todo-secrets";

/** The keys of the Secret, as secrets.example.env documents them (KEY= lines). */
export function secretKeys(root) {
  const file = join(root, "secrets.example.env");
  if (!existsSync(file)) throw new Error(`${file} is missing: it documents the Secret ${SECRET_NAME}'s keys`);
  return readFileSync(file, "utf8")
    .split("\n")
    .map((line) => line.match(/^\s*([A-Z][A-Z0-9_]*)=/)?.[1])
    .filter(Boolean);
}

/** base and every overlay under overlays/ (relative to root). */
export function defaultTargets(root) {
  const overlays = join(root, "overlays");
  if (!existsSync(overlays)) return ["base"];
  const names = readdirSync(overlays, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name);
  return ["base", ...names.sort().map((n) => `overlays/${n}`)];
}

/**
 * @returns {{ targets: { target, objects, findings }[], findings: string[] }} findings of the whole run
 *   ("target: finding"), empty when everything holds
 */
export async function checkTree(root, targets = defaultTargets(root)) {
  const secrets = { name: SECRET_NAME, keys: secretKeys(root) };
  const results = [];
  for (const target of targets) {
    let objects;
    try {
      objects = render(join(root, target));
    } catch (e) {
      results.push({ target, objects: [], findings: [e.message] });
      continue;
    }
    const schemaFindings = await validateSchemas(objects);
    results.push({
      target,
      objects,
      findings: [...schemaFindings, ...checkPolicies(objects, secrets), ...checkPlatform(objects)],
    });
  }
  const findings = results.flatMap((r) => r.findings.map((f) => `${r.target}: ${f}`));
  // every documented key is used somewhere (a key nothing reads is a stale instruction to the operator); only
  // known when every target was rendered
  const all = defaultTargets(root);
  if (all.some((t) => !targets.includes(t))) return { targets: results, findings };
  const referenced = new Set(
    results
      .flatMap((r) => workloads(r.objects))
      .flatMap((w) => containersOf(podTemplate(w).spec))
      .flatMap(({ container }) => container.env ?? [])
      .map((e) => e.valueFrom?.secretKeyRef?.key),
  );
  for (const key of secrets.keys) {
    if (!referenced.has(key)) findings.push(`secrets.example.env: ${key} is referenced by no manifest`);
  }
  return { targets: results, findings };
}
