#!/usr/bin/env python3
"""Checks docker/observability/: every dashboard is valid Grafana JSON whose panels each have a query on a
provisioned data source; every alert rule has an expression, a `for` and a summary; Prometheus scrapes each service
on its management port at /actuator/prometheus; and every metric a dashboard or an alert queries is one the
services expose (metrics-catalogue.txt, which the live check scripts/observability-check.py holds against the
running stack). A dashboard cannot silently show nothing because a metric was renamed.
Usage: check_observability.py [--root ROOT] OBSERVABILITY_DIR
"""
import argparse
import glob
import json
import os
import re
import sys

from findings import Findings, load_yaml

# the services' management ports (MANAGEMENT_PORT defaults, also in compose and the Kubernetes manifests)
SCRAPE_TARGETS = {"edge": "edge:8180", "todo-core": "todo-core:8181", "notifier": "notifier:8182"}

# PromQL words that are not metric names: functions, aggregations, keywords, and `le`, a histogram's label
PROMQL_WORDS = {
    "sum", "min", "max", "avg", "count", "stddev", "stdvar", "topk", "bottomk", "quantile", "count_values", "group",
    "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or", "unless", "offset",
    "rate", "irate", "increase", "delta", "idelta", "deriv", "histogram_quantile", "abs", "ceil", "floor", "round",
    "clamp_min", "clamp_max", "clamp", "absent", "absent_over_time", "changes", "resets", "label_replace",
    "label_join", "time", "vector", "scalar", "sort", "sort_desc", "max_over_time", "min_over_time",
    "avg_over_time", "sum_over_time", "count_over_time", "last_over_time", "predict_linear", "timestamp", "le",
    "inf", "nan",
}
LABELS = re.compile(r"\{[^}]*\}")
STRINGS = re.compile(r'"(?:[^"\\]|\\.)*"')
RANGES = re.compile(r"\[[^\]]*\]")
GROUPINGS = re.compile(r"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")
IDENTIFIER = re.compile(r"(?<![\w$.])([a-zA-Z_:][a-zA-Z0-9_:]*)(?![a-zA-Z0-9_:])(?!\s*\()")


def metric_names(expr):
    """The metric names an expression selects (functions, keywords, labels and strings removed)."""
    text = STRINGS.sub("", LABELS.sub(" ", expr))
    text = GROUPINGS.sub(" ", RANGES.sub(" ", text))
    return {name for name in IDENTIFIER.findall(text)
            if name.lower() not in PROMQL_WORDS and not name.startswith("$")}


def load_catalogue(path, findings):
    names = set()
    try:
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.split("#", 1)[0].strip()
                if line:
                    names.add(line.split()[0])
    except OSError as e:
        findings.add(path, f"cannot read the metric catalogue: {e.strerror}")
    return names


def check_exprs(where, what, exprs, catalogue, findings):
    for expr in exprs:
        if not isinstance(expr, str) or not expr.strip():
            findings.add(where, f"{what}: an empty query")
            continue
        if expr.count("(") != expr.count(")") or expr.count("{") != expr.count("}"):
            findings.add(where, f"{what}: unbalanced brackets in {expr!r}")
        for name in sorted(metric_names(expr)):
            if name not in catalogue:
                findings.add(where, f"{what}: metric {name} is not in the catalogue (no service exposes it)")


def check_dashboard(path, catalogue, datasource_uids, findings):
    try:
        with open(path, encoding="utf-8") as f:
            dashboard = json.load(f)
    except (OSError, ValueError) as e:
        findings.add(path, f"not valid JSON: {e}")
        return
    for key in ("uid", "title", "panels"):
        if key not in dashboard:
            findings.add(path, f"no {key}")
    panels = [p for p in dashboard.get("panels", []) if p.get("type") != "row"]
    if not panels:
        findings.add(path, "no panels")
    ids = [p.get("id") for p in dashboard.get("panels", [])]
    if len(ids) != len(set(ids)):
        findings.add(path, "two panels share an id")
    for panel in panels:
        title = panel.get("title") or f"panel {panel.get('id')}"
        if not panel.get("description"):
            findings.add(path, f"{title}: no description (what the panel answers)")
        targets = panel.get("targets") or []
        if not targets:
            findings.add(path, f"{title}: no query")
        for target in targets:
            uid = (target.get("datasource") or panel.get("datasource") or {}).get("uid")
            if uid not in datasource_uids:
                findings.add(path, f"{title}: data source {uid!r} is not provisioned")
        check_exprs(path, title, [t.get("expr") for t in targets], catalogue, findings)


def check_alerts(path, catalogue, findings):
    doc = load_yaml(path, findings)
    if doc is None:
        return
    rules = [r for g in doc.get("groups") or [] for r in g.get("rules") or []]
    if not rules:
        findings.add(path, "no alert rules")
    for rule in rules:
        name = rule.get("alert") or "a rule"
        if "alert" not in rule:
            findings.add(path, f"{name}: not an alert (recording rules have no place here)")
        if not rule.get("for"):
            findings.add(path, f"{name}: no `for` (one bad scrape would page)")
        if not (rule.get("annotations") or {}).get("summary"):
            findings.add(path, f"{name}: no summary annotation")
        check_exprs(path, name, [rule.get("expr")], catalogue | {"up"}, findings)


def check_prometheus(path, findings):
    doc = load_yaml(path, findings)
    if doc is None:
        return
    jobs = {job.get("job_name"): job for job in doc.get("scrape_configs") or []}
    for service, target in SCRAPE_TARGETS.items():
        job = jobs.get(service)
        if job is None:
            findings.add(path, f"no scrape job {service}")
            continue
        if job.get("metrics_path") != "/actuator/prometheus":
            findings.add(path, f"job {service}: metrics_path is not /actuator/prometheus")
        # named as they are, or found through DNS (compose's: every replica's address) on a port
        targets = [t for c in job.get("static_configs") or [] for t in c.get("targets") or []]
        targets += [f"{name}:{c.get('port')}" for c in job.get("dns_sd_configs") or [] for name in c.get("names") or []]
        if target not in targets:
            findings.add(path, f"job {service}: does not scrape {target} (its management port)")
    if "alerts.yml" not in (doc.get("rule_files") or []):
        findings.add(path, "alerts.yml is not a rule file")


def datasource_uids(directory, findings):
    uids = set()
    for path in glob.glob(os.path.join(directory, "grafana", "provisioning", "datasources", "*.yaml")):
        doc = load_yaml(path, findings) or {}
        uids |= {d.get("uid") for d in doc.get("datasources") or []}
    return uids


def run(directory, findings):
    catalogue = load_catalogue(os.path.join(directory, "metrics-catalogue.txt"), findings)
    uids = datasource_uids(directory, findings)
    dashboards = sorted(glob.glob(os.path.join(directory, "grafana", "dashboards", "*.json")))
    if not dashboards:
        findings.add(directory, "no dashboards")
    for path in dashboards:
        check_dashboard(path, catalogue, uids, findings)
    check_alerts(os.path.join(directory, "alerts.yml"), catalogue, findings)
    check_prometheus(os.path.join(directory, "prometheus.yml"), findings)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", default=".")
    parser.add_argument("directory")
    args = parser.parse_args()
    findings = Findings(args.root)
    run(args.directory, findings)
    return findings.report("the observability configuration")


if __name__ == "__main__":
    sys.exit(main())
