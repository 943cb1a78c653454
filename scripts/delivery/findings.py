"""What every delivery check shares: a list of findings, each naming the file it is about, and YAML loading that
turns a missing or malformed file into a finding instead of a traceback."""
import os
import sys

import yaml


class Findings:
    """Findings of one check run, printed as `check-delivery: FAIL: <path relative to root>: <message>`."""

    def __init__(self, root):
        self.root = os.path.abspath(root)
        self.items = []

    def add(self, where, message):
        self.items.append(f"{self.rel(where)}: {message}")

    def rel(self, path):
        return os.path.relpath(os.path.abspath(path), self.root)

    def __len__(self):
        return len(self.items)

    def __iter__(self):
        return iter(self.items)

    def report(self, what):
        """Prints the findings and a one-line summary; returns the exit status (1 when anything was found)."""
        for item in self.items:
            print(f"check-delivery: FAIL: {item}", file=sys.stderr)
        print(f"{len(self.items)} finding(s) in {what}")
        return 1 if self.items else 0


def load_yaml(path, findings):
    """The parsed document, or None after recording why there is none."""
    try:
        with open(path, encoding="utf-8") as f:
            return yaml.safe_load(f)
    except FileNotFoundError:
        findings.add(path, "missing")
    except yaml.YAMLError as e:
        findings.add(path, f"not valid YAML: {e}")
    return None


def read_text(path):
    with open(path, encoding="utf-8") as f:
        return f.read()
