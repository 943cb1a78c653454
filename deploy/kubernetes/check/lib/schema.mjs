// Validates rendered objects against the Kubernetes API of release 1.36 (@kubernetes/client-node 2.0.1 is generated
// from its OpenAPI; kubernetes-models 5.1.0 has the same fields), in two passes:
//  1. the API's JSON Schema (types, required fields, enumerations, formats) through kubernetes-models' compiled
//     validators; an apiVersion/kind that release does not serve is a finding too;
//  2. strictly: a field the API does not define is a finding, as the API server's strict field validation
//     (kubectl's default) would refuse it. The OpenAPI schemas leave additional properties open, so pass 1 cannot
//     see a misspelt field; the field lists come from the same release's models in @kubernetes/client-node.
import * as clientModels from "@kubernetes/client-node/dist/gen/models/ObjectSerializer.js";

const LEAF_TYPES = new Set(["string", "number", "boolean", "Date", "any", "object", "IntOrString"]);

function pascal(word) {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function splitApiVersion(apiVersion) {
  const slash = apiVersion.lastIndexOf("/");
  return slash < 0
    ? { group: "", version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/** The client model's name for apiVersion/kind: CoreV1Event-style names first (used where kinds collide), then V1Kind. */
function clientModel(apiVersion, kind) {
  const { group, version } = splitApiVersion(apiVersion);
  const groupWord = pascal(group === "" ? "core" : group.split(".")[0]);
  for (const name of [`${groupWord}${pascal(version)}${kind}`, `${pascal(version)}${kind}`]) {
    const model = clientModels[name];
    if (typeof model === "function" && Array.isArray(model.attributeTypeMap)) return name;
  }
  return null;
}

async function schemaModel(apiVersion, kind) {
  const { group, version } = splitApiVersion(apiVersion);
  if (!/^[A-Za-z0-9]+$/.test(kind) || !/^[a-z0-9.]*$/.test(group) || !/^v[a-z0-9]+$/.test(version)) return null;
  try {
    const mod = await import(`kubernetes-models/${group === "" ? "" : group + "/"}${version}/${kind}`);
    return mod[kind] ?? null;
  } catch {
    return null;
  }
}

function unknownFields(value, type, path, out) {
  if (value === null || value === undefined || LEAF_TYPES.has(type)) return;
  let m = type.match(/^Array<(.+)>$/);
  if (m) {
    if (Array.isArray(value)) value.forEach((v, i) => unknownFields(v, m[1], `${path}[${i}]`, out));
    return;
  }
  m = type.match(/^\{ \[key: string\]: (.+); \}$/);
  if (m) {
    if (typeof value === "object")
      for (const [k, v] of Object.entries(value)) unknownFields(v, m[1], `${path}.${k}`, out);
    return;
  }
  const model = clientModels[type];
  if (
    typeof model !== "function" ||
    !Array.isArray(model.attributeTypeMap) ||
    typeof value !== "object" ||
    Array.isArray(value)
  ) {
    return; // a type this walk does not know, or a wrong shape: pass 1 reports shapes
  }
  const fields = new Map(model.attributeTypeMap.map((a) => [a.baseName, a.type]));
  for (const [k, v] of Object.entries(value)) {
    const fieldType = fields.get(k);
    if (fieldType === undefined) {
      out.push(`${path ? path + "." : ""}${k}: unknown field (not in ${type})`);
    } else {
      unknownFields(v, fieldType, path ? `${path}.${k}` : k, out);
    }
  }
}

/** Findings for one object: strings, empty when it is valid. */
export async function validateObject(obj) {
  const { apiVersion, kind } = obj ?? {};
  if (typeof apiVersion !== "string" || typeof kind !== "string") return ["no apiVersion or kind"];
  // served: the release's own models (kubernetes-models also keeps versions that were removed, e.g. policy/v1beta1)
  const client = clientModel(apiVersion, kind);
  if (client === null) return [`${apiVersion} ${kind} is not served by Kubernetes 1.36`];
  const Model = await schemaModel(apiVersion, kind);
  if (Model === null) return [`${apiVersion} ${kind}: no JSON Schema for it in kubernetes-models`];
  const findings = [];
  try {
    new Model(obj).validate();
  } catch (e) {
    for (const part of String(e.message).split(/, (?=data)/)) findings.push(`schema: ${part.replace(/^data\/?/, "")}`);
  }
  unknownFields(obj, client, "", findings);
  return findings;
}

/** Findings for all objects, each prefixed with Kind/name. */
export async function validateSchemas(objects) {
  const findings = [];
  for (const obj of objects) {
    const where = `${obj?.kind ?? "?"}/${obj?.metadata?.name ?? "?"}`;
    for (const f of await validateObject(obj)) findings.push(`${where}: ${f}`);
  }
  return findings;
}
