// The project's policies for any rendered manifest set: hardened, bounded, probed, drained, disrupted gently,
// nothing public but the Ingress, no secret value in the manifests. Each finding is one sentence that names the
// object (and container) and says what is missing.
import {
  containersOf,
  containerPorts,
  durationSeconds,
  namespaceOf,
  podTemplate,
  quantity,
  ref,
  selects,
  workloads,
} from "./objects.mjs";

// Spring Boot's default spring.lifecycle.timeout-per-shutdown-phase: the drain of a service that does not set
// SHUTDOWN_TIMEOUT
const DEFAULT_DRAIN_SECONDS = 30;
const GRACE_MARGIN_SECONDS = 5;
const DEFAULT_GRACE_SECONDS = 30;
// names that hold a secret by their ending (INTERNAL_TOKEN, not ACCESS_TOKEN_TTL)
const SECRET_LIKE = /(PASSWORD|SECRET|TOKEN|PRIVATE_KEY|CREDENTIALS?)$/i;
const RUN_ONCE = new Set(["Job", "CronJob"]);

/**
 * @param objects rendered objects
 * @param secrets { name, keys }: the one Secret the manifests may refer to, and its keys
 *   (from secrets.example.env: the documented list)
 * @returns findings (strings)
 */
export function checkPolicies(objects, secrets) {
  const findings = [];
  const add = (obj, msg) => findings.push(`${ref(obj)}: ${msg}`);
  const configMaps = new Map(
    objects.filter((o) => o.kind === "ConfigMap").map((o) => [`${namespaceOf(o)}/${o.metadata.name}`, o]),
  );

  for (const obj of workloads(objects)) {
    const template = podTemplate(obj);
    const pod = template.spec ?? {};
    const podSc = pod.securityContext ?? {};
    const longRunning = !RUN_ONCE.has(obj.kind);

    if (pod.automountServiceAccountToken !== false) {
      add(obj, "automountServiceAccountToken is not false: no pod here uses the Kubernetes API, none needs its token");
    }
    if (pod.enableServiceLinks !== false) {
      add(
        obj,
        "enableServiceLinks is not false: a Service named mysql would inject MYSQL_PORT=tcp://… over the setting of that name",
      );
    }
    for (const host of ["hostNetwork", "hostPID", "hostIPC"]) if (pod[host] === true) add(obj, `${host} is true`);

    for (const { container: c, init } of containersOf(pod)) {
      const where = `${init ? "init container" : "container"} ${c.name}`;
      const sc = c.securityContext ?? {};
      const res = c.resources ?? {};

      // identity and privileges
      if ((sc.runAsNonRoot ?? podSc.runAsNonRoot) !== true) add(obj, `${where}: runAsNonRoot is not true`);
      const uid = sc.runAsUser ?? podSc.runAsUser;
      if (!(Number.isInteger(uid) && uid > 0))
        add(obj, `${where}: no non-root runAsUser (a numeric uid the kubelet can verify)`);
      const seccomp = (sc.seccompProfile ?? podSc.seccompProfile)?.type;
      if (seccomp !== "RuntimeDefault" && seccomp !== "Localhost")
        add(obj, `${where}: seccompProfile is not RuntimeDefault`);
      if (sc.allowPrivilegeEscalation !== false) add(obj, `${where}: allowPrivilegeEscalation is not false`);
      if (sc.privileged === true) add(obj, `${where}: privileged`);
      if (sc.readOnlyRootFilesystem !== true) add(obj, `${where}: readOnlyRootFilesystem is not true`);
      if (!(sc.capabilities?.drop ?? []).includes("ALL")) add(obj, `${where}: capabilities do not drop ALL`);
      if ((sc.capabilities?.add ?? []).length > 0)
        add(obj, `${where}: adds capabilities ${sc.capabilities.add.join(", ")}`);

      // resources
      for (const kind of ["requests", "limits"]) {
        for (const r of ["cpu", "memory"]) if (res[kind]?.[r] === undefined) add(obj, `${where}: no ${r} ${kind}`);
      }
      const reqMem = quantity(res.requests?.memory ?? "");
      const limMem = quantity(res.limits?.memory ?? "");
      if (reqMem !== null && limMem !== null && reqMem > limMem) add(obj, `${where}: memory request above its limit`);

      // image
      const image = String(c.image ?? "");
      const tag = image.includes("@") ? null : image.slice(image.lastIndexOf("/") + 1).split(":")[1];
      if (!image.includes("@sha256:") && (tag === undefined || tag === "" || tag === "latest")) {
        add(obj, `${where}: image ${image} is not pinned to a version tag or digest`);
      }

      // secrets: referenced from the one Secret, never written into the manifest
      for (const e of c.env ?? []) {
        if (e.value !== undefined && e.value !== "" && (secrets.keys.includes(e.name) || SECRET_LIKE.test(e.name))) {
          add(obj, `${where}: ${e.name} has a literal value; reference the Secret ${secrets.name} instead`);
        }
        const sk = e.valueFrom?.secretKeyRef;
        if (sk) {
          if (sk.name !== secrets.name)
            add(obj, `${where}: ${e.name} refers to the Secret ${sk.name}, not ${secrets.name}`);
          else if (!secrets.keys.includes(sk.key))
            add(obj, `${where}: ${e.name} refers to key ${sk.key}, which secrets.example.env does not list`);
        }
        const ck = e.valueFrom?.configMapKeyRef;
        if (ck && !ck.optional) {
          const cm = configMaps.get(`${namespaceOf(obj)}/${ck.name}`);
          if (!cm) add(obj, `${where}: ${e.name} refers to the ConfigMap ${ck.name}, which is not in the manifests`);
          else if (!Object.hasOwn(cm.data ?? {}, ck.key))
            add(obj, `${where}: ${e.name} refers to key ${ck.key}, which ConfigMap ${ck.name} lacks`);
        }
      }
      for (const ef of c.envFrom ?? []) {
        if (ef.secretRef && ef.secretRef.name !== secrets.name)
          add(obj, `${where}: envFrom the Secret ${ef.secretRef.name}, not ${secrets.name}`);
        if (
          ef.configMapRef &&
          !ef.configMapRef.optional &&
          !configMaps.has(`${namespaceOf(obj)}/${ef.configMapRef.name}`)
        ) {
          add(obj, `${where}: envFrom the ConfigMap ${ef.configMapRef.name}, which is not in the manifests`);
        }
      }

      // probes (init containers run to completion and have none)
      if (!init && longRunning) {
        if (!c.livenessProbe) add(obj, `${where}: no livenessProbe`);
        if (!c.readinessProbe) add(obj, `${where}: no readinessProbe`);
        const management = (c.ports ?? []).find((p) => p.name === "management");
        if (management) {
          for (const [probe, path] of [
            ["livenessProbe", "/actuator/health/liveness"],
            ["readinessProbe", "/actuator/health/readiness"],
          ]) {
            const get = c[probe]?.httpGet;
            if (!get) continue;
            if (get.port !== "management" && get.port !== management.containerPort) {
              add(obj, `${where}: ${probe} is not on the management port`);
            } else if (get.path !== path) {
              add(obj, `${where}: ${probe} asks ${get.path}, not ${path}`);
            }
          }
        }
      }
    }

    for (const v of pod.volumes ?? []) {
      if (v.secret && v.secret.secretName !== secrets.name)
        add(obj, `volume ${v.name}: the Secret ${v.secret.secretName}, not ${secrets.name}`);
      if (v.configMap && !v.configMap.optional && !configMaps.has(`${namespaceOf(obj)}/${v.configMap.name}`)) {
        add(obj, `volume ${v.name}: the ConfigMap ${v.configMap.name} is not in the manifests`);
      }
    }

    if (obj.kind === "Deployment") checkDeployment(obj, objects, add);
  }

  for (const obj of objects) {
    if (obj.kind === "Service") checkService(obj, objects, add);
    if (obj.kind === "Ingress") checkIngress(obj, objects, add);
    if (obj.kind === "HorizontalPodAutoscaler") {
      const t = obj.spec?.scaleTargetRef ?? {};
      if (
        !objects.some((o) => o.kind === t.kind && o.metadata?.name === t.name && namespaceOf(o) === namespaceOf(obj))
      ) {
        add(obj, `scales ${t.kind}/${t.name}, which is not in the manifests`);
      }
    }
    if (
      obj.kind === "Secret" &&
      (Object.keys(obj.data ?? {}).length > 0 || Object.keys(obj.stringData ?? {}).length > 0)
    ) {
      add(
        obj,
        `carries secret values in the manifests (${Object.keys({ ...obj.data, ...obj.stringData }).join(", ")}); create it with kubectl instead`,
      );
    }
    if (obj.kind === "ConfigMap") {
      for (const key of Object.keys(obj.data ?? {})) {
        if (secrets.keys.includes(key) || SECRET_LIKE.test(key))
          add(obj, `holds ${key}, a secret: it belongs in the Secret ${secrets.name}`);
      }
    }
  }
  return findings;
}

function preStopSeconds(container) {
  const pre = container.lifecycle?.preStop;
  if (pre?.sleep?.seconds !== undefined) return Number(pre.sleep.seconds);
  const cmd = (pre?.exec?.command ?? []).join(" ").match(/\bsleep\s+(\d+)/);
  return cmd ? Number(cmd[1]) : null;
}

function checkDeployment(obj, objects, add) {
  const template = podTemplate(obj);
  const pod = template.spec ?? {};
  const labels = template.metadata?.labels ?? {};
  const grace = pod.terminationGracePeriodSeconds ?? DEFAULT_GRACE_SECONDS;
  for (const c of pod.containers ?? []) {
    const pre = preStopSeconds(c);
    if (pre === null) {
      add(obj, `container ${c.name}: no preStop sleep, so it would be told to stop while still receiving new requests`);
      continue;
    }
    const shutdown = (c.env ?? []).find((e) => e.name === "SHUTDOWN_TIMEOUT")?.value;
    const drain = shutdown === undefined ? DEFAULT_DRAIN_SECONDS : durationSeconds(shutdown);
    if (drain === null) {
      add(obj, `container ${c.name}: SHUTDOWN_TIMEOUT ${shutdown} is not a duration`);
    } else if (grace < pre + drain + GRACE_MARGIN_SECONDS) {
      add(
        obj,
        `terminationGracePeriodSeconds ${grace} is shorter than container ${c.name}'s preStop ${pre} s + drain ${drain} s + ${GRACE_MARGIN_SECONDS} s`,
      );
    }
  }
  const ns = namespaceOf(obj);
  const pdb = objects.find(
    (o) => o.kind === "PodDisruptionBudget" && namespaceOf(o) === ns && selects(o.spec?.selector, labels),
  );
  if (!pdb) add(obj, "no PodDisruptionBudget selects its pods");
  const hpa = objects.find(
    (o) =>
      o.kind === "HorizontalPodAutoscaler" &&
      namespaceOf(o) === ns &&
      o.spec?.scaleTargetRef?.kind === "Deployment" &&
      o.spec?.scaleTargetRef?.name === obj.metadata.name,
  );
  if (hpa && obj.spec?.replicas !== undefined) {
    add(obj, `sets replicas although ${ref(hpa)} scales it (every apply would reset the count)`);
  }
}

function checkService(svc, objects, add) {
  const type = svc.spec?.type ?? "ClusterIP";
  if (type !== "ClusterIP") add(svc, `type ${type}: nothing is published but through the Ingress`);
  if ((svc.spec?.externalIPs ?? []).length > 0)
    add(svc, "has externalIPs: nothing is published but through the Ingress");
  if (!svc.spec?.selector) return;
  const pods = workloads(objects).filter(
    (w) =>
      namespaceOf(w) === namespaceOf(svc) &&
      selects({ matchLabels: svc.spec.selector }, podTemplate(w).metadata?.labels),
  );
  if (pods.length === 0) {
    add(svc, "selects no pods of the manifests");
    return;
  }
  for (const p of svc.spec.ports ?? []) {
    const target = p.targetPort ?? p.port;
    for (const w of pods) {
      const ports = containerPorts(podTemplate(w).spec);
      const hit = ports.find((cp) => cp.name === target || cp.containerPort === target);
      if (!hit) add(svc, `port ${p.name ?? p.port}: ${ref(w)} has no container port ${target}`);
      else if (hit.name === "management") add(svc, `port ${p.name ?? p.port} exposes ${ref(w)}'s management port`);
    }
  }
}

function checkIngress(ing, objects, add) {
  const backends = [
    ...(ing.spec?.defaultBackend ? [ing.spec.defaultBackend] : []),
    ...(ing.spec?.rules ?? []).flatMap((r) => (r.http?.paths ?? []).map((p) => p.backend)),
  ];
  for (const b of backends) {
    if (!b?.service) continue;
    const svc = objects.find(
      (o) => o.kind === "Service" && o.metadata?.name === b.service.name && namespaceOf(o) === namespaceOf(ing),
    );
    if (!svc) {
      add(ing, `routes to the Service ${b.service.name}, which is not in the manifests`);
      continue;
    }
    const want = b.service.port ?? {};
    if (
      !(svc.spec?.ports ?? []).some((p) => (want.name !== undefined ? p.name === want.name : p.port === want.number))
    ) {
      add(ing, `routes to port ${want.name ?? want.number} of the Service ${b.service.name}, which has no such port`);
    }
  }
}
