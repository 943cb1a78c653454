import { test } from "node:test";
import { assertCaught } from "./broken-copy.mjs";

// one container's block in base/edge.yaml, as written there
const EDGE_LIMITS = '            limits:\n              cpu: "2"\n              memory: 480Mi\n';

test("a container without limits is caught", async () => {
  await assertCaught(
    (c) => c.edit("base/edge.yaml", EDGE_LIMITS, ""),
    /Deployment\/edge: container edge: no memory limits/,
  );
});

test("a container without requests is caught", async () => {
  await assertCaught(
    (c) => c.edit("base/frontend.yaml", "            requests:\n              cpu: 50m\n", "            requests:\n"),
    /Deployment\/frontend: container frontend: no cpu requests/,
  );
});

test("an init container without limits is caught", async () => {
  await assertCaught(
    (c) =>
      c.edit(
        "base/migrations-gate.yaml",
        '            limits:\n              cpu: "1"\n              memory: 320Mi\n',
        "",
      ),
    /Deployment\/todo-core: init container migrations: no memory limits/,
  );
});

test("a container without a liveness probe is caught", async () => {
  await assertCaught(
    (c) =>
      c.edit(
        "base/notifier.yaml",
        "          livenessProbe:\n            httpGet:\n              path: /actuator/health/liveness\n              port: management\n            periodSeconds: 10\n            timeoutSeconds: 2\n            failureThreshold: 3\n",
        "",
      ),
    /Deployment\/notifier: container notifier: no livenessProbe/,
  );
});

test("a container without a readiness probe is caught", async () => {
  await assertCaught(
    (c) => c.edit("overlays/local/redis.yaml", "          readinessProbe:", "          startupProbe:"),
    /StatefulSet\/redis: container redis: no readinessProbe/,
    ["overlays/local"],
  );
});

test("a probe on the public port instead of the management port is caught", async () => {
  await assertCaught(
    (c) =>
      c.edit(
        "base/todo-core.yaml",
        "              path: /actuator/health/readiness\n              port: management",
        "              path: /actuator/health/readiness\n              port: http",
      ),
    /Deployment\/todo-core: container todo-core: readinessProbe is not on the management port/,
  );
});

test("a container that may run as root is caught", async () => {
  await assertCaught(
    (c) => c.edit("base/frontend.yaml", "        runAsNonRoot: true\n        runAsUser: 101\n", ""),
    /Deployment\/frontend: container frontend: runAsNonRoot is not true/,
  );
});

test("runAsUser 0 is caught even with runAsNonRoot", async () => {
  await assertCaught(
    (c) => c.edit("base/edge.yaml", "runAsUser: 10001", "runAsUser: 0"),
    /Deployment\/edge: container edge: no non-root runAsUser/,
  );
});

test("a writable root filesystem is caught", async () => {
  await assertCaught(
    (c) => c.edit("overlays/local/mysql.yaml", "readOnlyRootFilesystem: true", "readOnlyRootFilesystem: false"),
    /StatefulSet\/mysql: container mysql: readOnlyRootFilesystem is not true/,
    ["overlays/local"],
  );
});

test("privilege escalation is caught", async () => {
  await assertCaught(
    (c) => c.edit("base/migrations-gate.yaml", "allowPrivilegeEscalation: false", "allowPrivilegeEscalation: true"),
    /Deployment\/edge: init container migrations: allowPrivilegeEscalation is not false/,
  );
});

test("capabilities that are not all dropped are caught", async () => {
  await assertCaught(
    (c) => c.edit("base/notifier.yaml", "drop: [ALL]", "drop: [NET_RAW]"),
    /Deployment\/notifier: container notifier: capabilities do not drop ALL/,
  );
});

test("a pod without the runtime's seccomp profile is caught", async () => {
  await assertCaught(
    (c) => c.edit("base/todo-core.yaml", "        seccompProfile:\n          type: RuntimeDefault\n", ""),
    /Deployment\/todo-core: container todo-core: seccompProfile is not RuntimeDefault/,
  );
});

test("a pod that mounts a service-account token is caught", async () => {
  await assertCaught(
    (c) => c.edit("base/frontend.yaml", "automountServiceAccountToken: false", "automountServiceAccountToken: true"),
    /Deployment\/frontend: automountServiceAccountToken is not false/,
  );
});

test("a pod with service links is caught (MYSQL_PORT=tcp://… would override the setting)", async () => {
  await assertCaught(
    (c) => c.edit("base/edge.yaml", "      enableServiceLinks: false\n", ""),
    /Deployment\/edge: enableServiceLinks is not false/,
  );
});

test("an image without a version tag is caught", async () => {
  await assertCaught(
    (c) => c.edit("overlays/local/redis.yaml", "image: redis:7.4-alpine", "image: redis:latest"),
    /StatefulSet\/redis: container redis: image redis:latest is not pinned/,
    ["overlays/local"],
  );
});

test("a Deployment without a PodDisruptionBudget is caught", async () => {
  await assertCaught(
    (c) => c.drop("base/frontend.yaml", "PodDisruptionBudget", "frontend"),
    /Deployment\/frontend: no PodDisruptionBudget selects its pods/,
  );
});

test("a PodDisruptionBudget that selects other pods does not count", async () => {
  await assertCaught(
    (c) =>
      c.edit(
        "base/edge.yaml",
        "  maxUnavailable: 1\n  selector:\n    matchLabels:\n      app.kubernetes.io/name: edge",
        "  maxUnavailable: 1\n  selector:\n    matchLabels:\n      app.kubernetes.io/name: egde",
      ),
    /Deployment\/edge: no PodDisruptionBudget selects its pods/,
  );
});

test("a Service of type LoadBalancer is caught", async () => {
  await assertCaught(
    (c) => c.edit("base/todo-core.yaml", "  type: ClusterIP", "  type: LoadBalancer"),
    /Service\/todo-core: type LoadBalancer: nothing is published but through the Ingress/,
  );
});

test("a Service of type NodePort is caught", async () => {
  await assertCaught(
    (c) => c.edit("overlays/local/mysql.yaml", "  type: ClusterIP", "  type: NodePort"),
    /Service\/mysql: type NodePort/,
    ["overlays/local"],
  );
});

test("a Service that exposes a management port is caught", async () => {
  await assertCaught(
    (c) =>
      c.edit(
        "base/edge.yaml",
        "      targetPort: http\n",
        "      targetPort: http\n    - name: actuator\n      port: 8180\n      targetPort: management\n",
      ),
    /Service\/edge: port actuator exposes Deployment\/edge's management port/,
  );
});

test("a secret given a literal value is caught", async () => {
  await assertCaught(
    (c) =>
      c.edit(
        "base/todo-core.yaml",
        "            - name: INTERNAL_TOKEN\n              valueFrom:\n                secretKeyRef:\n                  name: todo-secrets\n                  key: INTERNAL_TOKEN\n",
        "            - name: INTERNAL_TOKEN\n              value: 0123456789abcdef0123456789abcdef\n",
      ),
    /Deployment\/todo-core: container todo-core: INTERNAL_TOKEN has a literal value; reference the Secret todo-secrets instead/,
  );
});

test("a Secret object with values in the manifests is caught", async () => {
  await assertCaught(
    (c) =>
      c.edit(
        "base/kustomization.yaml",
        "configMapGenerator:\n",
        "secretGenerator:\n  - name: todo-secrets\n    literals: [JWT_SECRET=not-so-secret]\n    options: {disableNameSuffixHash: true}\n\nconfigMapGenerator:\n",
      ),
    /Secret\/todo-secrets: carries secret values in the manifests \(JWT_SECRET\)/,
  );
});

test("a secret put into a ConfigMap is caught", async () => {
  await assertCaught(
    (c) => c.append("base/database.env", "MYSQL_PASSWORD=hunter2\n"),
    /ConfigMap\/todo-database-\w+: holds MYSQL_PASSWORD, a secret/,
  );
});

test("a reference to a key that secrets.example.env does not document is caught", async () => {
  await assertCaught(
    (c) => c.edit("base/notifier.yaml", "                  key: MYSQL_PASSWORD", "                  key: DB_PASSWORD"),
    /Deployment\/notifier: container notifier: MYSQL_PASSWORD refers to key DB_PASSWORD, which secrets.example.env does not list/,
  );
});

test("a reference to another Secret is caught", async () => {
  await assertCaught(
    (c) =>
      c.edit(
        "base/edge.yaml",
        "                  name: todo-secrets\n                  key: JWT_SECRET",
        "                  name: jwt\n                  key: JWT_SECRET",
      ),
    /Deployment\/edge: container edge: JWT_SECRET refers to the Secret jwt, not todo-secrets/,
  );
});

test("a reference to a ConfigMap that is not generated is caught", async () => {
  await assertCaught(
    (c) => c.edit("base/frontend.yaml", "                name: todo-network", "                name: todo-netwrok"),
    /Deployment\/frontend: container frontend: envFrom the ConfigMap todo-netwrok, which is not in the manifests/,
  );
});

test("replicas on a Deployment that the autoscaler scales is caught", async () => {
  await assertCaught(
    (c) =>
      c.edit(
        "base/edge.yaml",
        "  # no replicas: the HorizontalPodAutoscaler below owns the count\n",
        "  replicas: 2\n",
      ),
    /Deployment\/edge: sets replicas although HorizontalPodAutoscaler\/edge scales it/,
  );
});

test("a grace period shorter than the preStop sleep and the drain is caught", async () => {
  await assertCaught(
    (c) => c.edit("base/todo-core.yaml", "terminationGracePeriodSeconds: 35", "terminationGracePeriodSeconds: 25"),
    /Deployment\/todo-core: terminationGracePeriodSeconds 25 is shorter than container todo-core's preStop 5 s \+ drain 20 s \+ 5 s/,
  );
});

test("a longer drain without a longer grace period is caught", async () => {
  await assertCaught(
    (c) => c.edit("base/todo-core.yaml", "              value: 20s", "              value: 1m"),
    /Deployment\/todo-core: terminationGracePeriodSeconds 35 is shorter than container todo-core's preStop 5 s \+ drain 60 s/,
  );
});

test("a container without a preStop sleep is caught", async () => {
  await assertCaught(
    (c) =>
      c.edit(
        "base/frontend.yaml",
        "          lifecycle:\n            preStop:\n              sleep:\n                seconds: 5\n",
        "",
      ),
    /Deployment\/frontend: container frontend: no preStop sleep/,
  );
});

test("an Ingress route to a port the Service does not have is caught", async () => {
  await assertCaught(
    (c) =>
      c.edit(
        "base/ingress.yaml",
        "                name: edge\n                port:\n                  name: http",
        "                name: edge\n                port:\n                  name: https",
      ),
    /Ingress\/todo: routes to port https of the Service edge, which has no such port/,
  );
});

// the rules below were never fed a manifest that breaks them (each one disabled, every test still passed)

test("a pod on the host's network, PID or IPC namespace is caught", async () => {
  for (const host of ["hostNetwork", "hostPID", "hostIPC"]) {
    await assertCaught(
      (c) => c.edit("base/edge.yaml", "      automountServiceAccountToken: false\n", `      automountServiceAccountToken: false\n      ${host}: true\n`),
      new RegExp(`Deployment/edge: ${host} is true`),
    );
  }
});

test("a privileged container, or one that adds capabilities, is caught", async () => {
  await assertCaught(
    (c) => c.edit("base/edge.yaml", "            allowPrivilegeEscalation: false\n", "            allowPrivilegeEscalation: false\n            privileged: true\n"),
    /Deployment\/edge: container edge: privileged/,
  );
  await assertCaught(
    (c) => c.edit("base/edge.yaml", "              drop: [ALL]\n", "              drop: [ALL]\n              add: [NET_ADMIN]\n"),
    /Deployment\/edge: container edge: adds capabilities NET_ADMIN/,
  );
});

test("a memory request above its limit is caught", async () => {
  await assertCaught(
    (c) => c.edit("base/edge.yaml", "              cpu: 500m\n              memory: 480Mi\n", "              cpu: 500m\n              memory: 1Gi\n"),
    /Deployment\/edge: container edge: memory request above its limit/,
  );
});

test("a probe that asks another path of the management port is caught", async () => {
  await assertCaught(
    (c) => c.edit("base/edge.yaml", "              path: /actuator/health/readiness\n", "              path: /actuator/health\n"),
    /Deployment\/edge: container edge: readinessProbe asks \/actuator\/health, not \/actuator\/health\/readiness/,
  );
});

test("a Service that selects no pods is caught", async () => {
  await assertCaught(
    (c) => c.edit("base/edge.yaml", "  selector:\n    app.kubernetes.io/name: edge\n  ports:", "  selector:\n    app.kubernetes.io/name: egde\n  ports:"),
    /Service\/edge: selects no pods of the manifests/,
  );
});

test("an Ingress that routes to a Service not in the manifests is caught", async () => {
  await assertCaught(
    (c) => c.edit("base/ingress.yaml", "                name: edge\n", "                name: edge-api\n"),
    /Ingress\/.*: routes to the Service edge-api, which is not in the manifests/,
  );
});

test("a configMapKeyRef to a ConfigMap or key the manifests lack is caught", async () => {
  await assertCaught(
    (c) => c.edit("base/notifier.yaml", "                  key: REDIS_ADDR\n", "                  key: REDIS_ADRESS\n"),
    /Deployment\/notifier: container notifier: REDIS_ADDR refers to key REDIS_ADRESS, which ConfigMap edge-settings(-\w+)? lacks/,
  );
  await assertCaught(
    (c) => c.edit("base/notifier.yaml", "                  name: edge-settings\n                  key: REDIS_ADDR\n", "                  name: edge-setting\n                  key: REDIS_ADDR\n"),
    /Deployment\/notifier: container notifier: REDIS_ADDR refers to the ConfigMap edge-setting, which is not in the manifests/,
  );
});

test("envFrom or a volume of another Secret is caught", async () => {
  await assertCaught(
    (c) => c.edit("base/edge.yaml", "                name: edge-settings\n          env:\n", "                name: edge-settings\n            - secretRef:\n                name: other-secrets\n          env:\n"),
    /Deployment\/edge: container edge: envFrom the Secret other-secrets, not /,
  );
  await assertCaught(
    (c) => c.edit("base/edge.yaml", "            sizeLimit: 64Mi\n", "            sizeLimit: 64Mi\n        - name: extra\n          secret:\n            secretName: other-secrets\n"),
    /Deployment\/edge: volume extra: the Secret other-secrets, not /,
  );
});

test("a SHUTDOWN_TIMEOUT that is no duration is caught", async () => {
  await assertCaught(
    (c) => c.edit("base/edge.yaml", "          env:\n            - name: GATEWAY_PORT\n", "          env:\n            - name: SHUTDOWN_TIMEOUT\n              value: soon\n            - name: GATEWAY_PORT\n"),
    /Deployment\/edge: container edge: SHUTDOWN_TIMEOUT soon is not a duration/,
  );
});

test("an autoscaler of a Deployment the manifests lack is caught", async () => {
  await assertCaught(
    (c) => c.edit("base/edge.yaml", "    kind: Deployment\n    name: edge\n", "    kind: Deployment\n    name: edge-old\n"),
    /scales Deployment\/edge-old, which is not in the manifests/,
  );
});

test("a Service with externalIPs, or a targetPort no container has, is caught", async () => {
  await assertCaught(
    (c) => c.edit("base/edge.yaml", "  type: ClusterIP\n", "  type: ClusterIP\n  externalIPs: [203.0.113.7]\n"),
    /Service\/edge: has externalIPs/,
  );
  await assertCaught(
    (c) => c.edit("base/edge.yaml", "      targetPort: http\n", "      targetPort: web\n"),
    /Service\/edge: port http: Deployment\/edge has no container port web/,
  );
});

test("a volume of a ConfigMap that is not generated is caught", async () => {
  await assertCaught(
    (c) =>
      c.edit(
        "base/frontend.yaml",
        "          configMap:\n            name: frontend-real-ip\n",
        "          configMap:\n            name: frontend-realip\n",
      ),
    /Deployment\/frontend: volume real-ip: the ConfigMap frontend-realip is not in the manifests/,
  );
});
