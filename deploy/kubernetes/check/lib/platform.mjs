// What this platform's manifests must add up to, beyond the generic policies: its services, the autoscaled
// edge, the migrations gate, and above all who may reach whom. The NetworkPolicies are evaluated as the API
// defines them against a model of the cluster: the manifests' own pods plus an Ingress controller (namespace
// ingress-nginx), Prometheus (namespace monitoring), cluster DNS (kube-system), a pod of another namespace that
// wears our labels, and an address outside the cluster. ipBlock peers are taken to match pod addresses too, as
// common plugins do, so the model errs on the side of "reachable".
import { containersOf, containerPorts, namespaceOf, podTemplate, ref, selects, workloads } from "./objects.mjs";

const SERVICES = ["edge", "todo-core", "notifier", "frontend"];
const MIGRATIONS_IMAGE = /\/migrations-job(:|@|$)/;
const PUBLIC_SERVICES = new Set(["frontend", "edge"]);
const NAME = "app.kubernetes.io/name";
const NS_NAME = "kubernetes.io/metadata.name";

// [from, to, port name]: every connection the platform needs; every other one must be refused.
const NEEDED = [
  ["ingress controller", "frontend", "http"],
  ["ingress controller", "edge", "http"],
  ["frontend", "edge", "http"],
  ["edge", "todo-core", "http"],
  ["edge", "notifier", "grpc"],
  ["todo-core", "notifier", "grpc"],
  ["edge", "mysql", "mysql"],
  ["todo-core", "mysql", "mysql"],
  ["notifier", "mysql", "mysql"],
  ["edge", "redis", "redis"],
  ["notifier", "redis", "redis"],
  ["monitoring", "edge", "management"],
  ["monitoring", "todo-core", "management"],
  ["monitoring", "notifier", "management"],
];
// the databases' ports when they are outside the cluster (the base): their clients, from NEEDED
const EXTERNAL_PORTS = { mysql: 3306, redis: 6379 };
const OUTSIDE_IP = "203.0.113.10";
/** A pod of another namespace that may wear our pods' labels: none of ours may open a connection to it. */
const STRANGER = "a pod of another namespace";

function ipToInt(ip) {
  return ip.split(".").reduce((n, part) => (n << 8) + Number(part), 0) >>> 0;
}

function inCidr(ip, cidr) {
  if (!ip || ip.includes(":") || cidr.includes(":")) return false;
  const [base, bits] = cidr.split("/");
  const mask = Number(bits) === 0 ? 0 : (~0 << (32 - Number(bits))) >>> 0;
  return (ipToInt(ip) & mask) >>> 0 === (ipToInt(base) & mask) >>> 0;
}

function actorsOf(objects) {
  const pods = workloads(objects).map((w, i) => {
    const template = podTemplate(w);
    const ns = namespaceOf(w);
    return {
      name: template.metadata?.labels?.[NAME] ?? w.metadata.name,
      ns,
      nsLabels: { [NS_NAME]: ns },
      labels: template.metadata?.labels ?? {},
      ip: `10.244.${i + 1}.10`,
      ports: containerPorts(template.spec),
      ours: true,
    };
  });
  const external = (name, ns, labels, ports = []) => ({
    name,
    ns,
    nsLabels: { [NS_NAME]: ns },
    labels,
    ip: null,
    ports,
    ours: false,
  });
  const others = [
    { ...external("ingress controller", "ingress-nginx", { [NAME]: "ingress-nginx" }), ip: "10.244.200.10" },
    { ...external("monitoring", "monitoring", { [NAME]: "prometheus" }), ip: "10.244.201.10" },
    {
      ...external("cluster DNS", "kube-system", { "k8s-app": "kube-dns" }, [
        { name: "dns", containerPort: 53, protocol: "UDP" },
        { name: "dns-tcp", containerPort: 53, protocol: "TCP" },
      ]),
      ip: "10.244.202.10",
    },
    { ...external(STRANGER, "elsewhere", { [NAME]: "edge" }), ip: "10.244.203.10" },
    {
      name: "outside the cluster",
      ns: null,
      nsLabels: null,
      labels: null,
      ip: OUTSIDE_IP,
      ours: false,
      ports: [
        { name: "mysql", containerPort: 3306, protocol: "TCP" },
        { name: "redis", containerPort: 6379, protocol: "TCP" },
        { name: "https", containerPort: 443, protocol: "TCP" },
      ],
    },
  ];
  return { pods, others };
}

function policyTypes(p) {
  return p.spec?.policyTypes ?? (p.spec?.egress ? ["Ingress", "Egress"] : ["Ingress"]);
}

function peerMatches(peers, actor, policyNs) {
  if (!peers || peers.length === 0) return true;
  return peers.some((peer) => {
    if (peer.ipBlock) {
      return inCidr(actor.ip, peer.ipBlock.cidr) && !(peer.ipBlock.except ?? []).some((c) => inCidr(actor.ip, c));
    }
    if (actor.ns === null) return false;
    const nsOk = peer.namespaceSelector ? selects(peer.namespaceSelector, actor.nsLabels) : actor.ns === policyNs;
    const podOk = peer.podSelector ? selects(peer.podSelector, actor.labels) : true;
    return nsOk && podOk;
  });
}

function portMatches(rulePorts, port) {
  if (!rulePorts || rulePorts.length === 0) return true;
  return rulePorts.some((p) => {
    if ((p.protocol ?? "TCP") !== port.protocol) return false;
    if (p.port === undefined) return true;
    if (typeof p.port === "string") return p.port === port.name;
    return p.endPort ? port.containerPort >= p.port && port.containerPort <= p.endPort : port.containerPort === p.port;
  });
}

/** Whether the destination's policies admit a connection from `from` on `port` (its ingress side alone). */
function admits(policies, from, to, port) {
  if (!to.ours) return true;
  const selecting = policies.filter(
    (p) => namespaceOf(p) === to.ns && policyTypes(p).includes("Ingress") && selects(p.spec?.podSelector, to.labels),
  );
  return (
    selecting.length === 0 ||
    selecting.some((p) =>
      (p.spec.ingress ?? []).some((r) => peerMatches(r.from, from, namespaceOf(p)) && portMatches(r.ports, port)),
    )
  );
}

/** Whether the source's policies let it open a connection to `to` on `port` (its egress side alone). */
function sends(policies, from, to, port) {
  if (!from.ours) return true;
  const selecting = policies.filter(
    (p) => namespaceOf(p) === from.ns && policyTypes(p).includes("Egress") && selects(p.spec?.podSelector, from.labels),
  );
  return (
    selecting.length === 0 ||
    selecting.some((p) =>
      (p.spec.egress ?? []).some((r) => peerMatches(r.to, to, namespaceOf(p)) && portMatches(r.ports, port)),
    )
  );
}

function allowed(policies, from, to, port) {
  return admits(policies, from, to, port) && sends(policies, from, to, port);
}

function describePort(port) {
  return `${port.name ?? port.containerPort} (${port.containerPort}/${port.protocol})`;
}

function checkNetwork(objects) {
  const findings = [];
  const policies = objects.filter((o) => o.kind === "NetworkPolicy");
  const { pods, others } = actorsOf(objects);
  const present = new Set(pods.map((p) => p.name));

  for (const ns of new Set(pods.map((p) => p.ns))) {
    const denyAll = policies.some(
      (p) =>
        namespaceOf(p) === ns &&
        Object.keys(p.spec?.podSelector ?? { x: 1 }).length === 0 &&
        ["Ingress", "Egress"].every((t) => policyTypes(p).includes(t)) &&
        !(p.spec.ingress ?? []).length &&
        !(p.spec.egress ?? []).length,
    );
    if (!denyAll)
      findings.push(
        `NetworkPolicy: no default deny (podSelector {}, Ingress and Egress, no rules) in namespace ${ns}: a pod added later would be open both ways`,
      );
  }

  const needed = new Set();
  const outsideNeeded = new Set();
  for (const [from, to, portName] of NEEDED) {
    if (present.has(to)) needed.add(`${from}|${to}|${portName}`);
    else if (EXTERNAL_PORTS[to] !== undefined && present.has(from)) outsideNeeded.add(`${from}|${EXTERNAL_PORTS[to]}`);
  }

  const sources = [...pods, ...others];
  // to each of our pods, on each of its ports
  for (const to of pods) {
    for (const port of to.ports) {
      for (const from of sources) {
        if (from === to) continue;
        const admitted = admits(policies, from, to, port);
        const ok = admitted && sends(policies, from, to, port);
        const want = needed.has(`${from.name}|${to.name}|${port.name}`);
        if (admitted && !want) {
          const who = NEEDED.filter(([, t, pn]) => t === to.name && pn === port.name).map(([f]) => f);
          const only = who.length ? "only " + who.join(", ") + " may" : "nothing may";
          // "reachable only from the edge" must hold by the destination's own rules, not because every other
          // pod's egress happens to be closed
          findings.push(
            ok
              ? `NetworkPolicy: ${from.name} can reach ${to.name}:${describePort(port)}; ${only}`
              : `NetworkPolicy: ${to.name}'s policies admit ${from.name} on ${describePort(port)} (only ${from.name}'s egress rules stop it); ${only}`,
          );
        }
        if (!ok && want)
          findings.push(`NetworkPolicy: ${from.name} cannot reach ${to.name}:${describePort(port)}, which it needs`);
      }
    }
  }
  // from each of our pods to what lies outside the namespace
  const ourPorts = [{ name: "http", containerPort: 8080, protocol: "TCP" }, ...pods.flatMap((p) => p.ports)].filter(
    (p, i, all) => all.findIndex((q) => describePort(q) === describePort(p)) === i,
  );
  const dns = others.find((o) => o.name === "cluster DNS");
  const outside = others.find((o) => o.name === "outside the cluster");
  for (const from of pods) {
    for (const port of dns.ports) {
      if (!allowed(policies, from, dns, port))
        findings.push(`NetworkPolicy: ${from.name} cannot reach cluster DNS on ${describePort(port)}`);
    }
    for (const port of outside.ports) {
      const ok = allowed(policies, from, outside, port);
      const want = outsideNeeded.has(`${from.name}|${port.containerPort}`);
      if (ok && !want)
        findings.push(
          `NetworkPolicy: ${from.name} can reach ${outside.name} on ${describePort(port)}, which it does not need`,
        );
      if (!ok && want)
        findings.push(
          `NetworkPolicy: ${from.name} cannot reach its database outside the cluster on ${describePort(port)}`,
        );
    }
    // on any port one of our pods listens on, and for the stranger wearing any of our pods' labels: an egress rule
    // that reaches into another namespace on one port (the notifier's gRPC) or by one label is as open as on 8080
    for (const to of others.filter((o) => o.ns !== null && o !== dns)) {
      const guises = to.name === STRANGER ? pods.map((p) => ({ ...to, labels: p.labels })) : [to];
      const reached = guises.some((guise) => ourPorts.some((port) => allowed(policies, from, guise, port)));
      if (reached)
        findings.push(`NetworkPolicy: ${from.name} can open connections to ${to.name}, which it does not need`);
    }
  }
  return findings;
}

/** Findings about the platform as a whole (strings). */
export function checkPlatform(objects) {
  const findings = [];
  const deployments = objects.filter((o) => o.kind === "Deployment");
  for (const name of SERVICES) {
    if (!deployments.some((d) => d.metadata.name === name)) findings.push(`Deployment/${name}: missing`);
  }
  if (
    !objects.some(
      (o) =>
        o.kind === "HorizontalPodAutoscaler" &&
        o.spec?.scaleTargetRef?.kind === "Deployment" &&
        o.spec.scaleTargetRef.name === "edge",
    )
  ) {
    findings.push("HorizontalPodAutoscaler: none scales Deployment/edge");
  }
  // the migrations gate: whatever uses the database starts only after the migrations (see migrations-gate.yaml)
  for (const d of deployments) {
    const spec = podTemplate(d).spec ?? {};
    const usesDatabase = containersOf(spec).some(({ container }) =>
      (container.env ?? []).some((e) => e.valueFrom?.secretKeyRef?.key === "MYSQL_PASSWORD"),
    );
    if (usesDatabase && !MIGRATIONS_IMAGE.test(spec.initContainers?.[0]?.image ?? "")) {
      findings.push(
        `${ref(d)}: uses the database but its first init container is not the migrations (migrations-job image)`,
      );
    }
  }
  for (const ing of objects.filter((o) => o.kind === "Ingress")) {
    for (const rule of ing.spec?.rules ?? []) {
      for (const p of rule.http?.paths ?? []) {
        const svc = p.backend?.service?.name;
        if (svc && !PUBLIC_SERVICES.has(svc))
          findings.push(
            `${ref(ing)}: publishes the Service ${svc}; only ${[...PUBLIC_SERVICES].join(" and ")} are public`,
          );
      }
    }
  }
  findings.push(...checkNetwork(objects));
  return findings;
}
