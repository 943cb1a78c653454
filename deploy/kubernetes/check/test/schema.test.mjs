import { test } from "node:test";
import { assertCaught } from "./broken-copy.mjs";

test("a misspelt field is refused although the OpenAPI schema alone would allow it", async () => {
  await assertCaught(
    (c) => c.edit("base/todo-core.yaml", "readOnlyRootFilesystem: true", "readOnlyRootFileSystem: true"),
    /Deployment\/todo-core: spec\.template\.spec\.containers\[0\]\.securityContext\.readOnlyRootFileSystem: unknown field/,
  );
});

test("a value of the wrong type is refused", async () => {
  await assertCaught(
    (c) => c.edit("base/todo-core.yaml", "replicas: 2", 'replicas: "two"'),
    /Deployment\/todo-core: schema: spec\/replicas must be integer/,
  );
});

test("a missing required field is refused", async () => {
  await assertCaught(
    (c) =>
      c.edit(
        "base/ingress.yaml",
        "            pathType: Prefix\n            backend:\n              service:\n                name: edge",
        "            backend:\n              service:\n                name: edge",
      ),
    /Ingress\/todo: schema: .*must have required property pathType/,
  );
});

test("an API version the current release no longer serves is refused", async () => {
  await assertCaught(
    (c) =>
      c.edit(
        "base/notifier.yaml",
        "apiVersion: policy/v1\nkind: PodDisruptionBudget",
        "apiVersion: policy/v1beta1\nkind: PodDisruptionBudget",
      ),
    /PodDisruptionBudget\/notifier: policy\/v1beta1 PodDisruptionBudget is not served by Kubernetes 1\.36/,
  );
});

test("an overlay's own objects are validated too", async () => {
  await assertCaught(
    (c) => c.edit("overlays/local/redis.yaml", "serviceName: redis", "serviceNam: redis"),
    /StatefulSet\/redis: spec\.serviceNam: unknown field/,
    ["overlays/local"],
  );
});
