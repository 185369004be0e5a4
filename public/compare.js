// The compare view's bridge: its runs go through the probe's transport (a worker
// of probe_worker.js of its own: fetch + ReadableStream, every chunk timestamped
// there) into the C++ panel; a request log is read here from a file the user picks
// (FileReader) or pasted, and handed to C++ as text: it is never uploaded.
//
// The API keys are never logged, never put in a URL, an export or a share link.

import { download } from './download.js';

export function installCompare(module) {
  const worker = new Worker(new URL('probe_worker.js', import.meta.url));

  worker.onmessage = (e) => {
    const [kind, run, index, t, payload] = e.data;
    switch (kind) {
      case 'started': module.compareStarted(run, index, t); break;
      case 'headers': module.compareHeaders(run, index, payload, t); break;
      case 'chunk': module.compareChunk(run, index, t, payload); break;
      case 'end': module.compareEnd(run, index, t); break;
      case 'timeout': module.compareTimeout(run, index, t, payload); break;
      case 'failed': module.compareFailed(run, index, t, payload); break;
      case 'finished': module.compareRunFinished(run, t); break;
      default: break;
    }
  };
  let current = null;
  worker.onerror = (e) => {
    e.preventDefault();
    if (current !== null) module.compareRunFinished(current, performance.now());
  };

  const start = (planJson) => {
    const plan = JSON.parse(planJson);
    plan.page_protocol = location.protocol;
    current = plan.run_id;
    worker.postMessage({ start: plan });
  };
  const cancel = (runId) => worker.postMessage({ cancel: runId });

  // "Load file…": a hidden <input type=file>, made on first use (nothing is added to a
  // host page that never asks); the text goes to C++ (File.text(), no upload).
  let input = null;
  let lastLoad = null;
  const pickFile = () => {
    if (!input) {
      input = document.createElement('input');
      input.type = 'file';
      input.accept = '.jsonl,.json,.ndjson,.log,.txt,application/json,text/plain';
      input.style.display = 'none';
      document.body.appendChild(input);
      input.addEventListener('change', () => {
        const file = input.files && input.files[0];
        if (!file) return;
        file.text().then((text) => {
          lastLoad = JSON.parse(module.compareLoadLog(text, file.name));
          input.value = '';
        });
      });
    }
    input.click();
  };

  Object.assign(module, {
    w2tCompareStart: start,
    w2tCompareCancel: cancel,
    w2tCompareDownload: download,
    w2tComparePickFile: pickFile,
  });
  module.compareInit();

  // window.w2t.compareHooks: state (never a key nor the log's text), inputs, log, run, exports.
  return {
    state: () => JSON.parse(module.compareStateJson()),
    set: (obj) => JSON.parse(module.setCompareJson(JSON.stringify(obj))),
    loadLog: (text, name) => JSON.parse(module.compareLoadLog(String(text), String(name || 'pasted'))),
    lastFileLoad: () => lastLoad,
    run: () => JSON.parse(module.compareRun(performance.now())),
    cancel: () => module.compareCancel(),
    addFromProbe: () => module.compareAddFromProbe(),
    exportJson: () => JSON.parse(module.compareExportJson()),
    exportCsv: () => module.compareExportCsv(),
    download: (format) =>
      format === 'csv'
        ? download('w2t-compare.csv', module.compareExportCsv(), 'text/csv')
        : download('w2t-compare.json', module.compareExportJson(), 'application/json'),
  };
}
