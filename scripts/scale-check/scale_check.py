#!/usr/bin/env python3
"""End to end on a stack with two of each service (scripts/stack.sh with STACK_REPLICAS=2), requests alternating
between the instances. Each check prints one line; any failure exits 1.

  sessions      a logout on edge A refuses the token on edge B at once
  refresh       a refresh-token reuse seen by one edge revokes the family on both
  rate-limit    the auth rate limit is one count across the edges
  relays        200 parallel changes through both edges: the feed holds each exactly once, in commit order
  events        an /events stream on edge A receives the changes made through edge B (whichever notifier stored them)
  hung          both notifiers stopped (SIGSTOP): /notifications is the edges' 503 and /tasks writes go on (an
                edge's 503 used to take it out of the balancer); then edge.1 and todo-core.1 stopped: requests
                in flight when they stopped are answered by the others, and every request after that at once
  failover      one instance of each kind killed under load: no acknowledged write lost, the feed still equals the
                committed changes, and once the balancer noticed no request fails

Usage: scale_check.py --edge URL --edge URL --balancer URL --pids DIR [--rate-limit N] [check ...]
Only the standard library: it runs wherever the stack does.
"""
import argparse
import concurrent.futures
import contextlib
import http.client
import json
import os
import random
import signal
import sys
import threading
import time
import urllib.parse

TIMEOUT = 15


class Failure(Exception):
    pass


# --- pure helpers (unit-tested in test_scale_check.py) -------------------------------------------------------------

def compare_feed(committed_task_ids, feed):
    """The feed (newest first, as GET /notifications lists it) against the tasks the changes committed, one
    task.created each. Returns a list of problems; empty when the feed is exactly those, once each, in order."""
    problems = []
    ids = [n["id"] for n in feed]
    if len(set(ids)) != len(ids):
        problems.append("a notification id appears twice")
    created = [n["task_id"] for n in feed if n.get("type") == "task.created"]
    seen, twice = set(), set()
    for task in created:
        (twice if task in seen else seen).add(task)
    if twice:
        problems.append(f"{len(twice)} task(s) announced twice, e.g. {sorted(twice)[:5]}")
    lost = set(committed_task_ids) - seen
    if lost:
        problems.append(f"{len(lost)} committed change(s) missing from the feed, e.g. {sorted(lost)[:5]}")
    extra = seen - set(committed_task_ids)
    if extra:
        problems.append(f"{len(extra)} notification(s) for tasks that do not exist, e.g. {sorted(extra)[:5]}")
    oldest_first = list(reversed(created))
    if oldest_first != sorted(oldest_first):
        problems.append("the feed's order is not the order the changes committed in")
    return problems


def parse_sse(lines):
    """Events of a text/event-stream given as an iterable of decoded lines: dicts with event, id, data."""
    event = {}
    for line in lines:
        line = line.rstrip("\r\n")
        if line == "":
            if "data" in event or "event" in event:
                yield event
            event = {}
        elif line.startswith(":"):
            continue
        else:
            field, _, value = line.partition(":")
            value = value[1:] if value.startswith(" ") else value
            if field == "data":
                event["data"] = event["data"] + "\n" + value if "data" in event else value
            elif field in ("event", "id", "retry"):
                event[field] = value


def failover_verdict(results, killed_at, settle_seconds):
    """results: (start time, method, status) of the requests made under load; killed_at: when the instances were
    killed. Returns problems: a request that failed (no answer, or 5xx) after killed_at + settle_seconds, and a
    method of the load that was not answered 2xx at all after it (no request made then shows nothing either way)."""
    problems = []
    settled = [(t, m, s) for (t, m, s) in results if t >= killed_at + settle_seconds]
    late = [(t, m, s) for (t, m, s) in settled if s is None or s >= 500]
    if late:
        problems.append(f"{len(late)} request(s) failed more than {settle_seconds}s after the kill, e.g. "
                        + ", ".join(f"{m} → {s}" for _, m, s in late[:5]))
    for method in sorted({m for (_, m, _) in results}):
        if not any(m == method and s is not None and 200 <= s < 300 for (_, m, s) in settled):
            problems.append(f"no {method} was answered 2xx more than {settle_seconds}s after the kill")
    return problems


def hung_verdict(in_flight, after, in_flight_bound, after_bound):
    """in_flight, after: (seconds, status) of the GETs sent when instances had just stopped, and of those sent once
    the balancer had met them. Returns problems: any answer but 200, one in flight slower than in_flight_bound (the
    balancer's read timeouts, edge's and todo-core's, with the retries), and one after slower than after_bound."""
    problems = [f"{label} GET answered {status} after {seconds:.1f}s" for label, answers in
                (("an in-flight", in_flight), ("a later", after)) for seconds, status in answers if status != 200]
    problems += [f"an in-flight GET took {seconds:.1f}s (bound {in_flight_bound}s)"
                 for seconds, status in in_flight if status == 200 and seconds > in_flight_bound]
    problems += [f"a later GET took {seconds:.1f}s (bound {after_bound}s): the stopped instance still gets requests"
                 for seconds, status in after if status == 200 and seconds > after_bound]
    return problems


def retry_after(status, headers):
    """Seconds to wait before repeating a request, when its answer asks for that: a 503 with Retry-After (the edge's
    answer when a dependency, e.g. its Redis revocation check, did not answer in time: the request was not
    forwarded, and the contract says it may be repeated). None for any other answer."""
    if status != 503:
        return None
    for name, value in headers:
        if name.lower() == "retry-after" and value.strip().isdigit():
            return int(value.strip())
    return None


def refresh_cookie(headers):
    """The refresh_token cookie's value from a response's Set-Cookie headers, or None (also when cleared)."""
    for name, value in headers:
        if name.lower() == "set-cookie" and value.startswith("refresh_token="):
            token = value.split(";", 1)[0][len("refresh_token="):]
            return token or None
    return None


# --- HTTP --------------------------------------------------------------------------------------------------------

class Client:
    """One caller: a fake client address (the edges believe X-Forwarded-For from loopback, so each check has an
    auth rate-limit budget of its own) and, once logged in, a bearer token."""

    def __init__(self, client_ip=None):
        self.ip = client_ip or f"198.51.100.{random.randint(1, 254)}"
        self.token = None
        self.user_id = None

    def call(self, base, method, path, body=None, headers=None, timeout=TIMEOUT):
        url = urllib.parse.urlsplit(base)
        connection = http.client.HTTPConnection(url.hostname, url.port, timeout=timeout)
        sent = {"Accept": "application/json", "X-Forwarded-For": self.ip}
        if self.token:
            sent["Authorization"] = "Bearer " + self.token
        if body is not None:
            sent["Content-Type"] = "application/json"
        sent.update(headers or {})
        try:
            connection.request(method, path, body=None if body is None else json.dumps(body), headers=sent)
            response = connection.getresponse()
            raw = response.read()
            parsed = json.loads(raw) if raw and "json" in (response.getheader("Content-Type") or "") else None
            return response.status, parsed, response.getheaders()
        finally:
            connection.close()

    def register_and_login(self, base, label):
        email = f"scale-{label}-{time.time_ns()}-{random.randint(0, 1 << 30)}@example.com"
        credentials = {"email": email, "password": "scale-check-password-1"}
        status, _, _ = self.call(base, "POST", "/auth/register", credentials)
        expect(status == 201, f"register: HTTP {status}")
        status, body, headers = self.call(base, "POST", "/auth/login", credentials)
        expect(status == 200, f"login: HTTP {status}")
        self.token = body["access_token"]
        self.user_id = body["user"]["id"]
        return credentials, refresh_cookie(headers)

    def feed(self, base):
        """The caller's whole feed, newest first, page by page."""
        notifications, before = [], None
        while True:
            path = "/notifications?limit=200" + (f"&before={before}" if before else "")
            status, page, _ = self.call(base, "GET", path)
            expect(status == 200, f"GET {path}: HTTP {status}")
            notifications += page
            if len(page) < 200:
                return notifications
            before = page[-1]["id"]

    def tasks(self, base):
        status, tasks, _ = self.call(base, "GET", "/tasks")
        expect(status == 200, f"GET /tasks: HTTP {status}")
        return tasks


def expect(condition, message):
    if not condition:
        raise Failure(message)


def wait_for(condition, seconds, message, interval=0.5):
    deadline = time.monotonic() + seconds
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise Failure(message)
        time.sleep(interval)


# --- the checks ----------------------------------------------------------------------------------------------------

def check_sessions(args):
    a, b = args.edge
    user = Client()
    user.register_and_login(a, "sessions")
    status, _, _ = user.call(b, "GET", "/tasks")
    expect(status == 200, f"the token before logout on edge B: HTTP {status}")
    status, _, _ = user.call(a, "POST", "/auth/logout")
    expect(status == 200, f"logout on edge A: HTTP {status}")
    status, body, _ = user.call(b, "GET", "/tasks")
    expect(status == 401, f"the logged-out token on edge B right after the logout on A: HTTP {status}, expected 401")
    return f"logout on A, the token refused on B at once ({body.get('code') if body else '?'})"


def check_refresh(args):
    a, b = args.edge
    user = Client()
    _, first = user.register_and_login(a, "refresh")
    expect(first, "login set no refresh cookie")
    status, _, headers = user.call(b, "POST", "/auth/refresh", headers={"Cookie": "refresh_token=" + first})
    second = refresh_cookie(headers)
    expect(status == 200 and second, f"refresh on edge B: HTTP {status}")
    # within REFRESH_REUSE_GRACE (two tabs refreshing at once) the other edge hands out the same new token
    status, _, headers = user.call(a, "POST", "/auth/refresh", headers={"Cookie": "refresh_token=" + first})
    expect(status == 200 and refresh_cookie(headers) == second,
           f"the just-rotated token on edge A within the grace: HTTP {status}, expected the same new token as B's")
    time.sleep(args.refresh_grace + 1)
    status, body, _ = user.call(a, "POST", "/auth/refresh", headers={"Cookie": "refresh_token=" + first})
    expect(status == 401 and body and body.get("code") == "token_revoked",
           f"reusing the rotated token on edge A after the grace: HTTP {status}, expected 401 token_revoked")
    status, body, _ = user.call(b, "POST", "/auth/refresh", headers={"Cookie": "refresh_token=" + second})
    expect(status == 401, f"the family's newest token on edge B after the reuse on A: HTTP {status}, expected 401")
    return "rotated on B, the same pair on A within the grace, a reuse on A after it revoked the family on B too"


def check_rate_limit(args):
    limit = args.rate_limit
    caller = Client(f"203.0.113.{random.randint(1, 254)}")
    statuses = []
    for attempt in range(2 * limit):
        edge = args.edge[attempt % 2]
        status, _, _ = caller.call(edge, "POST", "/auth/login",
                                   {"email": "nobody-scale@example.com", "password": "wrong-password-1"})
        statuses.append(status)
    accepted = [s for s in statuses if s != 429]
    expect(len(accepted) == limit and all(s == 429 for s in statuses[limit:]),
           f"{2 * limit} logins alternating between the edges: {statuses}; expected {limit} counted once, then 429")
    return f"{limit} logins alternating between the edges, then 429 on both"


def check_relays(args):
    a, b = args.edge
    user = Client()
    user.register_and_login(a, "relays")
    changes = 200

    repeated = []

    def create(i):
        # as a client should: an answer that asks to be repeated later is (at most 3 times), and counted
        for attempt in range(4):
            status, task, headers = user.call(args.edge[i % 2], "POST", "/tasks", {"title": f"parallel {i}"})
            wait = retry_after(status, headers)
            if wait is None or attempt == 3:
                break
            repeated.append(i)
            time.sleep(wait)
        expect(status == 201, f"POST /tasks #{i}: HTTP {status}")
        return task["id"]

    with concurrent.futures.ThreadPoolExecutor(max_workers=16) as pool:
        created = list(pool.map(create, range(changes)))
    expect(len(set(created)) == changes, "two creates answered the same task id")
    feed = wait_for(lambda: (lambda f: f if len(f) >= changes else None)(user.feed(b)), args.drain,
                    f"the feed did not reach {changes} notifications within {args.drain}s")
    time.sleep(2)  # anything sent twice would arrive now
    problems = compare_feed(created, user.feed(a))
    expect(not problems, "; ".join(problems))
    note = f" ({len(repeated)} answered 503 with Retry-After under the load and were repeated)" if repeated else ""
    return f"{changes} parallel changes through both edges: {len(feed)} notifications, each once, in order{note}"


def check_events(args):
    a, b = args.edge
    user = Client()
    user.register_and_login(a, "events")
    url = urllib.parse.urlsplit(a)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=TIMEOUT)
    connection.request("GET", "/events", headers={"Accept": "text/event-stream", "X-Forwarded-For": user.ip,
                                                  "Authorization": "Bearer " + user.token})
    response = connection.getresponse()
    expect(response.status == 200, f"GET /events on edge A: HTTP {response.status}")
    lines = (raw.decode("utf-8") for raw in iter(response.readline, b""))
    first = next(lines)
    expect(first.startswith(":"), f"the stream did not open with a comment: {first!r}")
    changes = 6  # round robin over two notifiers: both store some of them
    titles = [f"through B {i}" for i in range(changes)]
    for title in titles:
        status, _, _ = user.call(b, "POST", "/tasks", {"title": title})
        expect(status == 201, f"POST /tasks on edge B: HTTP {status}")
    received = []
    try:
        for event in parse_sse(lines):
            if event.get("event") != "task.created":
                raise Failure(f"unexpected event on the stream: {event}")
            received.append(json.loads(event["data"])["notification"]["title"])
            if len(received) == changes:
                break
    except TimeoutError as ex:
        raise Failure(f"the stream on A got {received} of {titles} within {TIMEOUT}s") from ex
    finally:
        connection.close()
    expect(received == titles, f"the stream on A got {received}, expected {titles}")
    return f"a stream on edge A received the {changes} changes made through edge B, in order"


@contextlib.contextmanager
def stopped(args, *names):
    """The instances stopped (SIGSTOP, as a hung process: it still accepts connections) for the block, then
    continued."""
    pids = []
    for name in names:
        with open(os.path.join(args.pids, name + ".pid")) as f:
            pids.append(int(f.read().strip()))
    for pid in pids:
        os.kill(pid, signal.SIGSTOP)
    try:
        yield
    finally:
        for pid in pids:
            os.kill(pid, signal.SIGCONT)


def check_hung(args):
    balancer = args.balancer
    user = Client()
    user.register_and_login(args.edge[0], "hung")
    with stopped(args, "notifier.1", "notifier.2"):
        for _ in range(4):
            status, body, headers = user.call(balancer, "GET", "/notifications")
            expect(status == 503 and retry_after(status, headers) is not None,
                   f"GET /notifications with both notifiers stopped: HTTP {status} {body}, expected the edge's 503 "
                   "with Retry-After")
        for i in range(6):
            status, body, _ = user.call(balancer, "POST", "/tasks", {"title": f"notifiers stopped {i}"})
            expect(status == 201, f"POST /tasks with both notifiers stopped: HTTP {status} {body}")
    # the notifiers, silent past the balancer's read timeout, are skipped for its fail_timeout (30 s): the rest of
    # this check takes longer, and uses none

    def timed_get():
        started = time.monotonic()
        try:
            status, _, _ = user.call(balancer, "GET", "/tasks", timeout=60)
        except (OSError, http.client.HTTPException):
            status = None
        return time.monotonic() - started, status

    with stopped(args, "edge.1", "todo-core.1"):
        with concurrent.futures.ThreadPoolExecutor(4) as pool:
            in_flight = list(pool.map(lambda _: timed_get(), range(4)))
        met = time.monotonic()  # the balancer has met both silences by now, and skips them for fail_timeout
        after = [timed_get() for _ in range(6)]
    problems = hung_verdict(in_flight, after, in_flight_bound=45, after_bound=2)
    # continued, they are back once fail_timeout (30 s) has passed: until then a kill of the other instance (the
    # failover check) would leave the balancer none to send to
    time.sleep(max(0.0, met + 31 - time.monotonic()))
    expect(not problems, "; ".join(problems))
    return (f"with both notifiers stopped, /notifications was the edges' 503 and 6 writes went through; with edge.1 "
            f"and todo-core.1 stopped, 4 GETs in flight answered 200 within {max(t for t, _ in in_flight):.1f}s, "
            f"the next 6 within {max(t for t, _ in after):.2f}s")


def check_failover(args):
    balancer = args.balancer
    writer = Client()
    writer.register_and_login(args.edge[0], "failover")
    results, acknowledged, lock = [], [], threading.Lock()
    stop = threading.Event()

    def load(worker):
        i = 0
        while not stop.is_set():
            i += 1
            started = time.monotonic()
            method = "POST" if i % 2 else "GET"
            try:
                if method == "POST":
                    status, task, _ = writer.call(balancer, "POST", "/tasks", {"title": f"load {worker}.{i}"})
                    if status == 201:
                        with lock:
                            acknowledged.append(task["id"])
                else:
                    status, _, _ = writer.call(balancer, "GET", "/tasks?limit=20")
            except (OSError, http.client.HTTPException):
                status = None
            with lock:
                results.append((started, method, status))

    workers = [threading.Thread(target=load, args=(w,), daemon=True) for w in range(args.load_workers)]
    for worker in workers:
        worker.start()
    time.sleep(args.load_seconds)
    killed_at = time.monotonic()
    for name in ("edge.2", "todo-core.2", "notifier.2"):
        with open(os.path.join(args.pids, name + ".pid")) as f:
            os.kill(int(f.read().strip()), signal.SIGKILL)
    time.sleep(args.settle + args.load_seconds)
    stop.set()
    for worker in workers:
        worker.join(TIMEOUT + 5)

    problems = failover_verdict(results, killed_at, args.settle)
    committed = [task["id"] for task in writer.tasks(args.edge[0])]
    lost = set(acknowledged) - set(committed)
    if lost:
        problems.append(f"{len(lost)} acknowledged write(s) lost, e.g. {sorted(lost)[:5]}")
    # the killed relay's claimed events come back after their lease; the rest drain at once
    try:
        wait_for(lambda: len(writer.feed(args.edge[0])) >= len(committed), args.drain,
                 f"the feed did not catch up with the {len(committed)} committed writes within {args.drain}s", 2)
    except Failure as ex:
        problems.append(str(ex))
    problems += compare_feed(committed, writer.feed(args.edge[0]))
    expect(not problems, "; ".join(problems))
    failed_early = sum(1 for (t, _, s) in results if t < killed_at + args.settle and (s is None or s >= 500))
    return (f"edge.2, todo-core.2 and notifier.2 killed under load: {len(results)} requests, {len(acknowledged)} "
            f"writes acknowledged, none lost, the feed equals the {len(committed)} committed ones; "
            f"{failed_early} failed within {args.settle}s of the kill, none after")


CHECKS = {"sessions": check_sessions, "refresh": check_refresh, "rate-limit": check_rate_limit,
          "relays": check_relays, "events": check_events, "hung": check_hung, "failover": check_failover}


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--edge", action="append", required=True, help="an edge instance's URL (twice)")
    parser.add_argument("--balancer", required=True, help="the balancer's URL for the edges")
    parser.add_argument("--pids", required=True, help="the stack's pid directory (for failover)")
    parser.add_argument("--rate-limit", type=int, default=10, help="AUTH_RATE_LIMIT_PER_MINUTE of the edges")
    parser.add_argument("--refresh-grace", type=float, default=5, help="REFRESH_REUSE_GRACE of the edges (s)")
    parser.add_argument("--drain", type=float, default=90, help="seconds the feed may take to catch up")
    parser.add_argument("--settle", type=float, default=5, help="seconds the balancer may take to notice a kill")
    parser.add_argument("--load-seconds", type=float, default=5)
    parser.add_argument("--load-workers", type=int, default=6)
    parser.add_argument("checks", nargs="*", help="some of: " + " ".join(CHECKS) + " (default: all, in that order)")
    args = parser.parse_args(argv)
    if len(args.edge) != 2:
        parser.error("give exactly two --edge URLs")
    unknown = [name for name in args.checks if name not in CHECKS]
    if unknown:
        parser.error(f"unknown check(s) {unknown}: one of {list(CHECKS)}")
    failed = 0
    for name in args.checks or list(CHECKS):
        started = time.monotonic()
        try:
            outcome = CHECKS[name](args)
            print(f"scale: ok   {name}: {outcome} ({time.monotonic() - started:.1f}s)", flush=True)
        except (Failure, OSError, http.client.HTTPException) as ex:
            failed += 1
            print(f"scale: FAIL {name}: {ex}", flush=True)
    print("scale: PASS" if not failed else f"scale: {failed} check(s) failed", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
