#!/usr/bin/env python3
"""Checks docker/compose.yaml without a Docker engine: the compose schema; the pipeline's order (depends_on
conditions against healthchecks and one-shot jobs); published ports; restart policies, healthchecks and memory
limits; builds (contexts, Dockerfiles, stages, COPY sources, modules, image names, built on every `up`); images
equal to the tests' (TestImages.java); the required secrets; .env.example in step with the file; stop grace
periods that let each Java service finish its graceful shutdown; JVM memory sized in each module's jvm.options
within the container's limit; third-party images that keep their entrypoint's privilege drop; no fixed container
address outside a reserved range; and a client-IP header believed only from the GUI's nginx, by network.
With --overlay FILE (docker/compose.scale.yaml, given after the compose file with -f): the overlay is valid YAML
with compose's merge tags, changes only services the compose file has, and leaves no scalable service publishing
a host port (one container only can bind it, so `--scale NAME=2` would fail).
Usage: check_compose.py [--root ROOT] [--env-example PATH] [--test-images PATH] [--schema PATH] [--overlay FILE]
       COMPOSE_FILE
"""
import argparse
import ipaddress
import json
import os
import re
import sys

import yaml

import dockerfile
from findings import Findings, load_yaml, read_text

REQUIRED_SERVICES = ("mysql", "redis", "migrations-job", "notifier", "todo-core", "edge", "frontend")
PUBLIC_PORTS = {"edge": "8080", "frontend": "3000"}
# services that may publish a port on the host's loopback address only (no login of their own worth the name)
LOOPBACK_PORTS = {"grafana": "3000", "zipkin": "9411"}
LOOPBACK = ("127.0.0.1", "::1", "[::1]")
# the services that run as several containers with --scale (the edge too, with docker/compose.scale.yaml)
SCALABLE = ("edge", "todo-core", "notifier")
SECRETS = ("JWT_SECRET", "INTERNAL_TOKEN", "MYSQL_PASSWORD", "MYSQL_ROOT_PASSWORD")
# the pipeline's order: (service, dependency) → condition
PIPELINE = {("migrations-job", "mysql"): "service_healthy",
            ("notifier", "migrations-job"): "service_completed_successfully",
            ("notifier", "mysql"): "service_healthy",
            ("todo-core", "notifier"): "service_healthy",
            ("todo-core", "migrations-job"): "service_completed_successfully",
            ("todo-core", "mysql"): "service_healthy",
            ("edge", "todo-core"): "service_healthy",
            ("edge", "redis"): "service_healthy",
            ("frontend", "edge"): "service_healthy"}
TEST_IMAGE_CONSTANTS = {"mysql": "MYSQL", "redis": "REDIS"}
# Services allowed to share the edge's trusted-proxy network: the GUI's nginx, which sets X-Forwarded-For itself.
TRUSTED_PROXY_SERVICES = {"frontend"}
# Compose's default stop grace period, and what a Java service needs beyond its shutdown phase to exit.
COMPOSE_STOP_GRACE = 10.0
STOP_MARGIN = 5.0
# Spring Boot's default spring.lifecycle.timeout-per-shutdown-phase.
BOOT_SHUTDOWN_PHASE = 30.0
# Spring gRPC's default spring.grpc.server.shutdown.grace-period. Its server's lifecycle stops synchronously (first
# of all, phase Integer.MAX_VALUE), so the shutdown phase's timeout does not cut it: a module with a gRPC server
# takes the longer of the two (its HTTP server, Actuator only, has nothing long in flight).
GRPC_SHUTDOWN_GRACE = 30.0
# JVM memory the options cannot bound: thread stacks, the CDS archive, libjvm, symbol tables, GC structures and
# malloc arenas (about 70-90 MB measured on the edge under load); the container limit must leave this much above
# heap + metaspace + code cache + direct memory.
JVM_NATIVE_HEADROOM_MIB = 128
JVM_SIZED_OPTIONS = ("-Xms", "-Xmx", "-Xss", "-XX:MaxMetaspaceSize=", "-XX:ReservedCodeCacheSize=",
                     "-XX:MaxDirectMemorySize=")
# Zipkin's in-memory storage: what a span takes on its heap, measured (the image's -Xmx160m died of an
# OutOfMemoryError after about 67 000 spans: 2.5 KiB each, all of the heap counted), and what the heap needs beside
# the spans for what arrives and what the UI queries (docker/observability/zipkin.env).
ZIPKIN_SPAN_KIB = 2.5
ZIPKIN_HEAP_SPARE_MIB = 64
# and beside its heap: 220 MB measured with 250 000 spans sent to the host stack's Zipkin (resident 542 MB at
# -Xmx320m; Armeria's blocking pool grew to 200 threads), more than a service's JVM_NATIVE_HEADROOM_MIB
ZIPKIN_NATIVE_HEADROOM_MIB = 256
JVM_ENV = ("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS")
SHELLS = {"sh", "bash", "ash", "dash", "/bin/sh", "/bin/bash", "/bin/ash", "/usr/bin/env"}

_INTERPOLATION = re.compile(r"(?<!\$)\$\{([A-Z_][A-Z0-9_]*)(?:(:?[-?])([^}]*))?\}")


# ---------- small parsers ----------

def resolve(value):
    """A compose value with ${VAR:-default} replaced by its default (${VAR} and ${VAR:?msg} by an empty string)."""
    return _INTERPOLATION.sub(lambda m: m.group(3) if m.group(2) in ("-", ":-") else "", str(value))


def defaults(raw):
    """{VAR: {default, ...}} for every ${VAR:-default} / ${VAR-default} in the text."""
    out = {}
    for m in _INTERPOLATION.finditer(raw):
        if m.group(2) in ("-", ":-"):
            out.setdefault(m.group(1), set()).add(m.group(3))
    return out


def seconds(text):
    """'1m30s', '40s', '500ms', 'PT20S', or a bare number of seconds (compose) → seconds; None if unreadable."""
    text = str(text).strip()
    iso = re.fullmatch(r"PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?", text, re.I)
    if iso and any(iso.groups()):
        h, m, s = (float(g or 0) for g in iso.groups())
        return h * 3600 + m * 60 + s
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return float(text)
    parts = re.findall(r"(\d+(?:\.\d+)?)(ms|us|s|m|h|d)", text)
    if not parts or "".join(n + u for n, u in parts) != text:
        return None
    unit = {"us": 1e-6, "ms": 1e-3, "s": 1, "m": 60, "h": 3600, "d": 86400}
    return sum(float(n) * unit[u] for n, u in parts)


def mebibytes(text):
    """'96m', '1g', '512k', '400M', '268435456' → MiB; None if unreadable."""
    m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([bkmg]?)(?:i?b)?", str(text).strip(), re.I)
    if not m:
        return None
    return float(m.group(1)) * {"": 1 / 2**20, "b": 1 / 2**20, "k": 1 / 1024, "m": 1, "g": 1024}[m.group(2).lower()]


def environment(svc):
    env = (svc or {}).get("environment") or {}
    if isinstance(env, list):
        env = dict(e.split("=", 1) if "=" in e else (e, "") for e in env)
    return {k: "" if v is None else str(v) for k, v in env.items()}


def env_file_values(path):
    """compose's env_file format: NAME=value lines (the value to the end of the line), # comments."""
    values = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#") and "=" in line:
                name, value = line.split("=", 1)
                values[name.strip()] = value
    return values


def spring_properties(module_dir):
    """The module's application.properties/.yaml/.yml flattened to {dotted.key: value}."""
    props = {}
    res = os.path.join(module_dir, "src", "main", "resources")
    for name in ("application.yml", "application.yaml"):
        path = os.path.join(res, name)
        if os.path.isfile(path):
            import yaml
            with open(path, encoding="utf-8") as f:
                for doc in yaml.safe_load_all(f):
                    _flatten(doc, "", props)
    path = os.path.join(res, "application.properties")
    if os.path.isfile(path):
        for line in read_text(path).splitlines():
            line = line.strip()
            if line and not line.startswith(("#", "!")) and re.search(r"[=:]", line):
                k, v = re.split(r"\s*[=:]\s*", line, maxsplit=1)
                props[k.strip()] = v.strip()
    return props


def _flatten(node, prefix, out):
    if isinstance(node, dict):
        for k, v in node.items():
            _flatten(v, f"{prefix}{k}.", out)
    elif node is not None:
        out[prefix[:-1]] = str(node)


def placeholder(value, env):
    """A Spring value `${NAME:default}` as the service sees it: NAME from its environment, else the default."""
    m = re.fullmatch(r"\$\{([^}:]+)(?::([^}]*))?\}", value.strip())
    if not m:
        return value
    return resolve(env[m.group(1)]) if m.group(1) in env else (m.group(2) or "")


def jvm_options(path):
    """The options of a java @argfile (# starts a comment), or None when there is no such file."""
    if not os.path.isfile(path):
        return None
    return [w for line in read_text(path).splitlines() for w in line.split("#", 1)[0].split()]


def option(options, prefix):
    values = [o[len(prefix):] for o in options if o.startswith(prefix)]
    return values[-1] if values else None


# ---------- the checks ----------

class ComposeCheck:
    def __init__(self, path, root, findings, env_example=None, test_images=None, schema=None):
        self.path = path
        self.root = root
        self.dir = os.path.dirname(os.path.abspath(path))
        self.findings = findings
        self.env_example = env_example or os.path.join(self.dir, ".env.example")
        self.test_images = test_images
        self.schema = schema
        self.raw = read_text(path) if os.path.isfile(path) else ""
        self.doc = load_yaml(path, findings)
        self.services = {}
        self.networks = {}

    def err(self, msg):
        self.findings.add(self.path, msg)

    def run(self):
        if not isinstance(self.doc, dict):
            return
        self.services = {k: v or {} for k, v in (self.doc.get("services") or {}).items()}
        self.networks = {k: v or {} for k, v in (self.doc.get("networks") or {}).items()}
        self.check_schema()
        for name in REQUIRED_SERVICES:
            if name not in self.services:
                self.err(f"service '{name}' missing")
        for name, svc in self.services.items():
            self.check_dependencies(name, svc)
            self.check_service(name, svc)
            self.check_build(name, svc)
            self.check_privilege_drop(name, svc)
            self.check_fixed_addresses(name, svc)
            self.check_trusted_proxies(name, svc)
            module = self.module(svc)
            if module:
                self.check_stop_grace(name, svc, module)
                self.check_jvm_memory(name, svc, module)
            self.check_zipkin_memory(name, svc)
        self.check_one_shot_jobs()
        self.check_pipeline()
        self.check_test_images()
        self.check_secrets()
        self.check_env_example()

    # --- schema ---
    def check_schema(self):
        if not (self.schema and os.path.isfile(self.schema)):
            return
        try:
            import jsonschema
        except ImportError:
            print("check-delivery: WARN: python3-jsonschema is not installed: compose schema validation skipped")
            return
        with open(self.schema, encoding="utf-8") as f:
            schema = json.load(f)
        # the packaged schema (docker-compose 1.29) predates the top-level `name`; everything else used here is in it
        schema.setdefault("properties", {})["name"] = {"type": "string"}
        for e in sorted(jsonschema.Draft7Validator(schema).iter_errors(self.doc), key=lambda e: list(map(str, e.path))):
            self.err(f"schema: {'/'.join(map(str, e.path)) or '(top)'}: {e.message[:300]}")

    # --- order and health ---
    def has_healthcheck(self, svc):
        hc = svc.get("healthcheck")
        if isinstance(hc, dict) and not hc.get("disable") and hc.get("test"):
            # test: ["NONE"] (or "NONE") turns the image's healthcheck off, as disable: true does
            return hc["test"] not in ("NONE", ["NONE"])
        b = svc.get("build")
        if isinstance(b, dict) and not hc:  # inherited from the image's Dockerfile stage
            df = os.path.join(self.dir, b.get("context", "."), b.get("dockerfile", "Dockerfile"))
            if os.path.isfile(df):
                return dockerfile.healthcheck_of(df, b.get("target"))
        return False

    def depends_on(self, svc):
        deps = svc.get("depends_on") or {}
        if isinstance(deps, list):
            deps = {d: {"condition": "service_started"} for d in deps}
        return deps

    def check_dependencies(self, name, svc):
        for dep_name, spec in self.depends_on(svc).items():
            target = self.services.get(dep_name)
            cond = (spec or {}).get("condition", "service_started")
            if target is None:
                self.err(f"{name}: depends_on unknown service '{dep_name}'")
                continue
            if cond == "service_healthy" and not self.has_healthcheck(target):
                self.err(f"{name}: waits for '{dep_name}' to be healthy, but '{dep_name}' has no healthcheck")
            if cond == "service_completed_successfully":
                if target.get("restart") != "no":
                    self.err(f"{name}: waits for '{dep_name}' to complete, but '{dep_name}' lacks restart: \"no\"")
                if target.get("ports"):
                    self.err(f"{dep_name}: a one-shot job publishes ports")

    def check_one_shot_jobs(self):
        # `up --wait` treats an exited container as a failure unless a running service waits for it to complete
        adopted = {d for svc in self.services.values() for d, spec in self.depends_on(svc).items()
                   if (spec or {}).get("condition") == "service_completed_successfully"}
        for name, svc in self.services.items():
            if svc.get("restart") == "no" and name not in adopted:
                self.err(f"{name}: a one-shot job no service waits for (service_completed_successfully): "
                         "`up --wait` would fail")

    def check_pipeline(self):
        for (a, b), cond in PIPELINE.items():
            got = (self.depends_on(self.services.get(a) or {}).get(b) or {}).get("condition")
            if got != cond:
                self.err(f"{a}: must depend on {b} with condition {cond} (has {got})")

    # --- ports, restart, limits ---
    def check_service(self, name, svc):
        if svc.get("ports") and name not in PUBLIC_PORTS and name not in LOOPBACK_PORTS:
            self.err(f"{name}: publishes ports; only {', '.join(PUBLIC_PORTS)} may (and "
                     f"{', '.join(LOOPBACK_PORTS)} on 127.0.0.1)")
        if name in LOOPBACK_PORTS:
            for p in svc.get("ports") or []:
                host_ip = p.get("host_ip") if isinstance(p, dict) else (
                    resolve(p).rsplit(":", 2)[0] if resolve(p).count(":") >= 2 else None)
                if host_ip not in LOOPBACK:
                    self.err(f"{name}: publishes {resolve(p) if not isinstance(p, dict) else p} on every interface; "
                             "bind it to 127.0.0.1 (127.0.0.1:HOST:CONTAINER)")
        self.check_grafana_login(name, svc)
        if svc.get("network_mode") == "host":
            self.err(f"{name}: network_mode host bypasses the internal network")
        if svc.get("container_name") and name in SCALABLE:
            self.err(f"{name}: container_name blocks `docker compose up --scale {name}=N`")
        target = resolve(environment(svc).get("NOTIFIER_ADDR", ""))
        if target and not target.startswith("dns:///"):
            self.err(f"{name}: NOTIFIER_ADDR {target} should be dns:///host:port, so that the gRPC client resolves "
                     "every notifier instance and spreads its calls round robin")
        expected = {**PUBLIC_PORTS, **LOOPBACK_PORTS}
        if name in PUBLIC_PORTS or (name in LOOPBACK_PORTS and svc.get("ports")):
            ports = [str(p.get("target")) if isinstance(p, dict) else str(p) for p in svc.get("ports") or []]
            if not any(p == expected[name] or p.endswith(":" + expected[name]) for p in ports):
                self.err(f"{name}: should publish container port {expected[name]}")
        if svc.get("restart") != "no":
            if svc.get("restart") not in ("unless-stopped", "always", "on-failure"):
                self.err(f"{name}: long-running service without a restart policy")
            if name not in ("mysql", "redis") and not self.has_healthcheck(svc):
                self.err(f"{name}: long-running service without a healthcheck")
        if self.memory_limit(svc) is None:
            self.err(f"{name}: no memory limit")
        self.check_logging(name, svc)

    def check_logging(self, name, svc):
        """Docker's default json-file driver (and `local` without options too) keeps a container's output in files;
        json-file never rotates them unless told to: every service's log needs a max-size."""
        logging = svc.get("logging") or {}
        driver = logging.get("driver", "json-file")
        if driver in ("json-file", "local") and not (logging.get("options") or {}).get("max-size"):
            self.err(f"{name}: logs without rotation (the {driver} driver grows its file without bound): "
                     "give it logging options max-size and max-file (the x-logging anchor)")

    def check_grafana_login(self, name, svc):
        """Grafana's image creates admin/admin: unless the compose file sets the admin password, no password login
        may be left on (the login form hides, GF_AUTH_DISABLE_LOGIN_FORM; HTTP basic auth is on by default)."""
        if not str(svc.get("image", "")).startswith(("grafana/grafana", "docker.io/grafana/grafana")):
            return
        env = {k: resolve(v).strip().lower() for k, v in environment(svc).items()}
        if "GF_SECURITY_ADMIN_PASSWORD__FILE" in environment(svc):
            return
        password = str(environment(svc).get("GF_SECURITY_ADMIN_PASSWORD", ""))
        if password:
            # only a password the operator must give counts: a literal (admin, or any other) is in the repository
            if not re.fullmatch(r"\$\{[A-Za-z_][A-Za-z0-9_]*:\?[^}]*\}", password):
                self.err(f"{name}: GF_SECURITY_ADMIN_PASSWORD is not a required variable (${{NAME:?message}}): "
                         "a password written in the compose file is everyone's")
            return
        if env.get("GF_AUTH_BASIC_ENABLED") != "false":
            self.err(f"{name}: GF_AUTH_BASIC_ENABLED is not \"false\": basic auth logs anyone in as the image's "
                     "admin/admin (curl -u admin:admin), whatever the login form shows")
        if env.get("GF_AUTH_DISABLE_LOGIN_FORM") != "true":
            self.err(f"{name}: GF_AUTH_DISABLE_LOGIN_FORM is not \"true\": the login form takes the image's "
                     "admin/admin")

    @staticmethod
    def memory_limit(svc):
        limits = ((svc.get("deploy") or {}).get("resources") or {}).get("limits") or {}
        value = svc.get("mem_limit") or limits.get("memory")
        return mebibytes(resolve(value)) if value else None

    # --- builds ---
    def build(self, svc):
        b = svc.get("build")
        return {"context": b} if isinstance(b, str) else b

    def module(self, svc):
        b = self.build(svc)
        args = (b or {}).get("args")
        return args.get("MODULE") if isinstance(args, dict) else None

    def check_build(self, name, svc):
        b = self.build(svc)
        if b is None:
            return
        ctx = os.path.normpath(os.path.join(self.dir, b.get("context", ".")))
        df = os.path.normpath(os.path.join(ctx, b.get("dockerfile", "Dockerfile")))
        args = {k: str(v) for k, v in (b.get("args") or {}).items()} if isinstance(b.get("args"), dict) else {}
        if not os.path.isdir(ctx):
            self.err(f"{name}: build context {b.get('context')} does not exist")
        elif not os.path.isfile(df):
            self.err(f"{name}: Dockerfile {self.findings.rel(df)} does not exist")
        else:
            if b.get("target") and b["target"] not in dockerfile.stage_names(df):
                self.err(f"{name}: build target '{b['target']}' is not a stage of {self.findings.rel(df)}")
            dockerfile.check_copy_sources(df, ctx, self.findings, args)
            mod = args.get("MODULE")
            if mod and not os.path.isfile(os.path.join(self.root, mod, "pom.xml")):
                self.err(f"{name}: build arg MODULE={mod} is not a Maven module")
        if not svc.get("image"):
            self.err(f"{name}: builds without an image name")
        if svc.get("pull_policy") != "build":
            self.err(f"{name}: builds its image but lacks pull_policy: build (`up` would reuse a stale image after "
                     "a git pull, or try to pull the image name first)")

    # --- stop grace ---
    def shutdown_timeout(self, svc, module):
        """How long the module's graceful shutdown may take, as the service is configured."""
        props = spring_properties(os.path.join(self.root, module))
        env = environment(svc)
        if placeholder(props.get("server.shutdown", "graceful"), env) == "immediate":
            return 0.0
        phase = props.get("spring.lifecycle.timeout-per-shutdown-phase")
        return seconds(placeholder(phase, env)) if phase else BOOT_SHUTDOWN_PHASE

    def grpc_shutdown_grace(self, svc, module):
        """The gRPC server's shutdown grace period when the module runs one (Spring gRPC), else None."""
        pom = os.path.join(self.root, module, "pom.xml")
        if not (os.path.isfile(pom) and "grpc-server" in read_text(pom).replace("grpc-server-test", "")):
            return None
        props = spring_properties(os.path.join(self.root, module))
        env = environment(svc)
        grace = props.get("spring.grpc.server.shutdown.grace-period")
        if "SPRING_GRPC_SERVER_SHUTDOWN_GRACEPERIOD" in env:
            grace = env["SPRING_GRPC_SERVER_SHUTDOWN_GRACEPERIOD"]
        if grace is None:
            return GRPC_SHUTDOWN_GRACE
        value = resolve(placeholder(grace, env))
        # a bare number is seconds for this property
        return float(value) if re.fullmatch(r"\d+(\.\d+)?", value) else seconds(value)

    def check_stop_grace(self, name, svc, module):
        if svc.get("restart") == "no":
            return
        needed = self.shutdown_timeout(svc, module)
        if needed is None:
            self.err(f"{name}: cannot read {module}'s spring.lifecycle.timeout-per-shutdown-phase")
            return
        what = "shutdown phase"
        grpc = self.grpc_shutdown_grace(svc, module)
        if grpc is not None and grpc > needed:
            needed, what = grpc, "gRPC server shutdown grace period"
        grace = svc.get("stop_grace_period")
        granted = seconds(resolve(grace)) if grace is not None else COMPOSE_STOP_GRACE
        if granted is None:
            self.err(f"{name}: stop_grace_period {grace!r} is not a duration")
        elif granted < needed + STOP_MARGIN:
            self.err(f"{name}: stop_grace_period {grace or 'unset (10s)'} cuts its graceful shutdown "
                     f"({needed:g}s {what} + {STOP_MARGIN:g}s to exit): docker kills it mid-request")

    # --- JVM memory ---
    def check_jvm_memory(self, name, svc, module):
        for var in JVM_ENV:
            value = environment(svc).get(var, "")
            if re.search(r"-Xm[sx]|RAMPercentage|MaxRAM|MaxDirectMemorySize|MaxMetaspaceSize", value):
                self.err(f"{name}: {var} sizes the JVM apart from {module}/jvm.options")
        path = os.path.join(self.root, module, "jvm.options")
        options = jvm_options(path)
        if options is None:
            self.err(f"{name}: {module}/jvm.options is missing (the JVM's memory sized on purpose, used by the "
                     "image and by scripts/stack.sh)")
            return
        sizes = {}
        for prefix in JVM_SIZED_OPTIONS:
            value = option(options, prefix)
            if value is None:
                self.findings.add(path, f"no {prefix.rstrip('=')}<size>")
            elif mebibytes(value) is None:
                self.findings.add(path, f"{prefix}{value}: not a size")
            else:
                sizes[prefix] = mebibytes(value)
        for o in options:
            if "RAMPercentage" in o or o.startswith("-XX:MaxRAM="):
                self.findings.add(path, f"{o}: size the heap explicitly (-Xmx), not as a share of the container")
        if len(sizes) < len(JVM_SIZED_OPTIONS):
            return
        if sizes["-Xms"] > sizes["-Xmx"]:
            self.findings.add(path, "-Xms is larger than -Xmx")
        bounded = sum(sizes[p] for p in ("-Xmx", "-XX:MaxMetaspaceSize=", "-XX:ReservedCodeCacheSize=",
                                         "-XX:MaxDirectMemorySize="))
        limit = self.memory_limit(svc)
        if limit is not None and limit < bounded + JVM_NATIVE_HEADROOM_MIB:
            self.err(f"{name}: memory limit {limit:g} MiB leaves no room for the JVM: heap + metaspace + code cache + "
                     f"direct memory may take {bounded:g} MiB, plus about {JVM_NATIVE_HEADROOM_MIB} MiB of "
                     f"thread stacks and native memory ({module}/jvm.options)")

    def effective_environment(self, svc):
        """env_file's variables (in order), then environment's, as compose gives them to the container."""
        env = {}
        files = svc.get("env_file") or []
        for entry in [files] if isinstance(files, (str, dict)) else files:
            rel = entry.get("path") if isinstance(entry, dict) else entry
            path = os.path.join(self.dir, rel)
            if not os.path.isfile(path):
                self.err(f"env_file {rel} is missing")
                continue
            env.update(env_file_values(path))
        env.update(environment(svc))
        return env

    def check_zipkin_memory(self, name, svc):
        """Zipkin's in-memory storage (MEM_MAX_SPANS) must fit its heap (JAVA_OPTS' -Xmx, which replaces the
        image's 160 MiB), and the heap its container."""
        env = self.effective_environment(svc)
        if resolve(env.get("STORAGE_TYPE", "")) != "mem":
            return
        spans = resolve(env.get("MEM_MAX_SPANS", ""))
        heap = re.findall(r"-Xmx(\S+)", resolve(env.get("JAVA_OPTS", "")))
        heap = mebibytes(heap[-1]) if heap else None
        if not spans.isdigit():
            self.err(f"{name}: in-memory storage without MEM_MAX_SPANS (Zipkin's default, 500000, outgrows any heap "
                     "given here)")
            return
        if heap is None:
            self.err(f"{name}: in-memory storage without JAVA_OPTS -Xmx: the image's 160 MiB heap holds about "
                     "65 000 spans before an OutOfMemoryError loses them all")
            return
        needed = int(spans) * ZIPKIN_SPAN_KIB / 1024 + ZIPKIN_HEAP_SPARE_MIB
        if heap < needed:
            self.err(f"{name}: MEM_MAX_SPANS {spans} needs a heap of {needed:.0f} MiB ({ZIPKIN_SPAN_KIB} KiB a span "
                     f"+ {ZIPKIN_HEAP_SPARE_MIB} MiB), -Xmx gives {heap:g}")
        limit = self.memory_limit(svc)
        if limit is not None and limit < heap + ZIPKIN_NATIVE_HEADROOM_MIB:
            self.err(f"{name}: memory limit {limit:g} MiB leaves no room beside its {heap:g} MiB heap (about "
                     f"{ZIPKIN_NATIVE_HEADROOM_MIB} MiB of metaspace, code cache, direct buffers and threads)")

    # --- privileges ---
    def check_privilege_drop(self, name, svc):
        if svc.get("build") is not None or svc.get("user"):
            return
        for key in ("entrypoint", "command"):
            value = svc.get(key)
            first = (value[0] if value else None) if isinstance(value, list) else (str(value).split() or [None])[0] \
                if value else None
            if first in SHELLS:
                self.err(f"{name}: its {key} starts a shell ({first}), which skips the image entrypoint's privilege "
                         "drop: run the server itself as the command (or set user:)")

    # --- addresses ---
    def ipam(self, network):
        configs = ((self.networks.get(network) or {}).get("ipam") or {}).get("config") or []
        out = []
        for c in configs:
            try:
                subnet = ipaddress.ip_network(resolve(c["subnet"]), strict=True) if c.get("subnet") else None
                ip_range = ipaddress.ip_network(resolve(c["ip_range"]), strict=True) if c.get("ip_range") else None
                gateway = ipaddress.ip_address(resolve(c["gateway"])) if c.get("gateway") else (
                    next(subnet.hosts()) if subnet else None)
            except ValueError as e:
                self.err(f"network {network}: {e}")
                continue
            out.append((subnet, ip_range, gateway))
        return out

    def service_networks(self, svc):
        nets = svc.get("networks") or {}
        return {n: {} for n in nets} if isinstance(nets, list) else {k: v or {} for k, v in nets.items()}

    def check_fixed_addresses(self, name, svc):
        for network, spec in self.service_networks(svc).items():
            for key in ("ipv4_address", "ipv6_address"):
                if not spec.get(key):
                    continue
                addr = ipaddress.ip_address(resolve(spec[key]))
                if not any(subnet and addr in subnet and ip_range and addr not in ip_range
                           for subnet, ip_range, _ in self.ipam(network)):
                    self.err(f"{name}: fixed address {addr} on {network} is not reserved (it must lie in the "
                             "network's subnet but outside its ip_range, or Docker may give it to another container)")

    def check_trusted_proxies(self, name, svc):
        env = environment(svc)
        if not resolve(env.get("CLIENT_IP_HEADER", "")) or "CLIENT_IP_TRUSTED_PROXIES" not in env:
            return
        for entry in filter(None, (e.strip() for e in resolve(env["CLIENT_IP_TRUSTED_PROXIES"]).split(","))):
            try:
                trusted = ipaddress.ip_network(entry, strict=False)
            except ValueError:
                self.err(f"{name}: CLIENT_IP_TRUSTED_PROXIES entry {entry!r} is not an address or network")
                continue
            home = [(n, sub, rng, gw) for n in self.service_networks(svc) for sub, rng, gw in self.ipam(n)
                    if rng is not None and trusted.version == rng.version and trusted.subnet_of(rng)]
            if not home:
                self.err(f"{name}: trusts {trusted} for {env['CLIENT_IP_HEADER']}, which is not inside the ip_range of "
                         "one of its networks (trust the proxy's network, reserved with an ip_range)")
                continue
            for network, subnet, ip_range, gateway in home:
                if not self.networks[network].get("internal"):
                    self.err(f"network {network}: {name} trusts its addresses, so it must be internal: true (a "
                             "published port's traffic must not arrive through it)")
                if gateway is not None and gateway in trusted:
                    self.err(f"network {network}: its gateway {gateway} lies in the trusted {trusted}: anything "
                             "reaching the edge through the host would be believed")
                if subnet is None or not ip_range.subnet_of(subnet):
                    self.err(f"network {network}: ip_range {ip_range} must lie inside a fixed subnet")
                others = {n for n, s in self.services.items() if network in self.service_networks(s)} - {name}
                if others - TRUSTED_PROXY_SERVICES:
                    self.err(f"network {network}: {', '.join(sorted(others - TRUSTED_PROXY_SERVICES))} joins the "
                             f"network {name} trusts for {env['CLIENT_IP_HEADER']}: only "
                             f"{', '.join(sorted(TRUSTED_PROXY_SERVICES))} may")

    # --- tests' images, secrets, .env.example ---
    def check_test_images(self):
        if not self.test_images:
            return
        if not os.path.isfile(self.test_images):
            self.findings.add(self.test_images, "missing")
            return
        text = read_text(self.test_images)
        for svc_name, const in TEST_IMAGE_CONSTANTS.items():
            m = re.search(const + r'\s*=\s*"([^"]+)"', text)
            img = (self.services.get(svc_name) or {}).get("image")
            if not m:
                self.findings.add(self.test_images, f"constant {const} not found")
            elif img != m.group(1):
                self.err(f"{svc_name}: image {img} differs from the tests' {m.group(1)} "
                         f"({os.path.basename(self.test_images)})")

    def check_secrets(self):
        # referenced, always with ${NAME:?message}, never given a literal value
        for secret in SECRETS:
            refs = re.findall(r"\$\{" + secret + r"(\W{0,2})", self.raw)
            if not refs:
                self.err(f"{secret} is never referenced")
            for r in refs:
                if not r.startswith(":?"):
                    self.err(f"{secret} referenced without ':?' (a missing secret must stop the stack)")
            for m in re.finditer(r"^\s*-?\s*" + secret + r"\s*[:=]\s*(.*)$", self.raw, re.M):
                if not m.group(1).strip().strip("\"'").startswith("${"):
                    self.err(f"{secret} has a literal value in the compose file")

    def check_env_example(self):
        path = self.env_example
        if not os.path.isfile(path):
            self.findings.add(path, "missing")
            return
        listed = dict(re.findall(r"^\s*([A-Z_][A-Z0-9_]*)=(.*)$", read_text(path), re.M))
        for secret in SECRETS:
            if secret not in listed:
                self.findings.add(path, f"{secret} is not listed")
            elif listed[secret].strip().strip("\"'"):
                self.findings.add(path, f"{secret} has a value: the example must not carry a usable secret")
        used = set(m.group(1) for m in _INTERPOLATION.finditer(self.raw))
        for var in sorted(used - set(listed)):
            self.findings.add(path, f"{var} is used by the compose file but not listed")
        for var in sorted(set(listed) - used):
            self.findings.add(path, f"{var} is listed but the compose file does not use it")
        for var, values in sorted(defaults(self.raw).items()):
            if len(values) > 1:
                self.err(f"${{{var}}} has different defaults: {', '.join(sorted(values))}")
            elif var in listed and listed[var].strip().strip("\"'") != next(iter(values)):
                self.findings.add(path, f"{var}={listed[var]} differs from the compose file's default "
                                        f"{next(iter(values))!r}")


# ---------- an overlay (-f compose.yaml -f OVERLAY) ----------

class Reset(list):
    """A value tagged `!reset` (compose 2.24+): the base file's value is dropped, not merged with this one."""


class Override(list):
    """A value tagged `!override`: it replaces the base file's value instead of merging with it."""


class _OverlayLoader(yaml.SafeLoader):
    pass


def _tagged(kind):
    def construct(loader, node):
        if isinstance(node, yaml.SequenceNode):
            return kind(loader.construct_sequence(node))
        if isinstance(node, yaml.MappingNode):
            return kind([loader.construct_mapping(node)])
        return kind([] if node.value in ("", None) else [loader.construct_scalar(node)])
    return construct


_OverlayLoader.add_constructor("!reset", _tagged(Reset))
_OverlayLoader.add_constructor("!override", _tagged(Override))


def merged_ports(base, overlay):
    """The ports a service publishes with the overlay: compose appends an overlay's ports to the base file's, unless
    they are tagged !reset or !override."""
    if "ports" not in overlay:
        return list(base.get("ports") or [])
    ports = overlay["ports"]
    if isinstance(ports, (Reset, Override)):
        return list(ports)
    return list(base.get("ports") or []) + list(ports or [])


def check_overlay(path, base, findings):
    """`base`: the compose file's services. Findings on the overlay at `path`."""
    try:
        with open(path, encoding="utf-8") as f:
            doc = yaml.load(f, Loader=_OverlayLoader)
    except FileNotFoundError:
        findings.add(path, "missing")
        return
    except yaml.YAMLError as e:
        findings.add(path, f"not valid YAML: {e}")
        return
    services = (doc or {}).get("services") or {}
    for name in services:
        if name not in base:
            findings.add(path, f"changes service '{name}', which the compose file does not have")
    for name in SCALABLE:
        published = merged_ports(base.get(name) or {}, services.get(name) or {})
        if published:
            findings.add(path, f"{name} still publishes {', '.join(resolve(p) for p in published)} with this overlay: "
                               f"`--scale {name}=2` fails on the second container's bind (reset its ports: `!reset []`)")


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--root", default=os.getcwd())
    p.add_argument("--env-example")
    p.add_argument("--test-images")
    p.add_argument("--schema")
    p.add_argument("--overlay", help="a file given after the compose file with -f (docker/compose.scale.yaml)")
    p.add_argument("compose")
    args = p.parse_args(argv)
    findings = Findings(args.root)
    check = ComposeCheck(args.compose, args.root, findings, args.env_example, args.test_images, args.schema)
    check.run()
    if args.overlay:
        check_overlay(args.overlay, check.services, findings)
    return findings.report("the compose file")


if __name__ == "__main__":
    sys.exit(main())
