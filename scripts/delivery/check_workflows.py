#!/usr/bin/env python3
"""Project rules for the GitHub workflows (actionlint checks the rest): actions pinned to a commit SHA with a
release comment, least-privilege permissions, concurrency, image matrices that point at real Dockerfiles, stages
and modules and publish every image the compose file builds, images published only after the tests passed on the
same commit, and no pull request tested twice.
Usage: check_workflows.py [--root ROOT] WORKFLOW...
"""
import argparse
import os
import re
import sys

import dockerfile
from findings import Findings, load_yaml, read_text

PULL_REQUEST_EVENTS = ("pull_request", "pull_request_target")
COMPOSE = os.path.join("docker", "compose.yaml")


def triggers(doc):
    # PyYAML reads the key `on` as the boolean True
    on = doc.get("on", doc.get(True))
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return {t: None for t in on}
    return on if isinstance(on, dict) else {}


def pushes_images(job):
    """A step with `push: true` (or an expression that may be true), as docker/build-push-action takes it."""
    def pushes(value):
        return value is True or (isinstance(value, str) and (value == "true" or "${{" in value))
    return any(isinstance(st, dict) and pushes((st.get("with") or {}).get("push")) for st in job.get("steps") or [])


def grants_write(perms):
    return perms == "write-all" or (isinstance(perms, dict) and any(v == "write" for v in perms.values()))


def needs_of(job):
    n = job.get("needs") or []
    return [n] if isinstance(n, str) else list(n)


def all_needs(job_id, jobs):
    """Every job `job_id` waits for, directly or through others."""
    seen, todo = set(), needs_of(jobs.get(job_id) or {})
    while todo:
        j = todo.pop()
        if j not in seen:
            seen.add(j)
            todo.extend(needs_of(jobs.get(j) or {}))
    return seen


def check_pinned_actions(wf, findings):
    for n, line in enumerate(read_text(wf).splitlines(), 1):
        m = re.match(r"\s*(?:-\s*)?uses:\s*(\S+)(.*)$", line)
        if not m or m.group(1).startswith("./") or m.group(1).startswith("docker://"):
            continue
        ref = m.group(1).partition("@")[2]
        if not re.fullmatch(r"[0-9a-f]{40}", ref):
            findings.add(wf, f"line {n}: '{m.group(1)}' is not pinned to a full commit SHA")
        elif not re.search(r"#\s*v\d+(\.\d+)*", m.group(2)):
            findings.add(wf, f"line {n}: '{m.group(1)}' has no '# vX.Y.Z' comment naming the release")


def check_permissions(wf, doc, findings):
    perms = doc.get("permissions")
    if perms is None or perms == "write-all":
        findings.add(wf, "top-level 'permissions:' must be set, least privilege")
    elif grants_write(perms):
        findings.add(wf, "top-level permissions grant write: grant it only to the job that needs it")
    for job_id, job in (doc.get("jobs") or {}).items():
        if grants_write((job or {}).get("permissions")) and not pushes_images(job or {}):
            findings.add(wf, f"job {job_id}: write permissions without a step that pushes")


def check_triggers(wf, doc, findings):
    on = triggers(doc)
    if "push" in on and any(e in on for e in PULL_REQUEST_EVENTS):
        push = on.get("push") or {}
        if not any(push.get(k) for k in ("branches", "tags")) or push.get("branches") in (["**"], ["*"]):
            findings.add(wf, "runs on every push and on pull requests: a pull request from a branch of this "
                             "repository is tested twice (limit push to main and tags)")


def check_publishing(wf, doc, findings):
    """A job that pushes images runs only after every test job of its workflow passed on the same commit (needs:),
    or in a workflow_run workflow that requires the tested run's success; never for a pull request."""
    jobs = doc.get("jobs") or {}
    on = triggers(doc)
    publishers = [j for j, job in jobs.items() if pushes_images(job or {})]
    for job_id in publishers:
        job = jobs[job_id] or {}
        cond = str(job.get("if", ""))
        if set(on) == {"workflow_run"}:
            run = on["workflow_run"] or {}
            if "completed" not in (run.get("types") or []) or not re.search(
                    r"workflow_run\.conclusion\s*==\s*'success'", cond):
                findings.add(wf, f"job {job_id}: publishes on workflow_run without requiring "
                                 "github.event.workflow_run.conclusion == 'success' of a completed run")
            continue
        missing = sorted(set(jobs) - set(publishers) - all_needs(job_id, jobs))
        if missing:
            findings.add(wf, f"job {job_id}: publishes images without waiting for {', '.join(missing)} "
                             "(needs:), so a commit whose tests fail would still ship")
        if any(e in on for e in PULL_REQUEST_EVENTS) and not re.search(r"github\.event_name\s*==\s*'push'", cond):
            findings.add(wf, f"job {job_id}: publishes images but may run for a pull request "
                             "(add if: github.event_name == 'push')")


def compose_built_images(root, findings):
    """{service: image name} of the compose services built from this repository (`build:`), the name without its
    registry, owner and tag (ghcr.io/${GHCR_OWNER}/edge:${TAG} is edge)."""
    doc = load_yaml(os.path.join(root, COMPOSE), findings) or {}
    return {name: service["image"].rsplit("/", 1)[-1].split(":", 1)[0]
            for name, service in (doc.get("services") or {}).items()
            if isinstance(service, dict) and "build" in service and "image" in service}


def check_matrix(wf, doc, root, findings):
    for job_id, job in (doc.get("jobs") or {}).items():
        matrix = (((job or {}).get("strategy") or {}).get("matrix") or {})
        entries = [e for e in matrix.get("include") or [] if isinstance(e, dict) and "file" in e]
        if entries:
            published = {e.get("image") for e in entries}
            for service, image in sorted(compose_built_images(root, findings).items()):
                if image not in published:
                    findings.add(wf, f"job {job_id}: {COMPOSE} builds image {image} (service {service}), "
                                     "but the matrix does not publish it")
        for entry in entries:
            f = os.path.join(root, entry["file"])
            ctx = os.path.join(root, entry.get("context", "."))
            image = entry.get("image")
            if not os.path.isfile(f):
                findings.add(wf, f"matrix {image}: Dockerfile {entry['file']} does not exist")
                continue
            if not os.path.isdir(ctx):
                findings.add(wf, f"matrix {image}: context {entry.get('context')} does not exist")
            if entry.get("target") and entry["target"] not in dockerfile.stage_names(f):
                findings.add(wf, f"matrix {image}: no stage '{entry['target']}' in {entry['file']}")
            build_args = dict(re.findall(r"^\s*(\w+)=(\S*)", entry.get("build-args") or "", re.M))
            mod = build_args.get("MODULE")
            if mod and not os.path.isfile(os.path.join(root, mod, "pom.xml")):
                findings.add(wf, f"matrix {image}: MODULE={mod} is not a Maven module")
            elif os.path.isdir(ctx):
                dockerfile.check_copy_sources(f, ctx, findings, build_args)


def run(paths, root, findings):
    if not paths:
        findings.add(root, "no workflow files given")
    for wf in paths:
        doc = load_yaml(wf, findings)
        if not isinstance(doc, dict):
            continue
        check_pinned_actions(wf, findings)
        check_permissions(wf, doc, findings)
        if "concurrency" not in doc:
            findings.add(wf, "no 'concurrency:' (superseded runs should be cancelled)")
        check_triggers(wf, doc, findings)
        check_publishing(wf, doc, findings)
        check_matrix(wf, doc, root, findings)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--root", default=os.getcwd())
    p.add_argument("workflows", nargs="*")
    args = p.parse_args(argv)
    findings = Findings(args.root)
    run(args.workflows, args.root, findings)
    return findings.report("workflow rules")


if __name__ == "__main__":
    sys.exit(main())
