#!/usr/bin/env python3
"""How much the `w2t probe` client itself costs and skews, at 1, 16 and 256 streams.

    python3 bench/probe_streams.py path/to/w2t [--streams 1,16,256] [--waves 3] [--delay-ms 150]
                                               [--token-gap-ms 5]

Run by hand (not in the test suite); it stops by itself (every child has a timeout,
the mock exits when idle). Against tests/mock_provider.py on 127.0.0.1, scenario
timed-N: headers, then N ms, then 32 one-token chunks --token-gap-ms apart; the first chunk
carries the mock's own measured gap between its headers and that chunk.

Per level (C streams at once, `waves` x C requests):
  skew_ms       (ttft_ms - headers_ms) - the gap the mock measured: what the client
                adds (its event loop, parsing, scheduling) beyond what was sent
  ttft_err_ms   ttft_ms - injected delay: everything (connect, the mock's own
                lateness under load, the client)
  lost          requests whose text or token gaps are not exactly what was sent
  cpu_us/token  the w2t process's user+system CPU time / completion tokens
"""
import json
import os
import resource
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
MOCK = os.path.join(HERE, "..", "tests", "mock_provider.py")


def pct(values, p):
    v = sorted(values)
    if not v:
        return float("nan")
    r = p / 100 * (len(v) - 1)
    lo = int(r)
    hi = min(lo + 1, len(v) - 1)
    return v[lo] + (r - lo) * (v[hi] - v[lo])


def main():
    args = sys.argv[1:]
    if not args or args[0].startswith("-"):
        print(__doc__)
        return 2
    w2t = os.path.abspath(args[0])
    opts = dict(zip(args[1::2], args[2::2]))
    levels = [int(x) for x in opts.get("--streams", "1,16,256").split(",")]
    waves = int(opts.get("--waves", "3"))
    delay = int(opts.get("--delay-ms", "150"))
    gap_ms = opts.get("--token-gap-ms", "5")

    mock = subprocess.Popen([sys.executable, MOCK, "--idle-exit", "20", "--timed-gap-ms", gap_ms],
                            stdout=subprocess.PIPE, text=True)
    port = int(mock.stdout.readline())
    url = "http://127.0.0.1:%d/timed-%d/v1/chat/completions" % (port, delay)
    env = dict(os.environ, NO_PROXY="127.0.0.1", no_proxy="127.0.0.1")
    expected_text_tail = "tok " * 31
    rows = []
    try:
        for c in levels:
            runs = c * waves
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t0 = time.monotonic()
            p = subprocess.run([w2t, "probe", "--url", url, "--dialect", "openai-chat", "--model", "m",
                                "--prompt", "Count", "--max-tokens", "32", "--runs", str(runs),
                                "--concurrency", str(c), "--timeout-s", "60", "--json", "--quiet"],
                               capture_output=True, text=True, env=env, timeout=300)
            wall = time.monotonic() - t0
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu_s = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            sys_s = after.ru_stime - before.ru_stime
            j = json.loads(p.stdout)
            ok = [r for r in j["runs"] if r["outcome"] == "ok"]
            skew, err, lost, tokens = [], [], 0, 0
            for r in j["runs"]:
                content = r["content"] or ""
                head, _, tail = content.partition("|")
                if r["outcome"] != "ok" or not head.startswith("@") or tail != expected_text_tail \
                        or len(r["itl_ms"]) != 31:
                    lost += 1
                    continue
                mock_gap = float(head[1:])
                skew.append(r["ttft_ms"] - r["headers_ms"] - mock_gap)
                err.append(r["ttft_ms"] - delay)
                tokens += r["usage"]["completion_tokens"]
            row = {"streams": c, "requests": runs, "ok": len(ok), "lost": lost, "wall_s": round(wall, 2),
                   "skew_ms": {"p50": pct(skew, 50), "p95": pct(skew, 95), "max": max(skew) if skew else None},
                   "ttft_err_ms": {"p50": pct(err, 50), "p95": pct(err, 95), "max": max(err) if err else None},
                   "cpu_s": round(cpu_s, 3), "cpu_sys_s": round(sys_s, 3), "tokens": tokens,
                   "cpu_us_per_token": round(cpu_s / tokens * 1e6, 2) if tokens else None,
                   "cpu_us_per_request": round(cpu_s / runs * 1e6, 1)}
            rows.append(row)
            print("%4d streams: %4d/%d ok, lost %d; client skew p50 %+.3f p95 %+.3f max %+.3f ms; "
                  "ttft - injected p50 %+.2f p95 %+.2f max %+.2f ms; w2t CPU %.3f s = %.2f us/token, "
                  "%.0f us/request (%.0f %% system); wall %.2f s"
                  % (c, len(ok), runs, lost, row["skew_ms"]["p50"], row["skew_ms"]["p95"], row["skew_ms"]["max"] or 0,
                     row["ttft_err_ms"]["p50"], row["ttft_err_ms"]["p95"], row["ttft_err_ms"]["max"] or 0,
                     cpu_s, row["cpu_us_per_token"] or 0, row["cpu_us_per_request"], 100 * sys_s / cpu_s if cpu_s else 0,
                     wall), flush=True)
    finally:
        mock.terminate()
        mock.wait(timeout=10)
    print(json.dumps(rows))
    return 0 if all(r["lost"] == 0 for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
