"""Reading Dockerfiles the way BuildKit does, as far as the delivery checks need it: instructions with their line
continuations, stages with their base images (global ARG defaults resolved), build arguments, and the ignore file
of a build context."""
import glob
import os
import re
import xml.etree.ElementTree as ET

_VARIABLE = re.compile(r"\$\{?(\w+)\}?")


def instructions(path):
    """[(OPCODE, arguments)] in file order; comments, blank lines and line continuations handled."""
    out, buf = [], ""
    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = raw.rstrip("\n")
            if not buf and (line.strip().startswith("#") or not line.strip()):
                continue
            if buf and line.strip().startswith("#"):
                continue
            if line.endswith("\\"):
                buf += line[:-1] + " "
                continue
            buf += line
            parts = buf.strip().split(None, 1)
            out.append((parts[0].upper(), parts[1] if len(parts) > 1 else ""))
            buf = ""
    return out


def substitute(text, values):
    """${NAME} and $NAME replaced where `values` knows NAME; anything else left as it is."""
    return _VARIABLE.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def stages(path):
    """[{name, base, instr, args}]: `args` holds each stage's ARG defaults (global ones too)."""
    global_args, out = {}, []
    for op, arg in instructions(path):
        if op == "FROM":
            words = [w for w in arg.split() if not w.startswith("--")]
            image = substitute(words[0], global_args)
            name = words[2] if len(words) >= 3 and words[1].upper() == "AS" else None
            out.append({"name": name, "base": image, "instr": [], "args": dict(global_args)})
        elif not out:
            if op == "ARG" and "=" in arg:  # an ARG without a default leaves ${NAME} unresolved
                k, _, v = arg.partition("=")
                global_args[k.strip()] = v.strip().strip('"')
        else:
            out[-1]["instr"].append((op, arg))
    return out


def stage_names(path):
    return {s["name"] for s in stages(path) if s["name"]} if os.path.isfile(path) else set()


def chain(stage, all_stages):
    """The stage and the stages it is built FROM, leaf first."""
    by_name = {s["name"]: s for s in all_stages if s["name"]}
    seen = []
    while stage is not None and stage not in seen:
        seen.append(stage)
        stage = by_name.get(stage["base"])
    return seen


def target_stage(path, target):
    """The stage `docker build --target` builds (the last one without a target); None when there is no such stage."""
    st = stages(path)
    if not st:
        return None
    if not target:
        return st[-1]
    return next((s for s in st if s["name"] == target), None)


def last(instr_chain, opcode):
    """The effective value of an instruction along a stage chain (the leaf's last one wins), or None."""
    for stage in instr_chain:
        for op, arg in reversed(stage["instr"]):
            if op == opcode:
                return arg
    return None


def healthcheck_of(path, target):
    """True when the image built for `target` has a HEALTHCHECK other than NONE."""
    stage = target_stage(path, target)
    if stage is None:
        return False
    hc = last(chain(stage, stages(path)), "HEALTHCHECK")
    return hc is not None and hc.strip().upper() != "NONE"


# ---------- ignore files ----------

def ignore_rules(dockerfile, context):
    """BuildKit's rules: <Dockerfile>.dockerignore next to the Dockerfile wins over the context's .dockerignore.
    Returns (the file used or None, [(negated, regex, line)])."""
    for f in (dockerfile + ".dockerignore", os.path.join(context, ".dockerignore")):
        if os.path.isfile(f):
            rules = []
            with open(f, encoding="utf-8") as fh:
                for line in fh:
                    line = line.strip()
                    if not line or line.startswith("#"):
                        continue
                    neg = line.startswith("!")
                    pat = os.path.normpath(line.lstrip("!").lstrip("/")).rstrip("/")
                    rules.append((neg, re.compile(_glob_regex(pat) + r"\Z"), line))
            return f, rules
    return None, []


def _glob_regex(pat):
    rx, i = "", 0
    while i < len(pat):
        if pat.startswith("**/", i):
            rx += "(?:.*/)?"
            i += 3
        elif pat.startswith("**", i):
            rx += ".*"
            i += 2
        elif pat[i] == "*":
            rx += "[^/]*"
            i += 1
        elif pat[i] == "?":
            rx += "[^/]"
            i += 1
        else:
            rx += re.escape(pat[i])
            i += 1
    return rx


def ignored(rel, rules):
    """The rule excluding `rel` (relative to the context), or None: the last matching rule wins, and a rule on a
    directory covers what is under it."""
    parts = rel.split("/")
    prefixes = ["/".join(parts[:i]) for i in range(1, len(parts) + 1)]
    hit = None
    for neg, rx, line in rules:
        if any(rx.match(p) for p in prefixes):
            hit = None if neg else line
    return hit


# ---------- checks ----------

def check(path, findings, root_ok=()):
    """Base images pinned, non-root USER owning none of the files copied in, HEALTHCHECK (or NONE), EXPOSE for
    services, no ADD <url>, and a JVM started with its options file. `root_ok`: Dockerfiles allowed to run as root
    (a warning instead)."""
    if not os.path.isfile(path):
        findings.add(path, "missing")
        return
    st = stages(path)
    if not st:
        findings.add(path, "no FROM")
        return
    names = {s["name"] for s in st if s["name"]}
    used = set()
    for s in st:
        base = s["base"]
        if base in names:
            used.add(base)
        elif "$" in base:
            findings.add(path, f"FROM {base}: unresolved variable (give the ARG a default before the first FROM)")
        elif base != "scratch":
            _check_pinned(path, base, findings)
        for op, arg in s["instr"]:
            if op in ("COPY", "ADD"):
                m = re.search(r"--from=(\S+)", arg)
                if m:
                    used.add(m.group(1))
            if op == "ADD" and re.search(r"https?://", arg):
                findings.add(path, "ADD <url>: download in a RUN with checksum verification instead")
            if "MaxRAMPercentage" in arg or "InitialRAMPercentage" in arg:
                findings.add(path, f"{op} sizes the heap as a share of the container's memory: give the service's "
                                   "JVM explicit sizes in its jvm.options instead")
    root_ok = {os.path.abspath(p) for p in root_ok}
    for leaf in [s for s in st if s["name"] not in used or s is st[-1]]:
        _check_leaf(path, leaf, chain(leaf, st), findings, os.path.abspath(path) in root_ok)


def _check_pinned(path, base, findings):
    last_part = base.rsplit("/", 1)[-1]
    if "@sha256:" in base:
        return
    if ":" not in last_part:
        findings.add(path, f"FROM {base}: untagged base image (pin a version tag)")
    elif last_part.endswith(":latest"):
        findings.add(path, f"FROM {base}: ':latest' is not a pinned version")
    elif not re.search(r"\d", last_part.split(":", 1)[1]):
        findings.add(path, f"FROM {base}: the tag names no version")


def _check_leaf(path, leaf, ch, findings, may_run_as_root):
    label = leaf["name"] or "(last stage)"
    user = last(ch, "USER")
    if user is None or user.split(":")[0] in ("root", "0"):
        if may_run_as_root:
            print(f"check-delivery: WARN: {findings.rel(path)} stage {label}: runs as root (allowed by DOCKERFILES_ROOT_OK)")
        else:
            findings.add(path, f"stage {label}: no non-root USER")
    else:
        # what the image runs must not belong to the user it runs as: the process could rewrite its own code
        who = user.split(":")[0]
        for s in ch:
            for op, arg in s["instr"]:
                m = re.search(r"--chown=([^\s:]+)", arg) if op in ("COPY", "ADD") else None
                if m and m.group(1) == who:
                    findings.add(path, f"stage {label}: {op} {arg.strip()}: the files belong to the user the image "
                                       f"runs as ({user}), who could rewrite them; copy them as root (--chown=0:0) "
                                       "and leave them read-only")
    hc = last(ch, "HEALTHCHECK")
    if hc is None:
        findings.add(path, f"stage {label}: no HEALTHCHECK (write HEALTHCHECK NONE if it needs none)")
    elif hc.strip().upper() != "NONE":
        if not any(op == "EXPOSE" for s in ch for op, _ in s["instr"]):
            findings.add(path, f"stage {label}: a service (has a HEALTHCHECK) without EXPOSE")
        if not re.search(r"\bCMD\b", hc):
            findings.add(path, f"stage {label}: HEALTHCHECK without CMD")
    entrypoint = last(ch, "ENTRYPOINT")
    if entrypoint and re.search(r'(^|[\["/ ])java"?[ ,]', entrypoint):
        argfile = re.search(r'"?@(/[^"\s,\]]+)', entrypoint)
        if not argfile:
            findings.add(path, f"stage {label}: starts java without an @argfile (the service's jvm.options)")
        elif not any(op == "COPY" and re.search(r"\s" + re.escape(argfile.group(1)) + r"\s*$", arg)
                     for s in ch for op, arg in s["instr"]):
            findings.add(path, f"stage {label}: ENTRYPOINT reads @{argfile.group(1)}, but no COPY puts a file there")


def check_copy_sources(dockerfile, context, findings, build_args=None):
    """COPY/ADD sources (not --from) must exist in the build context and not be excluded by its ignore file.
    `build_args` (e.g. MODULE) resolve ${NAME} in sources; a source with an unknown variable is not checked.
    A Dockerfile that copies the context's reactor pom.xml must copy every module's pom.xml and sources too."""
    ignore_file, rules = ignore_rules(dockerfile, context)
    copied = set()
    for s in stages(dockerfile):
        values = dict(s["args"])
        for op, arg in s["instr"]:
            if op == "ARG":
                k, _, v = arg.partition("=")
                k = k.strip()
                values[k] = (build_args or {}).get(k, v.strip().strip('"'))
                continue
            if op not in ("COPY", "ADD") or "--from=" in arg or "<<" in arg:
                continue
            words = [w for w in arg.split() if not w.startswith("--")]
            if words and words[0].startswith("["):
                continue
            for src in words[:-1]:
                src = substitute(src, {k: v for k, v in values.items() if v})
                if "$" in src:
                    continue
                copied.add(os.path.normpath(src))
                full = os.path.join(context, src)
                if not (os.path.exists(full) or glob.glob(full)):
                    findings.add(dockerfile, f"{op} {src}: not found in build context {findings.rel(context)}")
                rule = ignored(os.path.normpath(src), rules)
                if rule:
                    findings.add(dockerfile, f"{op} {src}: excluded by {findings.rel(ignore_file)} ({rule})")
    if "pom.xml" in copied:
        _check_reactor_copied(dockerfile, context, copied, findings)


def reactor_modules(pom):
    """The modules a build of `pom` always has (its own <modules>, not a profile's); [] when it is no reactor."""
    ns = {"m": "http://maven.apache.org/POM/4.0.0"}
    root = ET.parse(pom).getroot()
    return [m.text.strip() for m in root.findall("m:modules/m:module", ns) if m.text]


def _check_reactor_copied(dockerfile, context, copied, findings):
    """A Dockerfile that copies the reactor's pom.xml builds with Maven, which reads every module of the reactor
    (even with -pl): each module's pom.xml and sources must be copied too, or only a real image build would show it."""
    pom = os.path.join(context, "pom.xml")
    if not os.path.isfile(pom):
        return
    def covered(path):
        parts = path.split("/")
        return "." in copied or any("/".join(parts[:i]) in copied for i in range(1, len(parts) + 1))
    for module in reactor_modules(pom):
        for needed in (f"{module}/pom.xml", f"{module}/src"):
            if not covered(needed):
                findings.add(dockerfile, f"no COPY brings {needed}, but {module} is a module of the Maven reactor "
                                         f"({findings.rel(pom)}): the image's Maven build needs it")
