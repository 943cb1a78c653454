import { test } from "node:test";
import { assertCaught } from "./broken-copy.mjs";

test("without the default deny, a new pod would be open: caught", async () => {
  await assertCaught(
    (c) => c.drop("base/network-policies.yaml", "NetworkPolicy", "default-deny"),
    /no default deny \(podSelector \{\}, Ingress and Egress, no rules\) in namespace todo/,
  );
});

test("todo-core reachable from the GUI's nginx is caught", async () => {
  await assertCaught(
    (c) =>
      c.edit(
        "base/network-policies.yaml",
        "  ingress:\n    - from:\n        - podSelector:\n            matchLabels:\n              app.kubernetes.io/name: edge\n      ports:\n        - port: http",
        "  ingress:\n    - from:\n        - podSelector:\n            matchExpressions:\n              - {key: app.kubernetes.io/name, operator: In, values: [edge, frontend]}\n      ports:\n        - port: http",
      ),
    /NetworkPolicy: todo-core's policies admit frontend on http \(8081\/TCP\) \(only frontend's egress rules stop it\); only edge may/,
  );
});

test("the notifier open to every pod of the namespace is caught", async () => {
  await assertCaught(
    (c) =>
      c.edit(
        "base/network-policies.yaml",
        "        - podSelector:\n            matchLabels:\n              app.kubernetes.io/name: todo-core\n      ports:\n        - port: grpc",
        "        - podSelector: {}\n      ports:\n        - port: grpc",
      ),
    /NetworkPolicy: notifier's policies admit frontend on grpc \(9090\/TCP\) .*; only edge, todo-core may/,
  );
});

test("a rule without a source opens the pod to the world: caught", async () => {
  await assertCaught(
    (c) =>
      c.edit(
        "base/network-policies.yaml",
        "  ingress:\n    - from:\n        - podSelector:\n            matchLabels:\n              app.kubernetes.io/name: edge\n      ports:\n        - port: http",
        "  ingress:\n    - ports:\n        - port: http",
      ),
    /NetworkPolicy: outside the cluster can reach todo-core:http \(8081\/TCP\); only edge may/,
  );
});

test("a namespace selector without a pod selector lets other namespaces in: caught", async () => {
  await assertCaught(
    (c) =>
      c.edit(
        "base/network-policies.yaml",
        "      ports:\n        - port: management",
        "        - namespaceSelector: {}\n      ports:\n        - port: management",
      ),
    /NetworkPolicy: a pod of another namespace can reach edge:management \(8180\/TCP\); only monitoring may/,
  );
});

test("an edge that can no longer reach todo-core is caught", async () => {
  await assertCaught(
    (c) =>
      c.edit("base/network-policies.yaml", "      ports:\n        - port: 8081", "      ports:\n        - port: 8080"),
    /NetworkPolicy: edge cannot reach todo-core:http \(8081\/TCP\), which it needs/,
  );
});

test("pods without DNS are caught", async () => {
  await assertCaught(
    (c) => c.drop("base/network-policies.yaml", "NetworkPolicy", "dns"),
    /NetworkPolicy: frontend cannot reach cluster DNS on dns \(53\/UDP\)/,
  );
});

test("MySQL reachable from the GUI's nginx is caught", async () => {
  await assertCaught(
    (c) =>
      c.edit(
        "overlays/local/mysql.yaml",
        "                values: [edge, todo-core, notifier]",
        "                values: [edge, todo-core, notifier, frontend]",
      ),
    /NetworkPolicy: mysql's policies admit frontend on mysql \(3306\/TCP\) .*; only edge, todo-core, notifier may/,
    ["overlays/local"],
  );
});

test("Redis open to every pod of the namespace is caught", async () => {
  await assertCaught(
    (c) =>
      c.edit(
        "overlays/local/redis.yaml",
        "        - podSelector:\n            matchLabels:\n              app.kubernetes.io/name: edge\n      ports:\n        - port: redis",
        "        - podSelector: {}\n      ports:\n        - port: redis",
      ),
    /NetworkPolicy: redis's policies admit todo-core on redis \(6379\/TCP\) .*; only edge, notifier may/,
    ["overlays/local"],
  );
});

test("the local overlay's database clients that may still reach any address on 3306 are caught", async () => {
  await assertCaught(
    (c) => c.edit("overlays/local/kustomization.yaml", "  - path: database-egress.yaml\n", ""),
    /NetworkPolicy: edge can reach outside the cluster on mysql \(3306\/TCP\), which it does not need/,
    ["overlays/local"],
  );
});

test("a service without egress to its external database is caught", async () => {
  await assertCaught(
    (c) =>
      c.edit(
        "base/network-policies.yaml",
        "        values: [edge, todo-core, notifier]\n  policyTypes: [Egress]",
        "        values: [edge, todo-core]\n  policyTypes: [Egress]",
      ),
    /NetworkPolicy: notifier cannot reach its database outside the cluster on mysql \(3306\/TCP\)/,
  );
});

test("the management port opened to the Ingress controller is caught", async () => {
  await assertCaught(
    (c) =>
      c.edit(
        "base/network-policies.yaml",
        "              kubernetes.io/metadata.name: monitoring",
        "              kubernetes.io/metadata.name: ingress-nginx",
      ),
    /NetworkPolicy: ingress controller can reach todo-core:management \(8181\/TCP\); only monitoring may/,
  );
});

test("a Deployment that uses the database without the migrations gate is caught", async () => {
  await assertCaught(
    (c) => c.edit("base/notifier.yaml", '    todo.dev/needs-schema: "true"', '    todo.dev/needs-schema: "false"'),
    /Deployment\/notifier: uses the database but its first init container is not the migrations/,
  );
});

test("an Ingress that publishes todo-core is caught", async () => {
  await assertCaught(
    (c) =>
      c.edit(
        "base/ingress.yaml",
        "                name: edge\n                port:\n                  name: http",
        "                name: todo-core\n                port:\n                  name: http",
      ),
    /Ingress\/todo: publishes the Service todo-core; only frontend and edge are public/,
  );
});

test("an edge without its autoscaler is caught", async () => {
  await assertCaught(
    (c) => c.drop("base/edge.yaml", "HorizontalPodAutoscaler", "edge"),
    /HorizontalPodAutoscaler: none scales Deployment\/edge/,
  );
});

// the rules below were never fed a manifest that breaks them (each one disabled, every test still passed)

test("a service left out of the kustomization is caught", async () => {
  await assertCaught(
    (c) => c.edit("base/kustomization.yaml", "  - notifier.yaml\n", ""),
    /Deployment\/notifier: missing/,
  );
});

test("egress that lets a pod open connections into another namespace is caught", async () => {
  await assertCaught(
    (c) =>
      c.edit(
        "base/network-policies.yaml",
        "        - podSelector:\n            matchLabels:\n              app.kubernetes.io/name: edge\n      ports:\n        - port: 8080",
        "        - namespaceSelector: {}\n          podSelector:\n            matchLabels:\n              app.kubernetes.io/name: edge\n      ports:\n        - port: 8080",
      ),
    /NetworkPolicy: frontend can open connections to a pod of another namespace, which it does not need/,
  );
});

test("egress into another namespace on a port other than 8080, or to other labels, is caught", async () => {
  // the stranger in another namespace was tried on 8080 alone and wore the edge's label alone
  await assertCaught(
    (c) =>
      c.edit(
        "base/network-policies.yaml",
        "        - port: http\n  egress:\n    - to:\n        - podSelector:\n            matchLabels:\n              app.kubernetes.io/name: notifier\n",
        "        - port: http\n  egress:\n    - to:\n        - namespaceSelector: {}\n          podSelector:\n            matchLabels:\n              app.kubernetes.io/name: notifier\n",
      ),
    /NetworkPolicy: todo-core can open connections to a pod of another namespace, which it does not need/,
  );
});
