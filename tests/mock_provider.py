#!/usr/bin/env python3
"""A mock LLM provider for `w2t probe` tests: loopback only, python3 stdlib only.

    python3 tests/mock_provider.py [--idle-exit SECONDS] [--require-key KEY] [--cors]

Binds 127.0.0.1 on a free port, prints the port on stdout, and exits by itself
after --idle-exit seconds without a request (default 20).

The URL path picks the scenario and the dialect:

    /<scenario>[-<number>]/<endpoint>

where <endpoint> is the dialect's own path: .../chat/completions (openai-chat),
.../responses (openai-responses), .../v1/messages (anthropic),
.../models/<model>:streamGenerateContent (gemini), .../api/chat (ollama).
The request body (and headers) are checked against what each dialect needs;
a wrong request gets a 400 whose message says what was wrong.

Scenarios:
    ok           a happy stream with usage (role-only first chunk where the dialect has one)
    ttft-N       headers, a role-only chunk and a keep-alive at once, then the first
                 content N ms later (default 150)
    keepalive    SSE comments (":") between every chunk
    nousage      a happy stream without any usage report
    reasoning    reasoning text first, then the answer
    utf8split    multi-byte characters cut across network writes
    slow-N       N ms between chunks (default 200), keep-alives in between; for --timeout-s
    stall-N      one chunk, then silence for N ms (default 5000); for --idle-timeout-s
    429          rate limited: JSON error, Retry-After
    401          JSON error that echoes the API key it got (tests redaction)
    403html      an HTML error page
    errorafter   200, some content, then an error inside the stream
    truncated    200, some content, a clean end without the dialect's terminator
    drop         200, some content, then the connection is cut mid-body
    badjson      200, an event that is not JSON
    flaky        every second request to the same path fails with HTTP 500; the others
                 are `ok` (flaky-N: the ok ones wait N ms before the first content)
    cold-N       keeps the connection open (HTTP/1.1 keep-alive); the first request on
                 each connection waits N ms before its first content (default 300),
                 later ones on the same connection 20 ms: a cold start to tell apart
    timed-N      like ttft-N, then 32 one-token chunks 5 ms apart (--timed-gap-ms; usage: 32 tokens); the
                 first chunk's text is "@<ms>|" with the mock's own measured gap between
                 sending the headers and that chunk, so a client's timing skew can be
                 told from the mock's (bench/probe_streams.py)
    prompt       the scenario (any of the above, e.g. "slow-20" or "429") is the text
                 of the request's last message: one URL, a mix of behaviours
GET /stats returns {"requests", "max_inflight", "connections"} so far (the
/stats request's own connection included).

--cors lets web pages on other origins call it, as the browser probe does:
every response carries Access-Control-Allow-Origin: * and an OPTIONS
preflight is answered (204, the asked-for headers allowed, cached 10 minutes).
"""
import argparse
import json
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit, parse_qs

STATE = {"last": time.monotonic(), "inflight": 0, "max_inflight": 0, "requests": 0}
LOCK = threading.Lock()
REQUIRE_KEY = None
CORS = False
TIMED_GAP_S = 0.005

ANSWER = ["Hello", ", wor", "ld! ", "How ", "are ", "you?"]
REASONING = ["Let me ", "think."]
PROMPT_TOKENS = 11
COMPLETION_TOKENS = 7  # what the usage report says: not the number of chunks (6)


def dialect_of(path):
    if path.endswith("/chat/completions"):
        return "openai-chat"
    if path.endswith("/responses"):
        return "openai-responses"
    if path.endswith("/v1/messages"):
        return "anthropic"
    if ":streamGenerateContent" in path:
        return "gemini"
    if path.endswith("/api/chat"):
        return "ollama"
    return None


# ---------------------------------------------------------------- stream pieces
def sse(obj, event=None):
    head = "event: %s\n" % event if event else ""
    return (head + "data: " + json.dumps(obj, ensure_ascii=False) + "\n\n").encode("utf-8")


def piece(dialect, kind, text="", usage=True):
    """The bytes of one stream element: start, role, content, reasoning, usage, end, error."""
    if dialect == "openai-chat":
        if kind == "start":
            return b""
        if kind == "role":
            return sse({"id": "c1", "object": "chat.completion.chunk",
                        "choices": [{"index": 0, "delta": {"role": "assistant", "content": ""}}]})
        if kind == "content":
            return sse({"id": "c1", "object": "chat.completion.chunk",
                        "choices": [{"index": 0, "delta": {"content": text}}]})
        if kind == "reasoning":
            return sse({"id": "c1", "object": "chat.completion.chunk",
                        "choices": [{"index": 0, "delta": {"reasoning_content": text}}]})
        if kind == "end":
            out = sse({"id": "c1", "object": "chat.completion.chunk",
                       "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]})
            if usage:
                out += sse({"id": "c1", "object": "chat.completion.chunk", "choices": [],
                            "usage": {"prompt_tokens": PROMPT_TOKENS, "completion_tokens": COMPLETION_TOKENS,
                                      "total_tokens": PROMPT_TOKENS + COMPLETION_TOKENS}})
            return out + b"data: [DONE]\n\n"
        if kind == "error":
            return sse({"error": {"message": text, "type": "server_error"}})
    if dialect == "openai-responses":
        if kind == "start":
            return sse({"type": "response.created", "response": {"id": "r1", "status": "in_progress"}},
                       "response.created")
        if kind == "role":
            return sse({"type": "response.output_item.added", "item": {"type": "message", "role": "assistant"}},
                       "response.output_item.added")
        if kind == "content":
            return sse({"type": "response.output_text.delta", "delta": text}, "response.output_text.delta")
        if kind == "reasoning":
            return sse({"type": "response.reasoning_summary_text.delta", "delta": text},
                       "response.reasoning_summary_text.delta")
        if kind == "end":
            resp = {"id": "r1", "status": "completed"}
            if usage:
                resp["usage"] = {"input_tokens": PROMPT_TOKENS, "output_tokens": COMPLETION_TOKENS}
            return sse({"type": "response.completed", "response": resp}, "response.completed")
        if kind == "error":
            return sse({"type": "error", "code": "server_error", "message": text}, "error")
    if dialect == "anthropic":
        if kind == "start":
            return sse({"type": "message_start", "message": {"id": "m1", "role": "assistant", "content": [],
                        "usage": {"input_tokens": PROMPT_TOKENS if usage else None, "output_tokens": 1}}},
                       "message_start")
        if kind == "role":
            return sse({"type": "content_block_start", "index": 0,
                        "content_block": {"type": "text", "text": ""}}, "content_block_start") + \
                sse({"type": "ping"}, "ping")
        if kind == "content":
            return sse({"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": text}},
                       "content_block_delta")
        if kind == "reasoning":
            return sse({"type": "content_block_delta", "index": 0,
                        "delta": {"type": "thinking_delta", "thinking": text}}, "content_block_delta")
        if kind == "end":
            md = {"type": "message_delta", "delta": {"stop_reason": "end_turn"}}
            if usage:
                md["usage"] = {"output_tokens": COMPLETION_TOKENS}
            return sse({"type": "content_block_stop", "index": 0}, "content_block_stop") + \
                sse(md, "message_delta") + sse({"type": "message_stop"}, "message_stop")
        if kind == "error":
            return sse({"type": "error", "error": {"type": "overloaded_error", "message": text}}, "error")
    if dialect == "gemini":
        if kind in ("start", "role"):
            return b""
        if kind == "content":
            return sse({"candidates": [{"content": {"parts": [{"text": text}], "role": "model"}, "index": 0}]})
        if kind == "reasoning":
            return sse({"candidates": [{"content": {"parts": [{"text": text, "thought": True}], "role": "model"}}]})
        if kind == "end":
            obj = {"candidates": [{"content": {"parts": [{"text": ""}], "role": "model"}, "finishReason": "STOP"}]}
            if usage:
                obj["usageMetadata"] = {"promptTokenCount": PROMPT_TOKENS, "candidatesTokenCount": COMPLETION_TOKENS,
                                        "totalTokenCount": PROMPT_TOKENS + COMPLETION_TOKENS}
            return sse(obj)
        if kind == "error":
            return sse({"error": {"code": 500, "message": text, "status": "INTERNAL"}})
    if dialect == "ollama":
        def line(obj):
            return (json.dumps(obj, ensure_ascii=False) + "\n").encode("utf-8")
        if kind == "start":
            return b""
        if kind == "role":
            return line({"model": "m", "message": {"role": "assistant", "content": ""}, "done": False})
        if kind == "content":
            return line({"model": "m", "message": {"role": "assistant", "content": text}, "done": False})
        if kind == "reasoning":
            return line({"model": "m", "message": {"role": "assistant", "content": "", "thinking": text},
                         "done": False})
        if kind == "end":
            obj = {"model": "m", "message": {"role": "assistant", "content": ""}, "done": True, "done_reason": "stop",
                   "total_duration": 120000000, "eval_duration": 90000000}
            if usage:
                obj.update({"prompt_eval_count": PROMPT_TOKENS, "eval_count": COMPLETION_TOKENS})
            return line(obj)
        if kind == "error":
            return line({"error": text})
    raise ValueError((dialect, kind))


def keepalive(dialect):
    return b"" if dialect == "ollama" else b": keep-alive\n\n"


# ---------------------------------------------------------------- request checks
def check_request(dialect, path, query, headers, body):
    """What is wrong with the request for its dialect, or None."""
    if headers.get("Content-Type", "") != "application/json":
        return "Content-Type must be application/json"
    if not isinstance(body, dict):
        return "body is not a JSON object"
    if dialect == "gemini":
        if query.get("alt") != ["sse"]:
            return "gemini needs ?alt=sse"
        if "/models/" not in path:
            return "gemini path needs /models/{model}"
        if not isinstance(body.get("contents"), list) or not body["contents"]:
            return "contents missing"
        if not isinstance(body.get("generationConfig", {}).get("maxOutputTokens"), int):
            return "generationConfig.maxOutputTokens missing"
        return None
    if not body.get("model"):
        return "model missing"
    if body.get("stream") is not True:
        return "stream must be true"
    if dialect == "openai-chat":
        if body.get("stream_options", {}).get("include_usage") is not True:
            return "stream_options.include_usage must be true"
        if not isinstance(body.get("max_tokens"), int):
            return "max_tokens missing"
        if not isinstance(body.get("messages"), list) or not body["messages"]:
            return "messages missing"
    elif dialect == "openai-responses":
        if not isinstance(body.get("max_output_tokens"), int):
            return "max_output_tokens missing"
        if not body.get("input"):
            return "input missing"
    elif dialect == "anthropic":
        if headers.get("anthropic-version") != "2023-06-01":
            return "anthropic-version: 2023-06-01 missing"
        if not isinstance(body.get("max_tokens"), int):
            return "max_tokens missing"
        if not isinstance(body.get("messages"), list) or not body["messages"]:
            return "messages missing"
        if any(m.get("role") == "system" for m in body["messages"]):
            return "system messages belong in 'system'"
    elif dialect == "ollama":
        if not isinstance(body.get("options", {}).get("num_predict"), int):
            return "options.num_predict missing"
        if not isinstance(body.get("messages"), list) or not body["messages"]:
            return "messages missing"
    return None


def presented_key(dialect, headers):
    if dialect == "anthropic":
        return headers.get("x-api-key")
    if dialect == "gemini":
        return headers.get("x-goog-api-key")
    auth = headers.get("Authorization", "")
    return auth[len("Bearer "):] if auth.startswith("Bearer ") else None


def scenario_from_prompt(dialect, body):
    """(scenario, param) from the text of the request's last message."""
    text = ""
    try:
        if dialect == "gemini":
            text = body["contents"][-1]["parts"][0]["text"]
        else:
            text = body["input" if dialect == "openai-responses" else "messages"][-1]["content"]
    except (KeyError, IndexError, TypeError):
        pass
    text = text.strip() if isinstance(text, str) else ""
    if "-" in text and text.rsplit("-", 1)[1].isdigit():
        name, p = text.rsplit("-", 1)
        return name, int(p)
    return text, None


# ---------------------------------------------------------------- handler
class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def setup(self):
        super().setup()
        self.served_on_connection = 0
        with LOCK:
            STATE["connections"] = STATE.get("connections", 0) + 1
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def end_headers(self):
        if CORS:
            self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("Access-Control-Expose-Headers", "Retry-After")
        super().end_headers()

    def do_OPTIONS(self):
        if not CORS:
            return self.send_plain(405, b"method not allowed", "text/plain")
        self.send_response(204)
        self.send_header("Access-Control-Allow-Methods", "POST, GET, OPTIONS")
        self.send_header("Access-Control-Allow-Headers",
                         self.headers.get("Access-Control-Request-Headers", "content-type, authorization"))
        self.send_header("Access-Control-Max-Age", "600")
        self.send_header("Content-Length", "0")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True

    def do_GET(self):
        if self.path == "/stats":
            with LOCK:
                body = json.dumps({"requests": STATE["requests"], "max_inflight": STATE["max_inflight"],
                                   "connections": STATE.get("connections", 0)}).encode()
            self.send_plain(200, body, "application/json")
        else:
            self.send_plain(404, b"not found", "text/plain")

    def send_plain(self, status, body, ctype, extra=()):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        for k, v in extra:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)
        self.close_connection = True

    def start_stream(self, dialect, keep_alive=False):
        self.send_response(200)
        self.send_header("Content-Type", "application/x-ndjson" if dialect == "ollama" else "text/event-stream")
        self.send_header("Transfer-Encoding", "chunked")
        self.send_header("Connection", "keep-alive" if keep_alive else "close")
        self.end_headers()
        self.wfile.flush()
        self.close_connection = not keep_alive

    def chunk(self, data):
        if data:
            self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
            self.wfile.flush()

    def end_chunks(self):
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()

    def do_POST(self):
        with LOCK:
            STATE["inflight"] += 1
            STATE["requests"] += 1
            STATE["max_inflight"] = max(STATE["max_inflight"], STATE["inflight"])
            STATE["last"] = time.monotonic()
        try:
            self.handle_post()
        except (BrokenPipeError, ConnectionResetError):
            pass
        finally:
            with LOCK:
                STATE["inflight"] -= 1
                STATE["last"] = time.monotonic()

    def handle_post(self):
        url = urlsplit(self.path)
        parts = url.path.split("/", 2)
        if len(parts) < 3:
            return self.send_plain(404, b'{"error":{"message":"no scenario"}}', "application/json")
        scenario, rest = parts[1], "/" + parts[2]
        param = None
        if "-" in scenario and scenario.rsplit("-", 1)[1].isdigit():
            scenario, p = scenario.rsplit("-", 1)
            param = int(p)
        dialect = dialect_of(rest)
        length = int(self.headers.get("Content-Length", "0"))
        raw = self.rfile.read(length)
        if dialect is None:
            return self.send_plain(404, b'{"error":{"message":"unknown endpoint"}}', "application/json")
        try:
            body = json.loads(raw)
        except ValueError:
            body = None
        problem = check_request(dialect, rest, parse_qs(url.query), self.headers, body)
        if problem:
            msg = json.dumps({"error": {"message": "mock: bad request: " + problem, "type": "invalid_request_error"}})
            return self.send_plain(400, msg.encode(), "application/json")
        key = presented_key(dialect, self.headers)
        self.served_on_connection += 1
        if scenario == "prompt":
            scenario, param = scenario_from_prompt(dialect, body)

        if scenario == "401" or (REQUIRE_KEY is not None and key != REQUIRE_KEY):
            msg = {"error": {"message": "Incorrect API key provided: %s" % key, "type": "invalid_request_error",
                             "code": "invalid_api_key"}}
            return self.send_plain(401, json.dumps(msg).encode(), "application/json")
        if scenario == "flaky":
            with LOCK:
                count = STATE.setdefault("flaky", {}).get(url.path, 0)
                STATE["flaky"][url.path] = count + 1
            if count % 2 == 1:
                msg = {"error": {"message": "mock: flaky failure", "type": "server_error"}}
                return self.send_plain(500, json.dumps(msg).encode(), "application/json")
            scenario = "ttft" if param else "ok"
        if scenario == "429":
            msg = {"error": {"message": "Rate limit reached for requests", "type": "rate_limit_error"}}
            return self.send_plain(429, json.dumps(msg).encode(), "application/json", [("Retry-After", "1")])
        if scenario == "403html":
            page = (b"<!DOCTYPE html><html><head><title>403 Forbidden</title><style>p{}</style></head>"
                    b"<body><h1>Access denied</h1><p>Your region is blocked.</p></body></html>")
            return self.send_plain(403, page, "text/html")

        self.start_stream(dialect, keep_alive=(scenario == "cold"))
        P = lambda kind, text="", usage=True: piece(dialect, kind, text, usage)  # noqa: E731
        gap = 0.005
        if scenario in ("ok", "keepalive", "nousage"):
            usage = scenario != "nousage"
            self.chunk(P("start") + P("role"))
            for t in ANSWER:
                time.sleep(gap)
                if scenario == "keepalive":
                    self.chunk(keepalive(dialect))
                    time.sleep(gap)
                self.chunk(P("content", t))
            time.sleep(gap)
            self.chunk(P("end", usage=usage))
        elif scenario == "ttft":
            delay = (param if param is not None else 150) / 1000.0
            self.chunk(P("start") + P("role") + keepalive(dialect))
            time.sleep(delay)
            for t in ANSWER:
                self.chunk(P("content", t))
                time.sleep(gap)
            self.chunk(P("end"))
        elif scenario == "cold":
            first = self.served_on_connection == 1
            delay = ((param if param is not None else 300) if first else 20) / 1000.0
            self.chunk(P("start") + P("role") + keepalive(dialect))
            time.sleep(delay)
            for t in ANSWER:
                self.chunk(P("content", t))
                time.sleep(gap)
            self.chunk(P("end"))
        elif scenario == "timed":
            delay = (param if param is not None else 150) / 1000.0
            self.chunk(P("start") + P("role") + keepalive(dialect))
            sent_headers = time.monotonic()
            time.sleep(delay)
            first = True
            for _ in range(32):
                text = "tok "
                if first:
                    text = "@%.3f|" % ((time.monotonic() - sent_headers) * 1000.0)
                    first = False
                self.chunk(P("content", text))
                time.sleep(TIMED_GAP_S)
            self.chunk(P("end").replace(b'"completion_tokens": %d' % COMPLETION_TOKENS, b'"completion_tokens": 32'))
        elif scenario == "reasoning":
            self.chunk(P("start") + P("role"))
            for t in REASONING:
                time.sleep(0.02)
                self.chunk(P("reasoning", t))
            time.sleep(0.05)
            for t in ANSWER:
                self.chunk(P("content", t))
                time.sleep(gap)
            self.chunk(P("end"))
        elif scenario == "utf8split":
            self.chunk(P("start") + P("role"))
            for t in ["h\u00e9llo ", "\u4e16\u754c ", "\U0001F30D!"]:
                data = P("content", t)
                # cut inside the first multi-byte character of the event
                cut = next(i for i, b in enumerate(data) if b >= 0x80) + 1
                self.chunk(data[:cut])
                time.sleep(0.02)
                self.chunk(data[cut:])
                time.sleep(gap)
            self.chunk(P("end"))
        elif scenario == "slow":
            step = (param if param is not None else 200) / 1000.0
            self.chunk(P("start") + P("role"))
            for i in range(60):
                self.chunk(P("content", "tick "))
                time.sleep(step / 2)
                self.chunk(keepalive(dialect) or P("content", ""))
                time.sleep(step / 2)
            self.chunk(P("end"))
        elif scenario == "stall":
            self.chunk(P("start") + P("role") + P("content", "Hello"))
            time.sleep((param if param is not None else 5000) / 1000.0)
            self.chunk(P("end"))
        elif scenario == "errorafter":
            self.chunk(P("start") + P("role"))
            for t in ANSWER[:3]:
                time.sleep(gap)
                self.chunk(P("content", t))
            self.chunk(P("error", "The server had an error while processing your request"))
        elif scenario == "truncated":
            self.chunk(P("start") + P("role"))
            for t in ANSWER[:3]:
                time.sleep(gap)
                self.chunk(P("content", t))
        elif scenario == "drop":
            self.chunk(P("start") + P("role"))
            for t in ANSWER[:3]:
                time.sleep(gap)
                self.chunk(P("content", t))
            self.wfile.write(b"40\r\npartial")  # a chunk that never completes
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        elif scenario == "badjson":
            self.chunk(P("start") + P("role") + P("content", "Hi"))
            self.chunk(b"{not json}\n" if dialect == "ollama" else b"data: {not json}\n\n")
            self.chunk(P("end"))
        else:
            self.chunk(P("error", "mock: unknown scenario " + scenario))
        self.end_chunks()


def main():
    global REQUIRE_KEY, CORS, TIMED_GAP_S
    ap = argparse.ArgumentParser()
    ap.add_argument("--idle-exit", type=float, default=20.0)
    ap.add_argument("--require-key", default=None)
    ap.add_argument("--cors", action="store_true", help="answer browsers on other origins (CORS)")
    ap.add_argument("--timed-gap-ms", type=float, default=5.0, help="gap between the timed-N scenario's tokens")
    args = ap.parse_args()
    TIMED_GAP_S = args.timed_gap_ms / 1000.0
    REQUIRE_KEY = args.require_key
    CORS = args.cors
    ThreadingHTTPServer.request_queue_size = 1024  # 256 clients connecting at once must not hit SYN retries
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(server.server_address[1], flush=True)

    def watchdog():
        while True:
            time.sleep(0.25)
            with LOCK:
                idle = STATE["inflight"] == 0 and time.monotonic() - STATE["last"] > args.idle_exit
            if idle:
                server.shutdown()
                return

    threading.Thread(target=watchdog, daemon=True).start()
    server.serve_forever(poll_interval=0.1)
    server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
