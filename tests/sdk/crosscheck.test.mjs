// The probe core checked against the providers' official clients.
//
// Every fixture stream (tests/data/streams/fixtures.hpp, taken from the probe core
// module itself) and every mock-provider scenario (tests/mock_provider.py) is served
// from a loopback HTTP server and consumed with the provider's own SDK from npm
// (openai, @anthropic-ai/sdk, @google/genai, ollama); the SSE bytes are also parsed
// with eventsource-parser. The core (tests/probe_node/probe_replay.cpp, WebAssembly)
// replays the very same bytes; the test asserts that both reconstruct the same text,
// reasoning, usage and error. Where an SDK and the core disagree, DIFFERENCES below
// asserts the difference explicitly and says which side is right and why: a new or
// vanished difference fails the test.
//
//   W2T_WASM_BUILD_DIR=build/wasm node --test tests/sdk/crosscheck.test.mjs
//   (W2T_CROSSCHECK_VERBOSE=1 prints every case's two views)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import { Ollama } from 'ollama';
import { createParser } from 'eventsource-parser';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const wasmDir = path.resolve(repo, process.env.W2T_WASM_BUILD_DIR || 'build/wasm');
const verbose = !!process.env.W2T_CROSSCHECK_VERBOSE;
const require = createRequire(import.meta.url);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let core;         // the Embind module
let server;       // the loopback server: /fixture/<name>/... and /mock/<scenario>/... (a proxy)
let base;         // http://127.0.0.1:<port>
let mock;         // the python mock provider
let mockPort;
const captures = new Map();  // mock scenario path -> Promise<{status, chunks, cut}>

// ------------------------------------------------------------------ serving

const FIXTURES = new Map();  // name -> {dialect, http_status, bytes}

function contentType(dialect, status, bytes) {
  if (status >= 200 && status < 300) return dialect === 'ollama' ? 'application/x-ndjson' : 'text/event-stream';
  return bytes.toString('latin1').trimStart().startsWith('<') ? 'text/html' : 'application/json';
}

// Where a fixture is cut into network writes: after every blank line that ends an
// event, between the CR and LF of a CRLF blank line, and after the first byte of
// every multi-byte UTF-8 character (so a client gets the character in two reads).
function pieces(bytes) {
  const cuts = new Set();
  for (let i = 0; i < bytes.length; ++i) {
    if (bytes[i] === 0x0a && bytes[i - 1] === 0x0a) cuts.add(i + 1);
    if (bytes[i] === 0x0a && bytes[i - 1] === 0x0d && bytes[i - 2] === 0x0a) { cuts.add(i + 1); cuts.add(i); }
    if (bytes[i] >= 0xc0) cuts.add(i + 1);
  }
  const sorted = [...cuts].filter((c) => c > 0 && c < bytes.length).sort((a, b) => a - b);
  const out = [];
  let at = 0;
  for (const c of sorted) { out.push(bytes.subarray(at, c)); at = c; }
  out.push(bytes.subarray(at));
  return out.filter((p) => p.length > 0);
}

async function serveFixture(name, req, res) {
  const f = FIXTURES.get(name);
  req.resume();
  if (!f) { res.writeHead(404).end(); return; }
  res.writeHead(f.http_status, { 'Content-Type': contentType(f.dialect, f.http_status, f.bytes) });
  for (const p of pieces(f.bytes)) {
    res.write(p);
    await sleep(3);  // separate reads on the client
  }
  res.end();
}

// Forwards to the mock provider and records the body exactly as it arrived
// (chunk by chunk, and whether the connection was cut), so the core replays
// what the SDK was given.
function proxyMock(rest, req, res) {
  let resolve;
  captures.set(rest.split('?')[0], new Promise((r) => { resolve = r; }));
  const up = http.request({ host: '127.0.0.1', port: mockPort, path: rest, method: req.method, headers: req.headers },
    (upRes) => {
      const rec = { status: upRes.statusCode, chunks: [], cut: false };
      const headers = { ...upRes.headers };
      delete headers['transfer-encoding'];
      delete headers['content-length'];
      delete headers.connection;
      res.writeHead(upRes.statusCode, headers);
      res.flushHeaders();
      upRes.on('data', (c) => { rec.chunks.push(Buffer.from(c)); if (!res.destroyed) res.write(c); });
      upRes.on('end', () => { if (!rec.cut) { res.end(); resolve(rec); } });
      const cut = () => { if (rec.cut) return; rec.cut = true; res.destroy(); resolve(rec); };
      upRes.on('aborted', cut);
      upRes.on('error', cut);
    });
  up.on('error', (e) => { res.destroy(); resolve({ status: 0, chunks: [], cut: true, error: e.message }); });
  req.pipe(up);
}

function startMock() {
  return new Promise((resolve, reject) => {
    mock = spawn('python3', [path.join(repo, 'tests/mock_provider.py'), '--idle-exit', '120'],
                 { stdio: ['ignore', 'pipe', 'inherit'] });
    mock.on('error', reject);
    mock.stdout.once('data', (d) => resolve(Number(String(d).trim())));
  });
}

before(async () => {
  const createProbeReplay = require(path.join(wasmDir, 'tests/probe_node/probe_replay.js'));
  // The wasm bytes handed over: Emscripten 3.1.6 would fetch() a file path, which
  // node's fetch (needed by the SDKs) rejects.
  core = await createProbeReplay({ wasmBinary: fs.readFileSync(path.join(wasmDir, 'tests/probe_node/probe_replay.wasm')) });
  for (const f of JSON.parse(core.fixtures()))
    FIXTURES.set(f.name, { ...f, bytes: Buffer.from(core.fixture(f.name)) });  // copy out of wasm memory
  mockPort = await startMock();
  server = http.createServer((req, res) => {
    const m = req.url.match(/^\/(fixture|mock)\/([^/]+)(\/.*)$/);
    if (!m) { res.writeHead(404).end(); return; }
    if (m[1] === 'fixture') serveFixture(m[2], req, res).catch(() => res.destroy());
    else proxyMock(`/${m[2]}${m[3]}`, req, res);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${server.address().port}`;
});

after(async () => {
  server?.closeAllConnections?.();
  await new Promise((r) => server?.close(r));
  if (mock && mock.exitCode === null) mock.kill();
});

// ------------------------------------------------------------------ the two views

// Usage as the providers' docs define it, reduced to three numbers.
const usage = (prompt, completion, reasoning) => {
  const u = { prompt_tokens: prompt ?? null, completion_tokens: completion ?? null, reasoning_tokens: reasoning ?? null };
  return u.prompt_tokens === null && u.completion_tokens === null && u.reasoning_tokens === null ? null : u;
};

function errorOf(e) {
  return { error: e?.message ?? String(e), error_class: e?.constructor?.name ?? typeof e, status: e?.status ?? e?.status_code ?? null };
}

// Each SDK consumer returns {content, reasoning, usage, error, error_class, status}.
// @anthropic-ai/sdk 1.x sends `anthropic-version: 2026-10-21` by default; w2t probe
// (and so the mock provider) speaks 2023-06-01, the version whose stream format the
// core decodes. Pinned here so both sides speak the same version.
const anthropicClient = (url) => new Anthropic({ apiKey: 'sk-ant-test', baseURL: url, maxRetries: 0, timeout: 20000,
                                                 defaultHeaders: { 'anthropic-version': '2023-06-01' } });

const SDK = {
  async 'openai.chat'(url) {
    const client = new OpenAI({ apiKey: 'sk-test', baseURL: `${url}/v1`, maxRetries: 0, timeout: 20000 });
    const out = { content: '', reasoning: '', usage: null, error: null };
    try {
      const stream = await client.chat.completions.create({
        model: 'm', messages: [{ role: 'user', content: 'Hi' }], max_tokens: 16,
        stream: true, stream_options: { include_usage: true } });
      for await (const chunk of stream) {
        const delta = chunk.choices?.[0]?.delta ?? {};
        out.content += delta.content ?? '';
        out.reasoning += delta.reasoning_content ?? delta.reasoning ?? '';  // DeepSeek/vLLM; OpenRouter/Groq
        const u = chunk.usage ?? chunk.x_groq?.usage;  // Groq reports in x_groq.usage
        if (u) out.usage = usage(u.prompt_tokens, u.completion_tokens, u.completion_tokens_details?.reasoning_tokens);
      }
    } catch (e) { Object.assign(out, errorOf(e)); }
    return out;
  },
  async 'openai.responses'(url) {
    const client = new OpenAI({ apiKey: 'sk-test', baseURL: `${url}/v1`, maxRetries: 0, timeout: 20000 });
    const out = { content: '', reasoning: '', usage: null, error: null };
    try {
      const stream = await client.responses.create({ model: 'm', input: 'Hi', max_output_tokens: 16, stream: true });
      for await (const ev of stream) {
        if (ev.type === 'response.output_text.delta' || ev.type === 'response.refusal.delta') out.content += ev.delta;
        if (ev.type === 'response.reasoning_text.delta' || ev.type === 'response.reasoning_summary_text.delta')
          out.reasoning += ev.delta;
        if (ev.response?.usage) {
          const u = ev.response.usage;
          out.usage = usage(u.input_tokens, u.output_tokens, u.output_tokens_details?.reasoning_tokens);
        }
        // The SDK hands these over as events; they are how the API reports a failure.
        if (ev.type === 'error') out.error ??= ev.message ?? ev.error?.message ?? 'error event';
        if (ev.type === 'response.failed') out.error ??= ev.response?.error?.message ?? 'response.failed';
      }
    } catch (e) { Object.assign(out, errorOf(e)); }
    return out;
  },
  async 'anthropic.create'(url) {
    const client = anthropicClient(url);
    const out = { content: '', reasoning: '', usage: null, error: null };
    let prompt = null, completion = null;
    try {
      const stream = await client.messages.create({
        model: 'm', max_tokens: 16, messages: [{ role: 'user', content: 'Hi' }], stream: true });
      for await (const ev of stream) {
        if (ev.type === 'message_start') {
          const u = ev.message?.usage ?? {};
          if (u.input_tokens != null)
            prompt = u.input_tokens + (u.cache_creation_input_tokens ?? 0) + (u.cache_read_input_tokens ?? 0);
        }
        if (ev.type === 'content_block_delta' && ev.delta.type === 'text_delta') out.content += ev.delta.text;
        if (ev.type === 'content_block_delta' && ev.delta.type === 'thinking_delta') out.reasoning += ev.delta.thinking;
        if (ev.type === 'message_delta' && ev.usage?.output_tokens != null) completion = ev.usage.output_tokens;
      }
    } catch (e) { Object.assign(out, errorOf(e)); }
    out.usage = usage(prompt, completion);
    return out;
  },
  // The helper: text and thinking from its 'text' / 'thinking' events (as a UI
  // would show them), usage from finalMessage().
  async 'anthropic.stream'(url) {
    const client = anthropicClient(url);
    const out = { content: '', reasoning: '', usage: null, error: null };
    try {
      const stream = client.messages.stream({ model: 'm', max_tokens: 16, messages: [{ role: 'user', content: 'Hi' }] });
      stream.on('text', (delta) => { out.content += delta; });
      stream.on('thinking', (delta) => { out.reasoning += delta; });
      const msg = await stream.finalMessage();
      const u = msg.usage ?? {};
      out.usage = usage(u.input_tokens == null ? null
        : u.input_tokens + (u.cache_creation_input_tokens ?? 0) + (u.cache_read_input_tokens ?? 0), u.output_tokens);
    } catch (e) { Object.assign(out, errorOf(e)); }
    return out;
  },
  async 'genai'(url) {
    const ai = new GoogleGenAI({ apiKey: 'test-key', httpOptions: { baseUrl: url } });
    const out = { content: '', reasoning: '', usage: null, error: null };
    try {
      const stream = await ai.models.generateContentStream({
        model: 'gemini-2.5-flash', contents: 'Hi',
        config: { maxOutputTokens: 16, thinkingConfig: { includeThoughts: true } } });
      for await (const chunk of stream) {
        for (const part of chunk.candidates?.[0]?.content?.parts ?? []) {
          if (part.thought) out.reasoning += part.text ?? '';
          else out.content += part.text ?? '';
        }
        const u = chunk.usageMetadata;
        if (u) {
          const completion = u.candidatesTokenCount == null && u.thoughtsTokenCount == null ? null
            : (u.candidatesTokenCount ?? 0) + (u.thoughtsTokenCount ?? 0);  // candidates exclude thoughts
          out.usage = usage(u.promptTokenCount, completion, u.thoughtsTokenCount);
        }
      }
    } catch (e) { Object.assign(out, errorOf(e)); }
    return out;
  },
  async 'ollama'(url) {
    const client = new Ollama({ host: url });
    const out = { content: '', reasoning: '', usage: null, error: null };
    const warn = console.warn;
    const warnings = [];
    console.warn = (...a) => warnings.push(a.join(' '));  // ollama-js warns about lines it skips
    try {
      const stream = await client.chat({ model: 'm', messages: [{ role: 'user', content: 'Hi' }], stream: true,
                                         think: true, options: { num_predict: 16 } });
      for await (const part of stream) {
        out.content += part.message?.content ?? '';
        out.reasoning += part.message?.thinking ?? '';
        if (part.done) out.usage = usage(part.prompt_eval_count, part.eval_count);
      }
    } catch (e) { Object.assign(out, errorOf(e)); } finally { console.warn = warn; }
    out.warnings = warnings;
    return out;
  },
};

const SDKS_FOR = {
  'openai-chat': ['openai.chat'],
  'openai-responses': ['openai.responses'],
  anthropic: ['anthropic.create', 'anthropic.stream'],
  gemini: ['genai'],
  ollama: ['ollama'],
};

// The core's record reduced to the same view. An estimated completion count is
// the core's own guess (flagged usage_estimated), not something a provider said.
function coreView(rec) {
  const u = rec.usage ?? {};
  return {
    content: rec.content, reasoning: rec.reasoning,
    usage: usage(u.prompt_tokens, rec.usage_estimated ? null : u.completion_tokens, u.reasoning_tokens),
    error: rec.outcome === 'ok' ? null : rec.error, outcome: rec.outcome, finish_reason: rec.finish_reason,
  };
}

// "message (kind)" -> "message": the core appends the error's type.
const bare = (msg) => msg.replace(/ \([^()]*\)$/, '');

// ------------------------------------------------------------------ known differences
// Key: "<sdk> <stream>" where stream is fixture:<name> or mock:<dialect>/<scenario>.
// Each entry asserts the difference exactly and says who is right.

// An HTML error page: the SDKs put the page itself into the error message (openai:
// "403 <!DOCTYPE html>...", @google/genai: the page inside a JSON string, ollama: the
// page); the core extracts "<title>: <visible text>". Core right for a report: the
// same facts (status, title, text), readable; markup and scripts dropped.
const HTML_PAGE_VERBATIM = (why) => ({
  why,
  check(sdk, core) {
    assert.equal(core.outcome, 'http_error');
    assert.match(sdk.error, /<title>403 Forbidden<\/title>/);
    assert.match(core.error, /^403 Forbidden: /);
    assert.ok(!/[<>]/.test(core.error), 'no markup in the core message');
    for (const words of core.error.replace(/^403 Forbidden: /, '').split(/ (?=nginx$)/))
      assert.ok(sdk.error.replace(/&amp;/g, '&').replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').includes(words),
                `the SDK message has "${words}" too`);
    assert.equal(sdk.usage, null);
    assert.equal(core.usage, null);
  },
});

// A stream that ended without its terminator: the SDK ends its iterator normally.
const TRUNCATION_IGNORED = (why) => ({
  why,
  check(sdk, core) {
    assert.equal(sdk.error, null, 'the SDK returns normally');
    assert.equal(core.outcome, 'truncated');
    assert.match(core.error, /^stream ended without/);
    assert.equal(sdk.content, core.content);
    assert.equal(sdk.reasoning, core.reasoning);
    assert.deepEqual(sdk.usage, core.usage);
  },
});

// An event that is not JSON, with the rest of the stream (the end and its usage
// report) after it. The SDKs throw a SyntaxError at that event and stop reading;
// the core records stream_error too, but keeps decoding, so it still has the usage
// the provider reported afterwards. Both right about the outcome (an error); the
// core is right to keep the counts: they are the provider's own numbers for this
// request, and a probe reports what was received, not what a caller could use.
const MALFORMED_EVENT_STOPS_SDK = (why) => ({
  why,
  check(sdk, core) {
    assert.equal(sdk.error_class, 'SyntaxError');
    assert.equal(core.outcome, 'stream_error');
    assert.match(core.error, /^malformed event: .* is not a JSON object: \{not json\}/);
    assert.equal(sdk.content, core.content);
    assert.equal(sdk.usage, null, 'the SDK never reached the usage report');
    assert.deepEqual(core.usage, { prompt_tokens: 11, completion_tokens: 7, reasoning_tokens: null });
  },
});

const DIFFERENCES = {
  // Core right: a chat stream ends with `data: [DONE]`; without it the answer may be
  // cut short (a proxy that drops the upstream often closes its own side cleanly).
  // The openai SDK ends its iterator at EOF whether or not [DONE] came, so its caller
  // cannot tell a cut answer from a whole one.
  'openai.chat fixture:truncated': TRUNCATION_IGNORED('openai SDK ignores a missing [DONE]'),
  'openai.chat mock:openai-chat/truncated': TRUNCATION_IGNORED('openai SDK ignores a missing [DONE]'),
  // Core right: the Responses API ends every stream with response.completed /
  // incomplete / failed; the SDK does not check that one came.
  'openai.responses mock:openai-responses/truncated':
    TRUNCATION_IGNORED('openai SDK ignores a missing response.completed'),
  // Core right: a Messages stream ends with message_stop. The raw event iterator of
  // create({stream: true}) does not check for it.
  'anthropic.create mock:anthropic/truncated':
    TRUNCATION_IGNORED('anthropic create({stream: true}) ignores a missing message_stop'),
  // Core right: Gemini's last chunk carries finishReason; the SDK does not require it.
  'genai mock:gemini/truncated': TRUNCATION_IGNORED('@google/genai ignores a missing finishReason'),

  'openai.chat fixture:error_403_html': HTML_PAGE_VERBATIM('openai SDK: the HTML page as the message'),
  'openai.chat mock:openai-chat/403html': HTML_PAGE_VERBATIM('openai SDK: the HTML page as the message'),
  'openai.responses mock:openai-responses/403html': HTML_PAGE_VERBATIM('openai SDK: the HTML page as the message'),
  'genai mock:gemini/403html': HTML_PAGE_VERBATIM('@google/genai: the HTML page inside a JSON string'),
  'ollama mock:ollama/403html': HTML_PAGE_VERBATIM('ollama-js: the HTML page as the message'),
  'anthropic.create mock:anthropic/403html': HTML_PAGE_VERBATIM('anthropic SDK: the HTML page as the message'),
  'anthropic.stream mock:anthropic/403html': HTML_PAGE_VERBATIM('anthropic SDK: the HTML page as the message'),

  'openai.chat mock:openai-chat/badjson': MALFORMED_EVENT_STOPS_SDK('openai SDK throws at the bad event'),
  'openai.responses mock:openai-responses/badjson': MALFORMED_EVENT_STOPS_SDK('openai SDK throws at the bad event'),
  'genai mock:gemini/badjson': MALFORMED_EVENT_STOPS_SDK('@google/genai throws at the bad event'),

  // Core right: ollama-js skips a line that is not JSON (console.warn "invalid json")
  // and returns normally, so a corrupted stream looks whole; Ollama never sends such
  // a line, and the core reports the stream as broken.
  'ollama mock:ollama/badjson': {
    why: 'ollama-js skips a line that is not JSON',
    check(sdk, core) {
      assert.equal(sdk.error, null);
      assert.deepEqual(sdk.warnings, ['invalid json:  {not json}']);
      assert.equal(core.outcome, 'stream_error');
      assert.match(core.error, /^malformed event: ollama line is not a JSON object/);
      assert.equal(sdk.content, core.content);
      assert.deepEqual(sdk.usage, core.usage);
    },
  },

  // Core right: the error body is OpenAI-shaped ({"error": {"message", "type"}}), as
  // OpenAI-compatible servers in front of Ollama send it; ollama-js assumes Ollama's
  // own {"error": "text"} and reports "[object Object]". The core finds the message.
  ...Object.fromEntries(['429', '401'].map((s) => [`ollama mock:ollama/${s}`, {
    why: 'ollama-js: an object-shaped error body becomes "[object Object]"',
    check(sdk, core) {
      assert.equal(sdk.error, '[object Object]');
      assert.equal(sdk.status, Number(s));
      assert.equal(core.outcome, 'http_error');
      assert.match(core.error, s === '429' ? /^Rate limit reached/ : /^Incorrect API key provided/);
    },
  }])),

  // Both right, different API shapes: MessageStream.finalMessage() rejects when the
  // stream fails (an `error` event, a cut connection, no message_stop) and drops the
  // snapshot it had, so a caller loses message_start's input_tokens; the core keeps
  // them (the provider did report them) next to the same error. The streamed text
  // agrees.
  ...Object.fromEntries([['fixture:anthropic_overloaded', 10, /Overloaded/],
                         ['mock:anthropic/errorafter', 11, /The server had an error/],
                         ['mock:anthropic/truncated', 11, /stream ended without producing a Message/],
                         ['mock:anthropic/drop', 11, /terminated/]].map(([stream, prompt, message]) => [
    `anthropic.stream ${stream}`, {
      why: 'MessageStream drops the message snapshot (and its usage) when the stream fails',
      check(sdk, core) {
        assert.match(sdk.error, message);
        assert.notEqual(core.outcome, 'ok');
        assert.equal(sdk.content, core.content);
        assert.equal(sdk.usage, null);
        assert.deepEqual(core.usage, { prompt_tokens: prompt, completion_tokens: null, reasoning_tokens: null });
      },
    }])),

  // Core right: a message_delta without `usage` (the mock's nousage scenario; some
  // Anthropic-compatible servers do this) crashes MessageStream's accumulator
  // ("Cannot read properties of undefined (reading 'output_tokens')") after the whole
  // answer arrived, message_stop included. The core reports the complete answer,
  // with an estimated count flagged usage_estimated.
  'anthropic.stream mock:anthropic/nousage': {
    why: 'MessageStream crashes on a message_delta without usage',
    check(sdk, core) {
      assert.match(sdk.error, /reading 'output_tokens'/);
      assert.equal(core.outcome, 'ok');
      assert.equal(sdk.content, core.content);
      assert.deepEqual(core.usage, { prompt_tokens: 11, completion_tokens: null, reasoning_tokens: null });
    },
  },

  // The SDK is right that this stream is off-spec, the core's reading is the useful
  // one for a probe: the mock sends its thinking_delta events inside the *text* block
  // it opened (a real Messages stream opens a `thinking` block first, as the
  // `anthropic` fixture does, where both agree). MessageStream applies a
  // thinking_delta only to a thinking block and drops the text; the core decodes each
  // delta by its own type and keeps it as reasoning. (The raw create() iterator,
  // which has no block bookkeeping, agrees with the core.)
  'anthropic.stream mock:anthropic/reasoning': {
    why: 'MessageStream drops thinking_delta inside a text block (the mock stream is off-spec)',
    check(sdk, core) {
      assert.equal(sdk.reasoning, '');
      assert.equal(core.reasoning, 'Let me think.');
      assert.equal(sdk.content, core.content);
      assert.deepEqual(sdk.usage, core.usage);
      assert.equal(sdk.error, null);
      assert.equal(core.outcome, 'ok');
    },
  },

  // Core right: an event without an `event:` name whose data is not JSON. The
  // anthropic SDK only parses events whose name it knows and silently skips this one;
  // Anthropic's docs ask clients to tolerate unknown event *types* (the core ignores
  // those: ping, content_block_stop, ...), but a payload that is not JSON is no event
  // of any type: the stream is corrupt, and the core says so.
  ...Object.fromEntries(['anthropic.create', 'anthropic.stream'].map((sdkName) => [
    `${sdkName} mock:anthropic/badjson`, {
      why: 'the anthropic SDK skips an unnamed event without parsing it',
      check(sdk, core) {
        assert.equal(sdk.error, null);
        assert.equal(core.outcome, 'stream_error');
        assert.match(core.error, /^malformed event: anthropic event is not a JSON object/);
        assert.equal(sdk.content, core.content);
        assert.deepEqual(sdk.usage, core.usage);
      },
    }])),
};

// ------------------------------------------------------------------ comparison

// Checks one case; a failure is collected (every case runs, then the test fails
// listing all of them).
function compareViews(failures, key, sdk, core) {
  if (verbose) console.log(key, JSON.stringify({ sdk, core }));
  try {
    compareOrExplain(key, sdk, core);
  } catch (e) {
    failures.push(`${key}: ${e.message.split('\n')[0]}\n    sdk  ${JSON.stringify(sdk)}\n    core ${JSON.stringify(core)}`);
  }
}

function compareOrExplain(key, sdk, core) {
  const diff = DIFFERENCES[key];
  if (diff) {
    diff.seen = true;
    diff.check(sdk, core);
    return;
  }
  assert.equal(sdk.content, core.content, 'content');
  assert.equal(sdk.reasoning, core.reasoning, 'reasoning');
  assert.deepEqual(sdk.usage, core.usage, 'usage');
  assert.equal(sdk.error === null, core.error === null, 'error or not');
  if (sdk.error !== null && !/^(malformed event|stream ended without|connection reset)/.test(core.error))
    assert.ok(sdk.error.includes(bare(core.error)), 'error text');
}

// The same bytes through eventsource-parser and through the core's SseParser, in
// the same chunks: the same events, in order, with the same type and data.
function crosscheckSse(key, chunks) {
  const theirs = [];
  const comments = [];
  const parser = createParser({ onEvent: (e) => theirs.push(e), onComment: (c) => comments.push(c) });
  const decoder = new TextDecoder('utf-8');
  for (const c of chunks) parser.feed(decoder.decode(c, { stream: true }));
  parser.feed(decoder.decode());
  const ours = JSON.parse(core.sse_events(Buffer.concat(chunks), chunks.map((c) => c.length)));
  assert.equal(theirs.length, ours.events.length, `${key}: event count`);
  theirs.forEach((e, i) => {
    assert.equal(e.event ?? '', ours.events[i].event, `${key}: event ${i} type`);
    assert.equal(e.data, ours.events[i].data, `${key}: event ${i} data`);
  });
  assert.equal(comments.length, ours.comments, `${key}: comment count`);
}

// NDJSON: the core's lines against ollama-js's own splitting (a streaming
// TextDecoder, split on LF, the last piece kept for the next read, empty lines
// dropped). The core also drops a CR before the LF and whitespace-only lines, which
// ollama-js would hand to JSON.parse (which skips the whitespace): same values.
function crosscheckNdjson(key, chunks) {
  const theirs = [];
  const decoder = new TextDecoder('utf-8');
  let buffer = '';
  for (const c of chunks) {
    buffer += decoder.decode(c, { stream: true });
    const parts = buffer.split('\n');
    buffer = parts.pop() ?? '';
    theirs.push(...parts);
  }
  buffer += decoder.decode();
  theirs.push(...buffer.split('\n'));
  const ours = JSON.parse(core.ndjson_lines(Buffer.concat(chunks), chunks.map((c) => c.length)));
  const kept = theirs.filter((l) => l.trim() !== '');
  const oursAll = ours.mid_event ? [...ours.lines, ours.partial] : ours.lines;
  assert.deepEqual(oursAll, kept.map((l) => l.replace(/\r$/, '')), `${key}: NDJSON lines`);
}

// Whole, in 1-byte pieces and in the served pieces: the core gives the same record.
function replayAll(dialect, chunks, status, cut) {
  const bytes = Buffer.concat(chunks);
  const sizes = chunks.map((c) => c.length);
  const run = (s) => JSON.parse(cut ? core.replay_transport_error(dialect, bytes, s, status, 'connection reset')
                                    : core.replay(dialect, bytes, s, status));
  const rec = run(sizes);
  for (const other of [[], [1], [7, 3]]) {
    const r = run(other);
    assert.equal(r.content, rec.content);
    assert.equal(r.error, rec.error);
    assert.deepEqual(r.usage, rec.usage);
  }
  return rec;
}

// ------------------------------------------------------------------ the tests

test('fixtures: every SDK of the dialect and the core agree (or differ as documented)', async () => {
  assert.ok(FIXTURES.size >= 15, 'the fixtures came from the core module');
  const failures = [];
  for (const [name, f] of FIXTURES) {
    const chunks = pieces(f.bytes);
    const rec = replayAll(f.dialect, chunks, f.http_status, false);
    const coreV = coreView(rec);
    if (f.http_status === 200 && f.dialect !== 'ollama') crosscheckSse(`fixture:${name}`, chunks);
    if (f.http_status === 200 && f.dialect === 'ollama') crosscheckNdjson(`fixture:${name}`, chunks);
    for (const sdkName of SDKS_FOR[f.dialect]) {
      const sdk = await SDK[sdkName](`${base}/fixture/${name}`);
      compareViews(failures, `${sdkName} fixture:${name}`, sdk, coreV);
    }
  }
  assert.deepEqual(failures, []);
});

const MOCK_SCENARIOS = ['ok', 'keepalive', 'nousage', 'reasoning', 'utf8split', 'errorafter', 'truncated', 'drop',
                        'badjson', '429', '401', '403html'];

for (const dialect of Object.keys(SDKS_FOR)) {
  test(`mock provider, ${dialect}: SDKs and the core agree (or differ as documented)`, async () => {
    const failures = [];
    for (const scenario of MOCK_SCENARIOS) {
      for (const sdkName of SDKS_FOR[dialect]) {
        const url = `${base}/mock/${scenario}`;
        const sdk = await SDK[sdkName](url);
        const endpoint = { 'openai-chat': '/v1/chat/completions', 'openai-responses': '/v1/responses',
                           anthropic: '/v1/messages', gemini: '/v1beta/models/gemini-2.5-flash:streamGenerateContent',
                           ollama: '/api/chat' }[dialect];
        const captured = await captures.get(`/${scenario}${endpoint}`);
        assert.ok(captured, `${sdkName} ${scenario}: the request reached the mock`);
        if (scenario === 'ok') assert.equal(captured.status, 200, `${sdkName}: the mock accepted the SDK's request`);
        const rec = replayAll(dialect, captured.chunks, captured.status, captured.cut);
        if (captured.status === 200 && dialect !== 'ollama' && !captured.cut)
          crosscheckSse(`mock:${dialect}/${scenario}`, captured.chunks);
        if (captured.status === 200 && dialect === 'ollama' && !captured.cut)
          crosscheckNdjson(`mock:${dialect}/${scenario}`, captured.chunks);
        compareViews(failures, `${sdkName} mock:${dialect}/${scenario}`, sdk, coreView(rec));
      }
    }
    assert.deepEqual(failures, []);
  });
}

test('every documented difference still occurs', () => {
  for (const [key, d] of Object.entries(DIFFERENCES)) assert.ok(d.seen, `${key} (${d.why}) no longer differs`);
});

// SSE corner cases of the WHATWG algorithm, core vs eventsource-parser, every
// stream whole and in 1-byte pieces (eventsource-parser gets the same pieces,
// decoded as a streaming TextDecoder would).
test('SSE corner cases: the core parser and eventsource-parser agree (or differ as documented)', () => {
  const cases = {
    bom: '\uFEFFdata: a\n\n',
    cr_only: 'data: a\rdata: b\r\r: c\rdata: c\r\r',
    crlf: 'event: x\r\ndata: 1\r\n\r\n',
    no_space_after_colon: 'data:a\nevent:e\n\n',
    two_spaces: 'data:  a\n\n',
    multi_line_data: 'data: a\ndata:\ndata: b\n\n',
    field_without_colon: 'data\n\ndata: x\n\n',
    unknown_field: 'foo: bar\ndata: x\n\n',
    event_only: 'event: ping\n\ndata: x\n\n',
    empty_event_name: 'event:\ndata: x\n\n',
    retry: 'retry: 1500\ndata: x\n\nretry: nope\ndata: y\n\n',
    split_utf8: 'data: \u00e9\u4e16\u{1F30D}\n\n',
    no_final_blank_line: 'data: a\n\ndata: b\n',
    comment_only: ': hi\n: there\n\n',
    id_persists: 'id: 7\ndata: a\n\ndata: b\n\n',
    id_with_nul: 'id: 1\u0000\ndata: a\n\n',
  };
  // eventsource-parser reports each event's own `id:` (undefined when the event had
  // none); the spec's "last event ID buffer" persists across events, and the core
  // follows the spec (EventSource's lastEventId). Core right per WHATWG; the
  // difference is in what "id" means, not in parsing.
  const idDiffers = new Set(['id_persists']);
  // Core right: a lone CR is a whole line end (WHATWG: CRLF, LF or CR). When the
  // stream's last byte is that CR, eventsource-parser keeps waiting for a possible LF
  // and, the stream having ended, never dispatches the last event ("data: c").
  // The core dispatches at the CR and swallows an LF that may follow in the next chunk.
  const lastEventLost = new Set(['cr_only']);
  for (const [name, text] of Object.entries(cases)) {
    const bytes = Buffer.from(text, 'utf8');
    for (const sizes of [[], [1]]) {
      const theirs = [];
      let comments = 0;
      const parser = createParser({ onEvent: (e) => theirs.push(e), onComment: () => ++comments });
      const decoder = new TextDecoder('utf-8');
      const chunks = sizes.length ? [...bytes].map((b) => Buffer.from([b])) : [bytes];
      for (const c of chunks) parser.feed(decoder.decode(c, { stream: true }));
      parser.feed(decoder.decode());
      const ours = JSON.parse(core.sse_events(bytes, sizes));
      const where = `${name} ${sizes.length ? '1-byte pieces' : 'whole'}: ${JSON.stringify({ theirs, ours })}`;
      if (lastEventLost.has(name)) {
        assert.equal(theirs.length, ours.events.length - 1, where);
        assert.equal(ours.events.at(-1).data, 'c', where);
      } else {
        assert.equal(theirs.length, ours.events.length, where);
      }
      theirs.forEach((e, i) => {
        assert.equal(e.event ?? '', ours.events[i].event, where);
        assert.equal(e.data, ours.events[i].data, where);
        if (idDiffers.has(name) && i === 1) {
          assert.equal(e.id, undefined, where);
          assert.equal(ours.events[i].id, '7', where);
        } else {
          assert.equal(e.id ?? '', ours.events[i].id, where);
        }
      });
      assert.equal(comments, ours.comments, where);
      if (name === 'no_final_blank_line') assert.ok(ours.mid_event, 'the core reports the unfinished event');
    }
  }
});
