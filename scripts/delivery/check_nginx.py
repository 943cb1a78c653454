#!/usr/bin/env python3
"""Checks that the GUI's one nginx template renders the same way in the image and on a host: every ${VARIABLE}
it uses is let through the image's envsubst filter (NGINX_ENVSUBST_FILTER) and has a value there (an ENV default,
or NGINX_LOCAL_RESOLVERS from the image's entrypoint), and frontend/scripts/render-nginx.sh substitutes exactly
the same variables; and that the upstream is resolved at request time (proxy_pass through a variable, with a
resolver), so a recreated edge with a new address keeps working; and that the main configurations beside it (the
image's nginx.conf, the host's host-nginx.conf.template) bound a graceful stop with worker_shutdown_timeout.
Usage: check_nginx.py [--root ROOT] TEMPLATE DOCKERFILE RENDER_SCRIPT
"""
import argparse
import os
import re
import sys

import dockerfile
from findings import Findings, read_text

# The main configurations beside the template (the image's and the host launcher's). Each must set
# worker_shutdown_timeout: an /events stream never ends by itself (the edge's heartbeats), so without it a graceful
# stop or a reload waits for the streams until the container's grace period ends in a SIGKILL.
MAIN_CONFIGS = ("nginx.conf", "host-nginx.conf.template")

# Set by the nginx image's entrypoint (15-local-resolvers.envsh) when NGINX_ENTRYPOINT_LOCAL_RESOLVERS is set.
ENTRYPOINT_VARIABLES = {"NGINX_LOCAL_RESOLVERS": "NGINX_ENTRYPOINT_LOCAL_RESOLVERS"}


def template_variables(text):
    """The envsubst variables of a template: ${UPPER_CASE} (nginx's own variables are lower case)."""
    return set(re.findall(r"\$\{([A-Z_][A-Z0-9_]*)\}", text))


def directives(text, name):
    """Arguments of every `name ...;` directive, comments removed."""
    code = "\n".join(line.split("#", 1)[0] for line in text.splitlines())
    return [m.group(1).strip() for m in re.finditer(r"(?:^|[;{}\s])" + name + r"\s+([^;]*);", code)]


def image_env(path):
    """ENV of the Dockerfile's last stage and the stages it builds on: {NAME: value}."""
    st = dockerfile.stages(path)
    env = {}
    for stage in reversed(dockerfile.chain(st[-1], st)) if st else []:
        for op, arg in stage["instr"]:
            if op == "ENV":
                for m in re.finditer(r"""(\w+)=("[^"]*"|'[^']*'|\S*)""", arg):
                    env[m.group(1)] = m.group(2).strip("\"'")
    return env


def render_script_variables(text, template_name):
    """The variables of the envsubst call that renders `template_name` in a shell script."""
    for m in re.finditer(r"envsubst\s+'([^']*)'\s*\\?\s*<\s*\"?[^\s\"]*" + re.escape(template_name), text):
        return set(re.findall(r"\$\{?([A-Z_][A-Z0-9_]*)\}?", m.group(1)))
    return None


def run(template, dockerfile_path, render_script, findings):
    for path in (template, dockerfile_path, render_script):
        if not os.path.isfile(path):
            findings.add(path, "missing")
    if findings:
        return
    text = read_text(template)
    variables = template_variables(text)
    env = image_env(dockerfile_path)
    rx = env.get("NGINX_ENVSUBST_FILTER")
    for var in sorted(variables):
        if rx is None or not re.search(rx, var):
            findings.add(dockerfile_path, f"NGINX_ENVSUBST_FILTER does not let ${{{var}}} of "
                                          f"{findings.rel(template)} through: the image would serve it unrendered")
        flag = ENTRYPOINT_VARIABLES.get(var)
        if flag and not env.get(flag):
            findings.add(dockerfile_path, f"${{{var}}} comes from the image's entrypoint only with {flag} set")
        if not flag and var not in env:
            findings.add(dockerfile_path, f"${{{var}}} of {findings.rel(template)} has no ENV default")
    rendered = render_script_variables(read_text(render_script), os.path.basename(template))
    if rendered is None:
        findings.add(render_script, f"no envsubst '...' < .../{os.path.basename(template)} found")
    elif rendered != variables:
        findings.add(render_script, f"substitutes {', '.join(sorted(rendered)) or 'nothing'} but "
                                    f"{findings.rel(template)} uses {', '.join(sorted(variables))}")
    passes = directives(text, "proxy_pass")
    for arg in passes:
        # an nginx variable ($lower_case); ${UPPER_CASE} is rendered into a literal by envsubst
        if not re.match(r"\$[a-z_]", arg):
            findings.add(template, f"proxy_pass {arg}: a literal upstream is resolved once at start-up; pass it "
                                   "through a variable (set $name ...; proxy_pass $name;) so a recreated edge is found")
    if passes and not directives(text, "resolver"):
        findings.add(template, "no resolver: nginx could not look up the upstream's host name at request time")
    for name in MAIN_CONFIGS:
        path = os.path.join(os.path.dirname(template), name)
        if os.path.isfile(path) and not directives(read_text(path), "worker_shutdown_timeout"):
            findings.add(path, "no worker_shutdown_timeout: a graceful stop waits for the open /events streams "
                               "(kept alive by heartbeats) until the grace period ends in a SIGKILL")


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--root", default=os.getcwd())
    p.add_argument("template")
    p.add_argument("dockerfile")
    p.add_argument("render_script")
    args = p.parse_args(argv)
    findings = Findings(args.root)
    run(args.template, args.dockerfile, args.render_script, findings)
    return findings.report("the nginx template")


if __name__ == "__main__":
    sys.exit(main())
