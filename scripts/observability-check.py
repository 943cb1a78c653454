#!/usr/bin/env python3
"""End-to-end check of the observability of a running host stack (scripts/stack.sh up with STACK_OBSERVABILITY=1):

1. every Prometheus scrape target is up;
2. every metric of docker/observability/metrics-catalogue.txt is exposed by the services it names;
3. one request through nginx, with a client's traceparent, gives one trace in Zipkin that is findable by nginx's
   request id (the edge's span carries it as `request.id`) and has spans of the edge, todo-core and the notifier
   (the outbox relay's publish continues the request's trace);
4. the services log JSON, and the edge's line about a refused request carries its trace id (`traceId`);
5. every PromQL expression of the dashboards and alerts.yml is accepted by Prometheus, and the dashboards' return
   data after the traffic (alerts need an incident to return anything).
Ports as scripts/stack.sh's (NGINX_PORT, EDGE_/TODO_CORE_/NOTIFIER_MANAGEMENT_PORT, PROMETHEUS_PORT, ZIPKIN_PORT):
the stack's own, as `scripts/stack.sh up` recorded them in $STACK_DIR/settings.env, each unless this environment
sets it, as stack.sh's other sub-commands take them (its load_settings). Exits 1 with one line per failure.
"""
import glob
import json
import os
import secrets
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
OBS = os.path.join(ROOT, "docker", "observability")
STACK_DIR = os.environ.get("STACK_DIR", os.path.join(ROOT, ".stack"))


def stack_settings():
    """The settings the stack runs with: settings.env's NAME=value lines (none before the stack's first `up`), under
    this environment's, which win even when empty."""
    settings = {}
    try:
        with open(os.path.join(STACK_DIR, "settings.env"), encoding="utf-8") as f:
            for line in f:
                name, _, value = line.rstrip("\n").partition("=")
                if name:
                    settings[name] = value
    except FileNotFoundError:
        pass
    return {**settings, **os.environ}


env = stack_settings().get
NGINX = f"http://127.0.0.1:{env('NGINX_PORT', '3000')}"
PROMETHEUS = f"http://127.0.0.1:{env('PROMETHEUS_PORT', '9092')}"
ZIPKIN = f"http://127.0.0.1:{env('ZIPKIN_PORT', '9411')}"
MANAGEMENT = {"edge": env("EDGE_MANAGEMENT_PORT", "8180"), "todo-core": env("TODO_CORE_MANAGEMENT_PORT", "8181"),
              "notifier": env("NOTIFIER_MANAGEMENT_PORT", "8182")}
WAIT = float(env("OBSERVABILITY_CHECK_WAIT", "60"))
failures = []


def fail(message):
    failures.append(message)
    print(f"observability-check: FAIL: {message}", file=sys.stderr)


def http(method, url, body=None, headers=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers={
        **({"Content-Type": "application/json"} if data else {}), **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read().decode()


def eventually(what, probe):
    deadline = time.monotonic() + WAIT
    while True:
        result = probe()
        if result or time.monotonic() > deadline:
            if not result:
                fail(f"{what}: not within {WAIT:.0f}s")
            return result
        time.sleep(1)


def prometheus_query(expr):
    status, _, body = http("GET", f"{PROMETHEUS}/api/v1/query?" + urllib.parse.urlencode({"query": expr}))
    return status, json.loads(body) if body.startswith("{") else {}


def check_targets():
    def all_up():
        _, _, body = http("GET", f"{PROMETHEUS}/api/v1/targets")
        targets = json.loads(body)["data"]["activeTargets"]
        jobs = {t["labels"]["job"]: t["health"] for t in targets}
        return jobs if all(jobs.get(j) == "up" for j in MANAGEMENT) else None
    jobs = eventually("every scrape target up", all_up)
    if jobs:
        print(f"scrape targets up: {', '.join(sorted(jobs))}")


def check_catalogue():
    exposed = {}
    for service, port in MANAGEMENT.items():
        _, _, body = http("GET", f"http://127.0.0.1:{port}/actuator/prometheus")
        exposed[service] = {line.split("{")[0].split(" ")[0] for line in body.splitlines()
                            if line and not line.startswith("#")}
    count = 0
    with open(os.path.join(OBS, "metrics-catalogue.txt"), encoding="utf-8") as f:
        for line in f:
            words = line.split("#", 1)[0].split()
            if not words:
                continue
            name, services = words[0], words[1:]
            for service in services:
                count += 1
                if name not in exposed.get(service, set()):
                    fail(f"{service} does not expose {name} (metrics-catalogue.txt)")
    print(f"catalogue: {count} (metric, service) pairs checked")


def traffic():
    """A user, a task (its event goes through the outbox to the notifier), a list, refusals; returns the traced
    request's (trace id, nginx request id)."""
    email = f"obs-{secrets.token_hex(6)}@example.com"
    credentials = {"email": email, "password": "correct horse battery"}
    http("POST", f"{NGINX}/api/auth/register", credentials)
    _, _, body = http("POST", f"{NGINX}/api/auth/login", credentials)
    token = json.loads(body)["access_token"]
    auth = {"Authorization": f"Bearer {token}"}
    trace_id = secrets.token_hex(16)
    status, headers, _ = http("POST", f"{NGINX}/api/tasks", {"title": "observed"},
                              {**auth, "traceparent": f"00-{trace_id}-{secrets.token_hex(8)}-01"})
    request_id = {k.lower(): v for k, v in headers.items()}.get("x-request-id")
    if status != 201 or not request_id:
        fail(f"POST /api/tasks through nginx answered {status} with X-Request-ID {request_id!r}")
    for _ in range(20):
        http("GET", f"{NGINX}/api/tasks", headers=auth)
        http("GET", f"{NGINX}/api/notifications", headers=auth)
    http("GET", f"{NGINX}/api/tasks")  # 401
    # past the refresh rate limit (AUTH_RATE_LIMIT_PER_MINUTE, 10 by default): 401s, then 429s. Not the login's:
    # the smoke scenario that CI runs next signs in, and would wait out the rest of the minute
    for _ in range(12):
        http("POST", f"{NGINX}/api/auth/refresh")
    return trace_id, request_id


def check_trace(trace_id, request_id):
    def found():
        query = urllib.parse.urlencode({"annotationQuery": f"request.id={request_id}", "lookback": "600000",
                                        "limit": "10"})
        _, _, body = http("GET", f"{ZIPKIN}/api/v2/traces?{query}")
        traces = json.loads(body) if body.startswith("[") else []
        if len(traces) != 1:
            return None
        services = {span.get("localEndpoint", {}).get("serviceName") for span in traces[0]}
        return traces[0] if {"edge", "todo-core", "notifier"} <= services else None
    trace = eventually(f"one trace with edge, todo-core and notifier spans for request id {request_id}", found)
    if trace:
        if trace[0]["traceId"] != trace_id:
            fail(f"the trace {trace[0]['traceId']} is not the client's {trace_id}")
        print(f"trace {trace_id}: {len(trace)} spans, request id {request_id}")


def check_logs(trace_id):
    for service in ("edge", "todo-core"):
        path = os.path.join(STACK_DIR, "logs", f"{service}.log")
        try:
            with open(path, encoding="utf-8", errors="replace") as f:
                lines = [json.loads(line) for line in f if line.startswith("{")]
        except OSError:
            fail(f"no log {path}")
            continue
        if not lines:
            fail(f"{service}'s log has no JSON line (LOG_FORMAT=json)")
    # the traced request writes nothing on success; a refusal with its trace is the edge's line to find
    status, headers, _ = http("GET", f"{NGINX}/api/tasks", headers={
        "traceparent": f"00-{trace_id}-{secrets.token_hex(8)}-01"})
    path = os.path.join(STACK_DIR, "logs", "edge.log")

    def logged():
        with open(path, encoding="utf-8", errors="replace") as f:
            return any(line.startswith("{") and json.loads(line).get("traceId") == trace_id for line in f)
    if eventually("the edge's JSON log line of a refused request carries its trace id", logged):
        print(f"edge log: a JSON line with traceId {trace_id}")


def check_queries():
    """Every dashboard and alert query is accepted by Prometheus, and every dashboard query has data once the
    traffic's series have been scraped (a rate needs two scrapes of a series the traffic created: up to two scrape
    intervals, 30 s with the stack's 15 s), asked again until then, for at most WAIT."""
    exprs = []
    for path in glob.glob(os.path.join(OBS, "grafana", "dashboards", "*.json")):
        with open(path, encoding="utf-8") as f:
            for panel in json.load(f)["panels"]:
                exprs += [("dashboard", panel["title"], t["expr"]) for t in panel.get("targets", [])]
    import yaml
    with open(os.path.join(OBS, "alerts.yml"), encoding="utf-8") as f:
        for group in yaml.safe_load(f)["groups"]:
            exprs += [("alert", r["alert"], r["expr"]) for r in group["rules"]]
    refused = set()

    def without_data():
        empty = set()
        for kind, name, expr in exprs:
            if name in refused:
                continue
            status, answer = prometheus_query(expr.replace("$__rate_interval", "2m"))
            if status != 200 or answer.get("status") != "success":
                refused.add(name)
                fail(f"{kind} {name}: Prometheus refuses {expr!r}: {answer.get('error')}")
            elif kind == "dashboard" and not answer["data"]["result"]:
                empty.add(name)
        return empty

    empty = set()

    def all_with_data():
        empty.clear()
        empty.update(without_data())
        return not empty

    started = time.monotonic()
    if not eventually("every dashboard query with data after the traffic", all_with_data):
        fail(f"dashboard queries without data: {sorted(empty)}")
    print(f"queries: {len(exprs)} accepted by Prometheus, every dashboard query with data after "
          f"{time.monotonic() - started:.0f}s")


def main():
    check_targets()
    trace_id, request_id = traffic()
    check_catalogue()
    check_trace(trace_id, request_id)
    check_logs(trace_id)
    check_queries()
    print("observability-check: " + ("FAILED" if failures else "all checks passed"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
