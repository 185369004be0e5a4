// Loads the WebAssembly app and exposes a small hook, window.w2t, that the
// browser tests (and embedding pages, later) use to read and set state.
import createW2tModule from './app.js';
import { installProbe } from './probe.js';

const canvas = document.getElementById('canvas');
const status = document.getElementById('status');

const hook = {
  ready: false,        // the module is loaded and the first frame has been drawn
  firstFrameMs: null,  // ms from navigation start to the first rendered frame
  renderer: null,      // WebGL renderer string (unmasked when the browser allows)
  webglVersion: null,
  error: null,
  frames: () => 0,
};
window.w2t = hook;

function showError(message) {
  hook.error = message;
  status.textContent = message;
  status.classList.remove('hidden');
  status.classList.add('error');
}

function describeRenderer() {
  const gl = canvas.getContext('webgl2');  // the app's existing context
  if (!gl) return { renderer: null, version: null };
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER);
  return { renderer, version: gl.getParameter(gl.VERSION) };
}

canvas.addEventListener('webglcontextlost', (e) => {
  e.preventDefault();
  showError('The graphics context was lost. Reload the page to continue.');
});

async function start() {
  if (!document.createElement('canvas').getContext('webgl2')) {
    showError('wafer2token needs WebGL2, which this browser does not offer or has turned off. ' +
              'Try a current Chrome, Edge, Firefox or Safari, or enable hardware acceleration.');
    return;
  }
  let module;
  try {
    module = await createW2tModule({
      canvas,
      print: (text) => console.log(text),
      printErr: (text) => console.error(text),
    });
  } catch (err) {
    showError(`wafer2token could not start: ${err && err.message ? err.message : err}`);
    return;
  }
  const call = (fn, arg) => JSON.parse(arg === undefined ? module[fn]() : module[fn](JSON.stringify(arg)));
  Object.assign(hook, {
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
    // Source links from the views open here (C++ calls it through EM_JS): http(s) only, in a new tab.
    openedUrls: [],
    openUrl: (url) => {
      if (!/^https?:\/\//.test(String(url))) return false;
      hook.openedUrls.push(String(url));
      window.open(String(url), '_blank', 'noopener,noreferrer');
      return true;
    },
  });
  // The probe view's transport (fetch + streams) and its hooks: window.w2t.probe.
  hook.probe = installProbe(module);
  // index.html#view=inference opens that view; so does changing the hash later.
  const viewFromHash = () => {
    const match = /(?:^#|&)view=([a-z]+)/.exec(location.hash);
    if (match) module.setView(match[1]);
  };
  viewFromHash();
  window.addEventListener('hashchange', viewFromHash);
  const waitForFrame = () => {
    if (module.frameCount() >= 1) {
      hook.firstFrameMs = performance.now();
      const { renderer, version } = describeRenderer();
      hook.renderer = renderer;
      hook.webglVersion = version;
      hook.ready = true;
      status.classList.add('hidden');
      return;
    }
    requestAnimationFrame(waitForFrame);
  };
  waitForFrame();
}

start();
