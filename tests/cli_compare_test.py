#!/usr/bin/env python3
"""`w2t compare` against loopback mock providers (tests/mock_provider.py): python3 stdlib only.

    python3 tests/cli_compare_test.py path/to/w2t [-v]

Two mock servers with known delays (ttft-N), token counts (the mock reports 11 prompt
and 7 completion tokens) and prices: the ordering, p95s and costs come out as
scheduled; a provider failing half its runs (flaky) is reported as such; a provider
without usage is flagged; a baseline log with a missing field is an error naming the
line and the field; the JSON contract's keys; Markdown and CSV; --gate exits 3.
"""
import json
import os
import subprocess
import sys
import tempfile
import unittest
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
W2T = None
CHAT = "v1/chat/completions"
PROMPT_TOKENS, COMPLETION_TOKENS = 11, 7  # what mock_provider.py reports
CONTRACT_KEYS = {"name", "kind", "requests", "failed", "ttft_p50_ms", "ttft_p95_ms", "e2e_p95_ms",
                 "output_tok_s_p50", "usd_per_1k_tokens"}


class Mock:
    def __init__(self):
        self.proc = subprocess.Popen([sys.executable, os.path.join(HERE, "mock_provider.py"), "--idle-exit", "60"],
                                     stdout=subprocess.PIPE, text=True)
        self.port = int(self.proc.stdout.readline())

    def url(self, scenario):
        return "http://127.0.0.1:%d/%s/%s" % (self.port, scenario, CHAT)

    def stats(self):
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        with opener.open("http://127.0.0.1:%d/stats" % self.port, timeout=5) as r:
            return json.load(r)

    def close(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)
        self.proc.stdout.close()


def w2t(*args):
    env = dict(os.environ)
    env.update({"NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost"})
    p = subprocess.run([W2T, "compare", *args], capture_output=True, text=True, env=env, timeout=120)
    return p.returncode, p.stdout, p.stderr


def cost_per_1k(in_price, out_price):
    t = PROMPT_TOKENS + COMPLETION_TOKENS
    return (PROMPT_TOKENS * in_price + COMPLETION_TOKENS * out_price) / 1e6 / t * 1000


class CompareTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.a = Mock()
        cls.b = Mock()

    @classmethod
    def tearDownClass(cls):
        cls.a.close()
        cls.b.close()

    def write(self, text, suffix):
        f = tempfile.NamedTemporaryFile("w", suffix=suffix, delete=False)
        f.write(text)
        f.close()
        self.addCleanup(os.unlink, f.name)
        return f.name

    def workload(self, providers, runs=4):
        return self.write(json.dumps({"providers": providers, "prompts": [{"prompt": "Say hello"}],
                                      "max_tokens": 16, "runs": runs}), ".json")

    def provider(self, name, mock, scenario, price=None, **extra):
        p = {"name": name, "url": mock.url(scenario), "dialect": "openai-chat", "model": "m"}
        if price:
            p["price"] = {"input_usd_per_mtok": price[0], "output_usd_per_mtok": price[1]}
        p.update(extra)
        return p

    def run_json(self, *args, expect=0):
        code, out, err = w2t(*args, "--json")
        self.assertEqual(code, expect, err)
        return json.loads(out)["rows"], err

    def two_providers(self, runs=5):
        return self.workload([self.provider("fast", self.a, "ttft-40", (1.0, 2.0)),
                              self.provider("slow", self.b, "ttft-250", (0.5, 1.0))], runs)

    # ---------------------------------------------------------------- measured
    def test_ordering_p95s_and_costs_as_scheduled(self):
        rows, err = self.run_json("--workload", self.two_providers())
        self.assertIn("w2t compare: fast", err)  # progress on stderr
        self.assertEqual([r["name"] for r in rows], ["fast", "slow"])
        fast, slow = rows
        for r in rows:
            self.assertEqual(r["kind"], "measured")
            self.assertEqual((r["requests"], r["failed"]), (5, 0))
        self.assertGreaterEqual(fast["ttft_p95_ms"], 38)
        self.assertLess(fast["ttft_p95_ms"], 200)
        self.assertGreaterEqual(slow["ttft_p95_ms"], 248)
        self.assertLess(slow["ttft_p95_ms"], 1000)
        self.assertGreater(slow["e2e_p95_ms"], slow["ttft_p95_ms"])
        self.assertAlmostEqual(fast["usd_per_1k_tokens"], cost_per_1k(1.0, 2.0), places=12)
        self.assertAlmostEqual(slow["usd_per_1k_tokens"], cost_per_1k(0.5, 1.0), places=12)
        # The better value per column: fast on latency, slow on cost.
        self.assertIn("ttft_p95_ms", fast["best"])
        self.assertIn("usd_per_1k_tokens", slow["best"])
        self.assertNotIn("usd_per_1k_tokens", fast["best"])
        # Fewer than 20 requests: said plainly.
        self.assertTrue(any("< 20" in n for n in fast["notes"]), fast["notes"])

    def test_sort(self):
        path = self.two_providers(runs=2)
        rows, _ = self.run_json("--workload", path, "--sort", "cost", "--quiet")
        self.assertEqual([r["name"] for r in rows], ["slow", "fast"])
        rows, _ = self.run_json("--workload", path, "--sort", "p95", "--quiet")
        self.assertEqual([r["name"] for r in rows], ["fast", "slow"])
        code, _, err = w2t("--workload", path, "--sort", "colour")
        self.assertEqual(code, 2)
        self.assertIn("--sort", err)

    def test_half_failed_provider_reported_not_averaged_away(self):
        path = self.workload([self.provider("steady", self.a, "ok", (1, 1)),
                              self.provider("flaky", self.b, "flaky-30", (1, 1))], runs=6)
        rows, _ = self.run_json("--workload", path, "--quiet", expect=1)
        flaky = [r for r in rows if r["name"] == "flaky"][0]
        self.assertEqual((flaky["requests"], flaky["failed"]), (6, 3))
        self.assertTrue(any("FAILED 3 of 6" in n for n in flaky["notes"]), flaky["notes"])
        code, out, _ = w2t("--workload", path, "--quiet")
        self.assertEqual(code, 1)
        self.assertIn("flaky: FAILED 3 of 6 requests (3 http_error)", out)

    def test_no_usage_is_said_and_costs_nothing(self):
        path = self.workload([self.provider("silent", self.a, "nousage", (1, 1))], runs=2)
        rows, _ = self.run_json("--workload", path, "--quiet")
        self.assertIsNone(rows[0]["usd_per_1k_tokens"])
        self.assertTrue(any("sent no usage" in n for n in rows[0]["notes"]), rows[0]["notes"])

    # ---------------------------------------------------------------- baseline
    def test_baseline_from_log(self):
        lines = [{"latency_ms": 1000 + 100 * i, "ttft_ms": 100 + 10 * i, "prompt_tokens": 100,
                  "completion_tokens": 50, "cost_usd": 0.0003} for i in range(20)]
        lines[1] = {"latency_ms": 1100, "ttft_ms": 110, "usage": {"prompt_tokens": 100, "completion_tokens": 50},
                    "cost_usd": 0.0003}
        log = self.write("\n".join(json.dumps(l) for l in lines) + "\n\n", ".jsonl")
        rows, _ = self.run_json("--workload", self.two_providers(runs=1), "--baseline", log, "--quiet")
        base = rows[0]
        self.assertEqual((base["name"], base["kind"], base["requests"], base["failed"]), ("baseline", "baseline", 20, 0))
        # Linear interpolation: p95 of 100..290 step 10 is 100 + 0.95*19*10.
        self.assertAlmostEqual(base["ttft_p50_ms"], 195.0)
        self.assertAlmostEqual(base["ttft_p95_ms"], 100 + 0.95 * 19 * 10)
        self.assertAlmostEqual(base["e2e_p95_ms"], 1000 + 0.95 * 19 * 100)
        self.assertAlmostEqual(base["usd_per_1k_tokens"], 0.0003 / 150 * 1000)
        self.assertFalse(any("< 20" in n for n in base["notes"]), base["notes"])

    def test_log_with_missing_field_names_line_and_field(self):
        before = self.a.stats()["requests"]
        ok = json.dumps({"latency_ms": 900, "prompt_tokens": 1, "completion_tokens": 2})
        for bad, field in [(json.dumps({"ttft_ms": 5, "prompt_tokens": 1, "completion_tokens": 2}), "latency_ms"),
                           (json.dumps({"latency_ms": 5, "usage": {"prompt_tokens": 1}}), "usage.completion_tokens"),
                           (json.dumps({"latency_ms": 5, "prompt_tokens": 1}), "completion_tokens"),
                           (json.dumps({"latency_ms": "fast", "prompt_tokens": 1, "completion_tokens": 2}), "latency_ms"),
                           ("{not json", "")]:
            log = self.write(ok + "\n" + ok + "\n" + bad + "\n", ".jsonl")
            code, out, err = w2t("--workload", self.two_providers(runs=1), "--baseline", log)
            self.assertEqual(code, 2, err)
            self.assertEqual(out, "")
            self.assertIn("line 3", err)
            self.assertIn(field, err)
        self.assertEqual(self.a.stats()["requests"], before)  # nothing sent

    def test_provider_failing_half_its_runs_beside_a_baseline(self):
        log = self.write("\n".join(json.dumps({"latency_ms": 500, "ttft_ms": 50, "prompt_tokens": 10,
                                               "completion_tokens": 10}) for _ in range(3)) + "\n", ".jsonl")
        path = self.workload([self.provider("flaky", self.b, "flaky-20", (1, 1))], runs=8)
        code, out, err = w2t("--workload", path, "--baseline", log, "--quiet", "--markdown")
        self.assertEqual(code, 1, err)
        self.assertIn("| flaky | measured | 8 | 4 |", out)
        self.assertIn("- **flaky**: FAILED 4 of 8 requests (4 http_error); statistics are over the 4 ok", out)

    # ---------------------------------------------------------------- prices
    def test_price_from_the_price_table_said_where_it_came_from(self):
        table = json.loads(subprocess.run([W2T, "prices", "--provider", "openai", "--model", "gpt-4o-mini"],
                                          capture_output=True, text=True, check=True).stdout)["price"]
        path = self.workload([self.provider("openai", self.a, "ok", model="gpt-4o-mini"),
                              self.provider("own", self.b, "ok", (1.0, 2.0)),
                              self.provider("mystery", self.a, "ok")], runs=1)
        rows, _ = self.run_json("--workload", path, "--quiet")
        table_row, own, mystery = rows
        self.assertAlmostEqual(table_row["usd_per_1k_tokens"],
                               cost_per_1k(table["input_usd_per_mtok"], table["output_usd_per_mtok"]), places=12)
        self.assertTrue(any(n.startswith("price: the price table, @pydantic/genai-prices") and "gpt-4o-mini" in n
                            for n in table_row["notes"]), table_row["notes"])
        self.assertIn("price: the workload file", own["notes"])
        self.assertIsNone(mystery["usd_per_1k_tokens"])
        self.assertTrue(any("price table has none for provider 'mystery'" in n for n in mystery["notes"]),
                        mystery["notes"])
        # price_provider / price_model name the table's entry; a wrong one is an error naming the field.
        path = self.workload([self.provider("my-gateway", self.a, "ok", price_provider="openai",
                                            price_model="gpt-4o-mini")], runs=1)
        rows, _ = self.run_json("--workload", path, "--quiet")
        self.assertAlmostEqual(rows[0]["usd_per_1k_tokens"], table_row["usd_per_1k_tokens"], places=15)
        path = self.workload([self.provider("x", self.a, "ok", price_provider="no-such-provider-zz")], runs=1)
        code, out, err = w2t("--workload", path)
        self.assertEqual(code, 2)
        self.assertIn("providers[0].price_provider", err)

    # ---------------------------------------------------------------- prompts
    def test_prompts_from_the_baseline_log_are_sent(self):
        # The mock's "prompt" scenario acts out the message text: the log's prompts set the TTFT.
        lines = [{"latency_ms": 900, "prompt_tokens": 3, "completion_tokens": 7, "prompt": "ttft-300"},
                 {"latency_ms": 900, "usage": {"prompt_tokens": 3, "completion_tokens": 7},
                  "messages": [{"role": "system", "content": "be brief"}, {"role": "user", "content": "ttft-300"}]}]
        log = self.write("\n".join(json.dumps(l) for l in lines) + "\n", ".jsonl")
        path = self.workload([self.provider("p", self.a, "prompt", (1, 1))], runs=2)
        before = self.a.stats()["requests"]
        rows, err = self.run_json("--workload", path, "--baseline", log, "--prompts-from-baseline")
        self.assertIn("2 prompts from the baseline log", err)
        measured = rows[1]
        self.assertEqual((measured["requests"], measured["failed"]), (4, 0))  # 2 prompts x 2 runs
        self.assertGreaterEqual(measured["ttft_p50_ms"], 295)
        self.assertEqual(self.a.stats()["requests"] - before, 4)
        # Without the option the workload's prompt ("Say hello": an unknown scenario) is sent.
        # A log without prompts: an error naming the option, nothing sent.
        plain = self.write(json.dumps({"latency_ms": 1, "prompt_tokens": 1, "completion_tokens": 1}) + "\n", ".jsonl")
        code, _, err = w2t("--workload", path, "--baseline", plain, "--prompts-from-baseline")
        self.assertEqual(code, 2)
        self.assertIn("--prompts-from-baseline", err)
        bad = self.write(json.dumps({"latency_ms": 1, "prompt_tokens": 1, "completion_tokens": 1, "prompt": 5}) + "\n",
                         ".jsonl")
        code, _, err = w2t("--workload", path, "--baseline", bad, "--prompts-from-baseline")
        self.assertEqual(code, 2)
        self.assertIn("line 1: prompt", err)

    def test_prompt_file_and_max_prompts(self):
        prompts = self.write("\n".join(json.dumps({"prompt": "ttft-%d" % (100 + i)}) for i in range(5)) + "\n", ".jsonl")
        path = self.workload([self.provider("p", self.a, "prompt", (1, 1))], runs=1)
        rows, err = self.run_json("--workload", path, "--prompts", prompts, "--max-prompts", "3")
        self.assertIn("3 prompts from", err)
        self.assertIn("the first 3 of 5", err)
        self.assertEqual(rows[0]["requests"], 3)
        self.assertGreaterEqual(rows[0]["ttft_p50_ms"], 99)
        bad = self.write(json.dumps({"prompt": "ok"}) + "\n" + json.dumps({"text": "x"}) + "\n", ".jsonl")
        code, _, err = w2t("--workload", path, "--prompts", bad)
        self.assertEqual(code, 2)
        self.assertIn("--prompts: line 2: prompt", err)

    # ---------------------------------------------------------------- typed baseline
    def test_typed_in_baseline_row(self):
        path = self.two_providers(runs=1)
        rows, _ = self.run_json("--workload", path, "--quiet", "--baseline-ttft-p95-ms", "100",
                                "--baseline-usd-per-1k", "0.00001", "--baseline-requests", "5000")
        base = rows[0]
        self.assertEqual((base["kind"], base["name"], base["requests"]), ("baseline", "baseline", 5000))
        self.assertEqual(base["ttft_p95_ms"], 100)
        self.assertIsNone(base["e2e_p95_ms"])
        self.assertIn("usd_per_1k_tokens", base["best"])  # cheaper than both providers
        self.assertIn("typed in, not measured here", base["notes"])
        for args, field in [(["--baseline-ttft-p95-ms", "fast"], "--baseline-ttft-p95-ms"),
                            (["--baseline-usd-per-1k", "-1"], "--baseline-usd-per-1k"),
                            (["--baseline-requests", "10"], "--baseline-requests")]:
            code, out, err = w2t("--workload", path, *args)
            self.assertEqual(code, 2, err)
            self.assertIn(field, err)

    # ---------------------------------------------------------------- predicted
    def test_predicted_rows_beside_measured(self):
        path = self.workload([self.provider("gpu", self.a, "ok", (1, 2), hardware_id="h100-sxm",
                                            model_id="llama-3.1-8b", accelerator_count=1)], runs=2)
        rows, _ = self.run_json("--workload", path, "--quiet")
        self.assertEqual([r["kind"] for r in rows], ["measured", "predicted"])
        pred = rows[1]
        self.assertGreater(pred["ttft_p50_ms"], 0)
        self.assertGreater(pred["output_tok_s_p50"], 0)
        self.assertGreater(pred["usd_per_1k_tokens"], 0)
        self.assertEqual((pred["input_tokens"], pred["output_tokens"]), (PROMPT_TOKENS, COMPLETION_TOKENS))
        self.assertEqual(pred["best"], [])  # shown beside, not ranked
        code, _, err = w2t("--workload", self.workload([self.provider("x", self.a, "ok", hardware_id="no-such-chip",
                                                                      model_id="llama-3.1-8b")]))
        self.assertEqual(code, 2)
        self.assertIn("hardware_id", err)

    # ---------------------------------------------------------------- output
    def test_json_keys_of_the_contract(self):
        log = self.write(json.dumps({"latency_ms": 10, "prompt_tokens": 1, "completion_tokens": 1}) + "\n", ".jsonl")
        rows, _ = self.run_json("--workload", self.two_providers(runs=1), "--baseline", log, "--quiet")
        for r in rows:
            self.assertTrue(CONTRACT_KEYS <= set(r), set(r))
            self.assertIn(r["kind"], ("baseline", "measured", "predicted"))
        self.assertIsNone(rows[0]["ttft_p50_ms"])  # null where unknown
        self.assertIsNone(rows[0]["usd_per_1k_tokens"])

    def test_markdown_and_csv(self):
        path = self.two_providers(runs=2)
        code, out, err = w2t("--workload", path, "--markdown")
        self.assertEqual(code, 0, err)
        lines = out.splitlines()
        self.assertTrue(lines[0].startswith("| name | kind | requests |"), lines[0])
        self.assertTrue(lines[1].startswith("|---|---|"), lines[1])
        self.assertTrue(lines[2].startswith("| fast | measured | 2 | 0 |"), lines[2])
        self.assertIn("**", lines[2])
        self.assertNotIn("w2t compare:", out)  # progress stays on stderr
        code, out, _ = w2t("--workload", path, "--csv", "--quiet")
        self.assertEqual(code, 0)
        self.assertEqual(out.splitlines()[0], "name,kind,requests,failed,ttft_p50_ms,ttft_p95_ms,e2e_p95_ms,"
                                              "output_tok_s_p50,usd_per_1k_tokens,notes")
        code, _, err = w2t("--workload", path, "--csv", "--json")
        self.assertEqual(code, 2)

    def test_gate_exit_3(self):
        path = self.two_providers(runs=2)
        code, out, err = w2t("--workload", path, "--quiet", "--gate", "p95_ttft_ms<=200")
        self.assertEqual(code, 3, err)
        self.assertIn("slow: gate failed: p95_ttft_ms<=200", err)
        self.assertNotIn("fast: gate failed", err)
        code, _, err = w2t("--workload", path, "--quiet", "--gate", "ttft_p95_ms<=5000", "--gate",
                           "usd_per_1k_tokens<=0.01")
        self.assertEqual(code, 0, err)
        code, _, err = w2t("--workload", path, "--quiet", "--gate", "no_such_field<=1")
        self.assertEqual(code, 2)
        self.assertIn("no_such_field", err)


if __name__ == "__main__":
    W2T = os.path.abspath(sys.argv.pop(1))
    unittest.main()
