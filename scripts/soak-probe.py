#!/usr/bin/env python3
"""Soak test of `w2t probe` (issue 19): many requests, faulty streams mixed in.

    python3 scripts/soak-probe.py path/to/w2t [--requests 10000] [--concurrency 64]

Runs by hand (not in the test suite) and stops by itself (w2t has a wall-clock
limit, the mock exits when idle). One `w2t probe --workload` run against
tests/mock_provider.py on 127.0.0.1; the mock's `prompt` scenario makes each
prompt a behaviour, sent round-robin so faults interleave with good streams:

    ok, ttft-30, slow-5 (60 chunks over ~300 ms with keep-alives), truncated,
    429, 403html, flaky (every second one HTTP 500), errorafter, drop, badjson

Checks, each of which fails the run (exit 1):
  - every request is in the output exactly once: (prompt_index, run_index)
    pairs complete, no duplicates, summary.requests and the mock's own request
    count both equal --requests;
  - each prompt's requests have the outcome its behaviour must give (flaky:
    ok and http_error alternate, so the counts differ by at most one);
  - memory: w2t's RSS, sampled every 0.25 s beside the number of finished
    requests (its progress lines), grows by no more than the results it keeps
    (the JSON it prints at the end) warrant: from 10 % of the requests done to
    the last sample before all are done, growth <= 4 x output bytes per
    request + 1 MB. (It keeps every result until it prints them, so RSS is
    not constant; a leak per request or per connection would exceed this.)
Prints the samples' summary and one JSON line with the numbers.
"""
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
MOCK = os.path.join(HERE, "..", "tests", "mock_provider.py")

BEHAVIOURS = [  # prompt text -> the outcome every request with it must have
    ("ok", "ok"),
    ("ttft-30", "ok"),
    ("slow-5", "ok"),
    ("truncated", "truncated"),
    ("429", "http_error"),
    ("403html", "http_error"),
    ("flaky", "flaky"),
    ("errorafter", "stream_error"),
    ("drop", "stream_error"),
    ("badjson", "stream_error"),
]


def rss_kb(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def main():
    args = sys.argv[1:]
    if not args or args[0].startswith("-"):
        print(__doc__)
        return 2
    w2t = os.path.abspath(args[0])
    opts = dict(zip(args[1::2], args[2::2]))
    total = int(opts.get("--requests", "10000"))
    concurrency = int(opts.get("--concurrency", "64"))
    if total % len(BEHAVIOURS):
        print("--requests must be a multiple of %d" % len(BEHAVIOURS))
        return 2
    runs = total // len(BEHAVIOURS)

    mock = subprocess.Popen([sys.executable, MOCK, "--idle-exit", "30"], stdout=subprocess.PIPE, text=True)
    port = int(mock.stdout.readline())
    tmp = tempfile.mkdtemp(prefix="w2t-soak-")
    workload = os.path.join(tmp, "workload.json")
    with open(workload, "w") as f:
        json.dump({"providers": [{"name": "mock", "url": "http://127.0.0.1:%d/prompt/v1/chat/completions" % port,
                                  "dialect": "openai-chat", "model": "m"}],
                   "prompts": [{"prompt": text} for text, _ in BEHAVIOURS],
                   "max_tokens": 64, "runs": runs, "concurrency": concurrency}, f)
    out_path, err_path = os.path.join(tmp, "out.json"), os.path.join(tmp, "err.txt")
    env = dict(os.environ, NO_PROXY="127.0.0.1", no_proxy="127.0.0.1")
    failures = []
    samples = []  # (seconds, finished requests, rss kB)
    t0 = time.monotonic()
    with open(out_path, "w") as out, open(err_path, "w") as err:
        proc = subprocess.Popen([w2t, "probe", "--workload", workload, "--json", "--timeout-s", "30",
                                 "--idle-timeout-s", "10"], stdout=out, stderr=err, env=env)

        def sample():
            while proc.poll() is None:
                kb = rss_kb(proc.pid)
                try:
                    with open(err_path, "rb") as f:
                        done = f.read().count(b"\n")
                except OSError:
                    done = 0
                if kb is not None:
                    samples.append((time.monotonic() - t0, max(0, done - 1), kb))  # less the "N requests to" line
                time.sleep(0.25)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        try:
            code = proc.wait(timeout=1800)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            failures.append("w2t did not finish within 30 minutes")
            code = None
        sampler.join(timeout=5)
    wall = time.monotonic() - t0
    try:
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        with opener.open("http://127.0.0.1:%d/stats" % port, timeout=5) as r:
            mock_stats = json.load(r)
    finally:
        mock.terminate()
        mock.wait(timeout=10)

    out_bytes = os.path.getsize(out_path)
    with open(out_path) as f:
        result = json.load(f)
    prov = result["providers"][0]
    records = prov["runs"]
    summary = prov["summary"]

    # Accounting: every (prompt, run) exactly once.
    pairs = [(r["prompt_index"], r["run_index"]) for r in records]
    if len(records) != total:
        failures.append("%d results for %d requests" % (len(records), total))
    if len(set(pairs)) != len(pairs):
        failures.append("%d duplicated results" % (len(pairs) - len(set(pairs))))
    if set(pairs) != {(p, k) for p in range(len(BEHAVIOURS)) for k in range(runs)}:
        failures.append("results missing for some (prompt, run) pairs")
    if summary["requests"] != total:
        failures.append("summary.requests = %s" % summary["requests"])
    if mock_stats["requests"] != total:
        failures.append("the mock saw %d requests" % mock_stats["requests"])
    if code != 1:  # some requests fail by design: exit 1, not 0, 2 or a crash
        failures.append("exit code %s (expected 1: some requests fail by design)" % code)

    # Outcomes per behaviour.
    by_prompt = {}
    for r in records:
        by_prompt.setdefault(r["prompt_index"], {}).setdefault(r["outcome"], 0)
        by_prompt[r["prompt_index"]][r["outcome"]] += 1
    for i, (text, expected) in enumerate(BEHAVIOURS):
        got = by_prompt.get(i, {})
        if expected == "flaky":
            ok_n, err_n = got.get("ok", 0), got.get("http_error", 0)
            if ok_n + err_n != runs or abs(ok_n - err_n) > 1:
                failures.append("flaky: %r" % got)
        elif got != {expected: runs}:
            failures.append("%s: expected %d %s, got %r" % (text, runs, expected, got))

    # Memory: growth after the first 10 % vs what the kept results warrant.
    bytes_per_request = out_bytes / total
    # While requests run (the last phase, building and printing the JSON, is the output itself).
    warm = [s for s in samples if total * 0.1 <= s[1] < total]
    growth_kb = slope_b = None
    if len(warm) >= 2:
        first, last = warm[0], warm[-1]
        growth_kb = last[2] - first[2]
        done = max(1, last[1] - first[1])
        slope_b = growth_kb * 1024.0 / done
        allowed_kb = (4 * bytes_per_request * done) / 1024.0 + 1024
        if growth_kb > allowed_kb:
            failures.append("RSS grew %d kB over %d requests (allowed %.0f kB)" % (growth_kb, done, allowed_kb))
    else:
        failures.append("too few RSS samples")
    peak = max((s[2] for s in samples), default=0)

    report = {"requests": total, "concurrency": concurrency, "wall_s": round(wall, 1),
              "requests_per_s": round(total / wall, 1), "exit_code": code,
              "outcomes": summary["outcomes"], "mock_requests": mock_stats["requests"],
              "mock_max_inflight": mock_stats["max_inflight"],
              "rss_kb_at_10pct": warm[0][2] if warm else None, "rss_kb_end": warm[-1][2] if warm else None,
              "rss_kb_peak": peak, "rss_growth_bytes_per_request": round(slope_b, 1) if slope_b else slope_b,
              "output_bytes_per_request": round(bytes_per_request, 1), "samples": len(samples),
              "failures": failures}
    for frac in (0.1, 0.25, 0.5, 0.75, 1.0):
        near = [s for s in samples if s[1] >= total * frac - 1]
        if near:
            print("  %5d requests done at %6.1f s: RSS %7d kB" % (near[0][1], near[0][0], near[0][2]))
    print(json.dumps(report))
    if failures:
        print("FAILED:\n  " + "\n  ".join(failures))
        return 1
    print("soak passed: %d requests, every one accounted for" % total)
    return 0


if __name__ == "__main__":
    sys.exit(main())
