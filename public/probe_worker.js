// The probe's transport, in a dedicated worker so that the page's rendering
// never delays a timestamp: fetch() + ReadableStream, every chunk stamped with
// performance.now() the moment the reader hands it over, then posted (bytes
// transferred, untouched) to public/probe.js, which feeds the C++ core.
// Times are on this worker's clock; the core only uses differences within a
// request, all taken here.
//
// The API key reaches this worker only inside a run's headers; it is never
// logged, and masked out of every message sent back.
'use strict';

// One event to the page: [kind, run, index, time, payload]; chunk bytes are transferred.
function post(kind, run, index, t, payload) {
  if (payload instanceof Uint8Array) self.postMessage([kind, run, index, t, payload], [payload.buffer]);
  else self.postMessage([kind, run, index, t, payload === undefined ? null : payload]);
}

// Every occurrence of each secret replaced.
function mask(text, secrets) {
  let out = String(text);
  for (const s of secrets) if (s) out = out.split(s).join('[REDACTED]');
  return out;
}

function describeFetchError(err, url, pageProtocol) {
  const name = err && err.name ? err.name : 'Error';
  const message = err && err.message ? err.message : String(err);
  let hint = 'the endpoint does not allow calls from web pages (CORS), the address is wrong, or the server is down';
  if (pageProtocol === 'https:' && /^http:/i.test(url)) hint = 'an https page may not call an http:// URL (mixed content), or CORS';
  return `network error: the browser gave no response (${name}: ${message}); ${hint}`;
}

// One request: times go to the core as they happen.
async function runOne(plan, state, index) {
  const run = plan.run_id;
  const ctl = new AbortController();
  state.controllers.add(ctl);
  let reason = null;  // set when we abort for a timeout
  let gotHeaders = false;
  let timer = null;
  const arm = (ms, why) => {
    clearTimeout(timer);
    timer = setTimeout(() => { reason = why; ctl.abort(); }, ms);
  };
  const total = setTimeout(() => {
    reason = `no complete answer within ${plan.total_timeout_ms / 1000} s (total timeout)`;
    ctl.abort();
  }, plan.total_timeout_ms);
  arm(plan.connect_timeout_ms, `no response headers within ${plan.connect_timeout_ms / 1000} s (connect timeout)`);
  const sent = performance.now();
  post('started', run, index, sent);
  try {
    const response = await fetch(plan.url, {
      method: 'POST',
      headers: plan.headers,
      body: plan.body,
      signal: ctl.signal,
      cache: 'no-store',
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
      mode: 'cors',
    });
    gotHeaders = true;
    post('headers', run, index, performance.now(), response.status);
    arm(plan.first_byte_timeout_ms, `no body byte within ${plan.first_byte_timeout_ms / 1000} s of the headers (first-byte timeout)`);
    if (!response.body) {
      const bytes = new Uint8Array(await response.arrayBuffer());
      const t = performance.now();
      if (bytes.length) post('chunk', run, index, t, bytes);
      post('end', run, index, t);
      return;
    }
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      const t = performance.now();  // the chunk's arrival, before any work on it
      if (done) {
        post('end', run, index, t);
        break;
      }
      if (value && value.length) post('chunk', run, index, t, value);
      arm(plan.idle_timeout_ms, `no byte for ${plan.idle_timeout_ms / 1000} s (idle timeout)`);
    }
  } catch (err) {
    const t = performance.now();
    if (reason) post('timeout', run, index, t, mask(reason, plan.mask));
    else if (state.cancelled) post('failed', run, index, t, 'cancelled by the user');
    else if (!gotHeaders) post('failed', run, index, t, mask(describeFetchError(err, plan.url, plan.page_protocol), plan.mask));
    else post('failed', run, index, t, mask(`network error: the stream broke (${err && err.name}: ${err && err.message})`, plan.mask));
  } finally {
    clearTimeout(timer);
    clearTimeout(total);
    state.controllers.delete(ctl);
  }
}

const runs = new Map();  // run id -> { cancelled, controllers }

function start(plan) {
  const state = { cancelled: false, controllers: new Set() };
  runs.set(plan.run_id, state);
  let next = 0;
  // Requests are handed out in order; each worker loop sends its next one as
  // soon as its previous one ended (a closed loop at the chosen concurrency).
  const loop = async () => {
    while (!state.cancelled && next < plan.runs) {
      const index = next++;
      await runOne(plan, state, index);
    }
  };
  const loops = [];
  for (let w = 0; w < Math.min(plan.concurrency, plan.runs); ++w) loops.push(loop());
  Promise.all(loops).then(() => {
    runs.delete(plan.run_id);
    post('finished', plan.run_id, -1, performance.now());
  });
}

function cancel(runId) {
  const state = runs.get(runId);
  if (!state) return;
  state.cancelled = true;
  for (const ctl of state.controllers) ctl.abort();
}

self.onmessage = (e) => {
  const msg = e.data;
  if (msg.start) start(msg.start);
  else if (msg.cancel !== undefined) cancel(msg.cancel);
};
