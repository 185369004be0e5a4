// The probe view's bridge: the C++ panel asks for a run (plan: URL, headers,
// body, limits); the transport worker (probe_worker.js: fetch + ReadableStream)
// streams it and posts every chunk with its arrival time; this file hands
// them, as raw bytes, to the C++ core (w2t::probe::RequestAccumulator through
// Embind). It also keeps remembered keys in localStorage (only when the user
// ticks "remember on this device"), offers downloads, and flags a hidden tab.
//
// The API key is never logged, never put in a URL or the page's text.

import { download } from './download.js';

const KEYS_STORAGE = 'w2t.probe.keys';

export function installProbe(module) {
  const worker = new Worker(new URL('probe_worker.js', import.meta.url));
  const active = new Set();  // run ids in progress

  worker.onmessage = (e) => {
    const [kind, run, index, t, payload] = e.data;
    switch (kind) {
      case 'started': module.probeStarted(run, index, t); break;
      case 'headers': module.probeHeaders(run, index, payload, t); break;
      case 'chunk': module.probeChunk(run, index, t, payload); break;
      case 'end': module.probeEnd(run, index, t); break;
      case 'timeout': module.probeTimeout(run, index, t, payload); break;
      case 'failed': module.probeFailed(run, index, t, payload); break;
      case 'finished':
        active.delete(run);
        module.probeRunFinished(run, t);
        break;
      default: break;
    }
  };
  worker.onerror = (e) => {
    e.preventDefault();
    for (const run of active) module.probeRunFinished(run, performance.now());
    active.clear();
  };

  const start = (planJson) => {
    const plan = JSON.parse(planJson);
    plan.page_protocol = location.protocol;
    active.add(plan.run_id);
    if (document.hidden) module.probeHidden(plan.run_id);
    worker.postMessage({ start: plan });
  };

  const cancel = (runId) => worker.postMessage({ cancel: runId });

  const saveKeys = (keysJson) => {
    try {
      const keys = JSON.parse(keysJson);
      if (Object.keys(keys).length === 0) localStorage.removeItem(KEYS_STORAGE);
      else localStorage.setItem(KEYS_STORAGE, keysJson);
    } catch {
      // Storage may be off (private mode, policy): the key simply is not kept.
    }
  };

  const downloadJson = (name, text) => download(name, text, 'application/json');

  Object.assign(module, {
    w2tProbeStart: start,
    w2tProbeCancel: cancel,
    w2tProbeSaveKeys: saveKeys,
    w2tProbeDownload: downloadJson,
  });

  // A hidden tab's work is throttled: a run measured then is flagged.
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden) return;
    for (const run of active) module.probeHidden(run);
  });

  let remembered = '{}';
  try {
    remembered = localStorage.getItem(KEYS_STORAGE) || '{}';
  } catch {
    remembered = '{}';
  }
  module.probeInit(location.protocol, remembered);

  // window.w2t.probe: state (never the key), settings, run, cancel, export.
  return {
    state: () => JSON.parse(module.probeStateJson()),
    set: (settings) => JSON.parse(module.probeSetJson(JSON.stringify(settings))),
    run: () => JSON.parse(module.probeRun(performance.now())),
    cancel: () => module.probeCancel(),
    exportJson: () => JSON.parse(module.probeExportJson()),
    download: () => downloadJson('w2t-probe-runs.json', module.probeExportJson()),
  };
}
