// createApp({canvas, view, scenario}): the calculator on any <canvas>, for
// pages that mount it themselves (docs/page.md). index.html's main.js uses it
// too. Resolves to the app's API: the same functions as window.w2t on the page.
import createW2tModule from './app.js';
import { installProbe } from './probe.js';
import { installCompare } from './compare.js';
import { download } from './download.js';

// A part of the page that may be unavailable where the page is embedded (no
// workers in a sandboxed iframe): its absence is noted, the rest still runs.
function optional(unavailable, name, install) {
  try {
    return install();
  } catch (err) {
    unavailable[name] = String(err && err.message ? err.message : err);
    console.warn(`wafer2token: ${name} is unavailable here: ${unavailable[name]}`);
    return null;
  }
}

// The WebAssembly binary with download progress (share 0..1 when the size is
// known), then compiled and instantiated.
export async function loadWasm(url, imports, progress = () => {}) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url.pathname}: HTTP ${response.status}`);
  const total = Number(response.headers.get('content-length')) || 0;
  let bytes;
  if (total > 0 && response.body && response.body.getReader) {
    const reader = response.body.getReader();
    const chunks = [];
    let received = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      received += value.length;
      progress(Math.min(1, received / total));
    }
    bytes = new Uint8Array(received);
    let at = 0;
    for (const c of chunks) { bytes.set(c, at); at += c.length; }
  } else {
    bytes = new Uint8Array(await response.arrayBuffer());
  }
  progress(1);
  return WebAssembly.instantiate(bytes, imports);
}

let mounted = 0;

// Options: view (a view name), scenario (a share link's fragment, or an object of
// its keys), onProgress(share 0..1) while the WebAssembly downloads, onNotice(text)
// for messages to show the user. Errors (no WebGL2, the WebAssembly failing to
// load, a bad scenario) reject the promise with a message a user can act on.
export async function createApp({ canvas, view, scenario, onProgress = () => {}, onNotice = null } = {}) {
  if (typeof HTMLCanvasElement === 'undefined' || !(canvas instanceof HTMLCanvasElement))
    throw new TypeError('createApp: `canvas` must be a <canvas> element');
  if (!document.createElement('canvas').getContext('webgl2'))
    throw new Error('wafer2token needs WebGL2, which this browser does not offer or has turned off. ' +
                    'Try a current Chrome, Edge, Firefox or Safari, or enable hardware acceleration.');
  if (!canvas.id) canvas.id = `w2t-canvas-${++mounted}`;
  let loadError = null;
  const module = await new Promise((resolve, reject) => {
    createW2tModule({
      canvas,
      arguments: ['--canvas', '#' + CSS.escape(canvas.id)],
      print: (text) => console.log(text),
      printErr: (text) => console.error(text),
      instantiateWasm: (imports, done) => {
        loadWasm(new URL('app.wasm', import.meta.url), imports, onProgress)
          .then(({ instance, module: compiled }) => done(instance, compiled), (err) => {
            loadError = new Error(`wafer2token could not load its WebAssembly: ${err && err.message ? err.message : err}`);
            reject(loadError);
          });
        return {};  // filled in asynchronously
      },
    }).then(resolve, (err) => reject(loadError || err));
  });
  const unavailable = {};
  const call = (fn, arg) => JSON.parse(arg === undefined ? module[fn]() : module[fn](JSON.stringify(arg)));
  const api = {
    module,
    unavailable,
    frames: () => module.frameCount(),
    diesPerWafer: (input) => call('diesPerWaferJson', input),
    state: () => call('uiStateJson'),
    setInput: (input) => call('setWaferInputJson', input),
    widgetRect: (name) => JSON.parse(module.widgetRectJson(name)),
    view: () => module.currentView(),
    setView: (name) => module.setView(String(name)),
    inference: () => call('inferenceStateJson'),
    setInference: (input) => call('setInferenceInputJson', input),
    hardware: () => call('hardwareStateJson'),
    setHardware: (input) => call('setHardwareJson', input),
    sources: () => call('sourcesStateJson'),
    setSources: (input) => call('setSourcesJson', input),
    cost: () => call('costStateJson'),
    setCost: (input) => call('setCostJson', input),
    compare: () => call('compareStateJson'),
    setCompare: (input) => call('setCompareJson', input),
    supply: () => call('supplyStateJson'),
    setSupply: (input) => call('setSupplyJson', input),
    // Source links from the views open here (C++ calls it through EM_JS): http(s) only, in a new tab.
    openedUrls: [],
    openUrl: (url) => {
      if (!/^https?:\/\//.test(String(url))) return false;
      api.openedUrls.push(String(url));
      window.open(String(url), '_blank', 'noopener,noreferrer');
      return true;
    },
  };
  // The probe view's transport (fetch + streams) and its hooks: window.w2t.probe.
  // A sandboxed embed (opaque origin) may not start workers: those views then say so.
  api.probe = optional(unavailable, 'probe', () => installProbe(module));
  if (!api.probe) {
    // No transport: a run ends at once with every request failed, saying why.
    module.w2tProbeStart = (planJson) => {
      const plan = JSON.parse(planJson);
      const why = 'probes cannot run in this embedded frame (no Web Worker here): open the full calculator';
      setTimeout(() => {  // after the C++ call that started the run has returned
        for (let i = 0; i < plan.runs; ++i) {
          module.probeStarted(plan.run_id, i, performance.now());
          module.probeFailed(plan.run_id, i, performance.now(), why);
        }
        module.probeRunFinished(plan.run_id, performance.now());
      }, 0);
    };
    module.w2tProbeCancel = () => {};
    module.w2tProbeSaveKeys = () => {};
    module.w2tProbeDownload = () => {};
    module.probeInit(location.protocol, '{}');
  }
  // The compare view's transport (its own probe worker) and log loading: window.w2t.compareView.
  api.compareView = optional(unavailable, 'compare', () => installCompare(module));
  // Share links, exports, theme (web/scenario.cpp, web/app.cpp; docs/page.md).
  const calculatorUrl = (fragment) => new URL('index.html', import.meta.url).href + '#' + fragment;
  const notice = (text) => (onNotice ? onNotice(text) : console.warn(`wafer2token: ${text}`));
  Object.assign(api, {
    scenario: () => call('scenarioJson'),
    fragment: () => module.scenarioFragment(),
    applyFragment: (fragment) => JSON.parse(module.applyFragment(String(fragment))),
    summary: () => module.viewSummary(),
    theme: () => module.currentTheme(),
    setTheme: (name) => module.setThemeChoice(String(name)),
    setSystemTheme: (light) => module.setSystemTheme(Boolean(light)),
    embedded: () => module.isEmbed(),
    contentHeight: () => module.contentHeight(),
    exportJson: () => call('exportJson'),
    exportCsv: () => module.exportCsv(),
    savePng: (name = 'wafer2token.png') => module.savePng(String(name)),
    downloads: [],       // names saved (tests read them)
    lastSharedLink: null,
  });
  Object.assign(module, {
    w2tOpenFull: (fragment) => window.open(calculatorUrl(fragment), '_blank', 'noopener'),
    w2tCopyLink: (fragment) => {
      const url = calculatorUrl(fragment);
      api.lastSharedLink = url;
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(url).catch(() => notice(`Copy this link: ${url}`));
      } else {
        notice(`Copy this link: ${url}`);
      }
    },
    w2tDownload: (name, mime, text) => { api.downloads.push(name); download(name, text, mime); },
    // Called right after a frame is drawn: toBlob snapshots the canvas at call time.
    w2tSavePng: (name) => canvas.toBlob((blob) => {
      if (!blob) { notice('The picture could not be made in this browser.'); return; }
      api.downloads.push(name);
      api.lastPngBytes = blob.size;
      download(name, blob);
    }, 'image/png'),
  });
  if (scenario) {
    let fragment = (typeof scenario === 'string' ? scenario : new URLSearchParams(scenario).toString()).replace(/^#/, '');
    // The scenario's keys are the view's inputs: name the view first when the scenario does not.
    if (view && !/(^|&)view=/.test(fragment)) fragment = `view=${encodeURIComponent(view)}${fragment ? '&' + fragment : ''}`;
    const r = api.applyFragment(fragment);
    if (!r.ok) throw new Error(`createApp: scenario: ${r.error.field ? r.error.field + ': ' : ''}${r.error.message}`);
  }
  if (view && !api.setView(view)) throw new Error(`createApp: unknown view '${view}'`);
  return api;
}
