// Small readers over rendered Kubernetes objects, shared by the policy and platform checks.

const POD_OWNERS = new Set(["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job"]);

/** The pod template of a workload ({ metadata, spec }), or null for other kinds. */
export function podTemplate(obj) {
  if (obj.kind === "Pod") return obj;
  if (POD_OWNERS.has(obj.kind)) return obj.spec?.template ?? null;
  if (obj.kind === "CronJob") return obj.spec?.jobTemplate?.spec?.template ?? null;
  return null;
}

export function workloads(objects) {
  return objects.filter((o) => podTemplate(o) !== null);
}

export function namespaceOf(obj) {
  return obj.metadata?.namespace ?? "default";
}

export function ref(obj) {
  return `${obj.kind}/${obj.metadata?.name ?? "?"}`;
}

/** Regular and init containers, each as { container, init }. */
export function containersOf(podSpec) {
  return [
    ...(podSpec?.initContainers ?? []).map((container) => ({ container, init: true })),
    ...(podSpec?.containers ?? []).map((container) => ({ container, init: false })),
  ];
}

/** A label selector ({ matchLabels, matchExpressions }) against labels. An empty selector matches everything. */
export function selects(selector, labels = {}) {
  if (!selector) return false;
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, e.key);
    const values = e.values ?? [];
    if (e.operator === "In" && !(has && values.includes(labels[e.key]))) return false;
    if (e.operator === "NotIn" && has && values.includes(labels[e.key])) return false;
    if (e.operator === "Exists" && !has) return false;
    if (e.operator === "DoesNotExist" && has) return false;
  }
  return true;
}

/** Seconds of a duration as Spring Boot reads it ("20s", "500ms", "1m", "PT20S"; a bare number is ms). */
export function durationSeconds(text) {
  const s = String(text).trim();
  let m = s.match(/^(\d+(?:\.\d+)?)(ns|us|ms|s|m|h|d)?$/);
  if (m) {
    const factor = { ns: 1e-9, us: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600, d: 86400 }[m[2] ?? "ms"];
    return Number(m[1]) * factor;
  }
  m = s.match(/^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?$/i);
  if (m) return Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
  return null;
}

/** Bytes of a resource quantity ("320Mi", "1Gi", "500M"), or cores ("500m", "2"). */
export function quantity(text) {
  const m = String(text)
    .trim()
    .match(/^(\d+(?:\.\d+)?)(m|k|M|G|T|Ki|Mi|Gi|Ti)?$/);
  if (!m) return null;
  const factor =
    { m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4 }[m[2]] ?? 1;
  return Number(m[1]) * factor;
}

/** The container ports of a pod spec: [{ name, containerPort, protocol }]. */
export function containerPorts(podSpec) {
  return (podSpec?.containers ?? []).flatMap((c) =>
    (c.ports ?? []).map((p) => ({ name: p.name, containerPort: p.containerPort, protocol: p.protocol ?? "TCP" })),
  );
}
