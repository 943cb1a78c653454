#!/usr/bin/env python3
"""Checks .github/dependabot.yml: version 2, a schedule for every entry, the ecosystems this repository uses, each
entry pointing at a folder that holds what its ecosystem reads (Dependabot finds nothing otherwise and reports an
error), and every Dockerfile and compose file covered.
Usage: check_dependabot.py [--root ROOT] [--dockerfile PATH]... [--compose PATH]... DEPENDABOT_FILE
"""
import argparse
import os
import re
import sys

from findings import Findings, load_yaml

# What each ecosystem reads in its directory, as Dependabot's file fetchers match names (dependabot-core:
# docker/lib/dependabot/docker/file_fetcher.rb and docker_compose/file_fetcher.rb).
MANIFESTS = {
    "docker": re.compile(r"dockerfile|containerfile", re.I),
    "docker-compose": re.compile(r"(docker-)?compose(-\w+)?(\.[\w-]+)?\.ya?ml$", re.I),
    "maven": re.compile(r"^pom\.xml$"),
    "npm": re.compile(r"^package\.json$"),
}
REQUIRED = ("maven", "github-actions", "docker", "docker-compose", "npm")


def is_manifest(ecosystem, name):
    rx = MANIFESTS.get(ecosystem)
    if rx is None:
        return True
    # BuildKit's per-Dockerfile ignore files match the Dockerfile pattern but are not Dockerfiles
    return bool(rx.search(name)) and not name.endswith(".dockerignore")


def directories(update):
    dirs = update.get("directories") or []
    if update.get("directory"):
        dirs = [update["directory"], *dirs]
    return dirs


def run(path, root, findings, dockerfiles=(), compose_files=()):
    dep = load_yaml(path, findings)
    if not isinstance(dep, dict):
        return
    if dep.get("version") != 2:
        findings.add(path, "version must be 2")
    covered = {}
    for u in dep.get("updates") or []:
        eco = u.get("package-ecosystem")
        dirs = directories(u)
        if not dirs:
            findings.add(path, f"{eco}: no directory")
        for d in dirs:
            full = os.path.normpath(os.path.join(root, d.lstrip("/")))
            covered.setdefault(eco, set()).add(full)
            if not os.path.isdir(full):
                findings.add(path, f"{eco}: directory {d} does not exist")
            elif not any(is_manifest(eco, f) for f in os.listdir(full) if os.path.isfile(os.path.join(full, f))):
                findings.add(path, f"{eco}: directory {d} holds nothing {eco} updates (Dependabot would fail there)")
        if not (u.get("schedule") or {}).get("interval"):
            findings.add(path, f"{eco}: schedule.interval missing")
    for need in REQUIRED:
        if need not in covered:
            findings.add(path, f"no '{need}' updates")
    for eco, files in (("docker", dockerfiles), ("docker-compose", compose_files)):
        for f in files:
            if os.path.dirname(os.path.abspath(f)) not in covered.get(eco, set()):
                findings.add(path, f"{findings.rel(f)}: its folder has no '{eco}' entry, so its images are never updated")
            elif not is_manifest(eco, os.path.basename(f)):
                findings.add(path, f"{findings.rel(f)}: Dependabot's {eco} updates do not read a file of that name")


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--root", default=os.getcwd())
    p.add_argument("--dockerfile", action="append", default=[])
    p.add_argument("--compose", action="append", default=[])
    p.add_argument("dependabot")
    args = p.parse_args(argv)
    findings = Findings(args.root)
    run(args.dependabot, args.root, findings, args.dockerfile, args.compose)
    return findings.report("dependabot")


if __name__ == "__main__":
    sys.exit(main())
