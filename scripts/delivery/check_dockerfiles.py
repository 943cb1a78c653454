#!/usr/bin/env python3
"""Checks Dockerfiles: base images pinned to a versioned tag (no :latest, no bare :alpine), a non-root USER that
owns none of the files copied in (--chown to it: the process could rewrite its own code), a HEALTHCHECK (or
HEALTHCHECK NONE), EXPOSE for services, no ADD <url>, and a JVM started with its options file rather than sized as
a share of the container. hadolint is not obtainable here (not in Debian's archive, and npm's
`hadolint` only wraps a downloaded binary or Docker).
Usage: check_dockerfiles.py [--root ROOT] [--root-ok DOCKERFILE]... DOCKERFILE...
"""
import argparse
import os
import sys

import dockerfile
from findings import Findings


def run(paths, findings, root_ok=()):
    for path in paths:
        dockerfile.check(path, findings, root_ok)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--root", default=os.getcwd())
    p.add_argument("--root-ok", action="append", default=[], help="a Dockerfile allowed to run as root (warning)")
    p.add_argument("dockerfiles", nargs="+")
    args = p.parse_args(argv)
    findings = Findings(args.root)
    run(args.dockerfiles, findings, args.root_ok)
    return findings.report("Dockerfiles")


if __name__ == "__main__":
    sys.exit(main())
