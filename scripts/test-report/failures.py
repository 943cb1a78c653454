#!/usr/bin/env python3
"""The failed tests of a Maven build, each with its chain of causes, read from the Surefire and Failsafe reports
(<module>/target/{surefire,failsafe}-reports/TEST-*.xml) under a directory.

Maven's own summary gives one truncated line per failed test; for a context that did not load, that line is
"Failed to load ApplicationContext for [...]" and the reason is hundreds of lines further up, out of sight of
whoever reads the end of a CI log. This prints, at the end, each failure's first message line and every
"Caused by" with the frame that threw it.

Usage: failures.py [ROOT]   (default: the current directory). Prints nothing when no test failed; exits 0.
Only the standard library.
"""
import pathlib
import sys
import xml.etree.ElementTree as ElementTree

REPORT_DIRECTORIES = ("surefire-reports", "failsafe-reports")

# the message lines kept after the first (an assertion's expected and actual)
MESSAGE_LINES = 3

# the tests named in one entry of tests that failed alike
NAMES = 2

# a CI log's tail is read in a terminal or a web page: long lines (a context's whole configuration) are cut
LINE_LENGTH = 300


def summary(root):
    """The lines for every failed test under root, in module and report order; tests of one class that failed
    alike (such as those Spring skipped after their context failed) share one entry."""
    lines = []
    for report in sorted(reports(pathlib.Path(root))):
        module = report.parent.parent.parent.name
        try:
            suite = ElementTree.parse(report).getroot()
        except ElementTree.ParseError as ex:
            lines.append(f"{module} {report.name}: unreadable report ({ex})")
            continue
        alike = {}  # description -> the tests it describes, in order of first appearance
        for case in suite.iter("testcase"):
            for problem in case:
                if problem.tag in ("error", "failure"):
                    alike.setdefault(tuple(describe(problem)), []).append(case)
        for description, cases in alike.items():
            names = [case.get("name", "?") for case in cases]
            tests = ", ".join(names[:NAMES]) + (f" and {len(names) - NAMES} more" if len(names) > NAMES else "")
            lines.append(clip(f"{module} {short(cases[0].get('classname', '?'))}.{tests}: {description[0]}"))
            lines.extend(clip(line) for line in description[1:])
    return lines


def clip(line):
    return line if len(line) <= LINE_LENGTH else line[:LINE_LENGTH - 1] + "…"


def reports(root):
    for kind in REPORT_DIRECTORIES:
        yield from root.glob(f"*/target/{kind}/TEST-*.xml")


def short(class_name):
    return class_name.rsplit(".", 1)[-1]


def describe(problem):
    """The first line of the trace, the rest of the message, then each cause with the frame that threw it (or, with
    no cause, the failure's own first frame)."""
    trace = [line.strip() for line in (problem.text or "").strip().splitlines()]
    if not trace:
        return [f"{problem.get('type', '?')}: {problem.get('message', '')}".rstrip()]
    lines = [trace[0]]
    rest = trace[1:]
    frames_start = next((i for i, line in enumerate(rest) if line.startswith(("at ", "Caused by: "))), len(rest))
    lines.extend(f"  {line}" for line in rest[:min(frames_start, MESSAGE_LINES)])
    causes = [i for i, line in enumerate(rest) if line.startswith("Caused by: ")]
    if not causes and frames_start < len(rest):
        lines.append(f"    {rest[frames_start]}")
    for i in causes:
        lines.append(f"  caused by {rest[i][len('Caused by: '):]}")
        frame = rest[i + 1] if i + 1 < len(rest) else ""
        if frame.startswith("at "):
            lines.append(f"    {frame}")
    return lines


def main(argv):
    root = argv[1] if len(argv) > 1 else "."
    lines = summary(root)
    if lines:
        print("Failed tests and their causes (from the test reports):")
        for line in lines:
            print(line)


if __name__ == "__main__":
    main(sys.argv)
