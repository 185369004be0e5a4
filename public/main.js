// The page (index.html): mounts the calculator on #canvas through createApp
// (w2t.js), exposes it as window.w2t for the browser tests, keeps the scenario
// in the address bar, and shows loading progress, errors and notices.
import { createApp } from './w2t.js';

const canvas = document.getElementById('canvas');
const status = document.getElementById('status');
const notice = document.getElementById('notice');

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

function showNotice(text) {
  notice.textContent = text;
  notice.classList.toggle('hidden', !text);
  if (text) setTimeout(() => notice.classList.add('hidden'), 8000);
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

// [SECTION] the address bar, theme, screen-reader summary, the embed's height
// The scenario lives in the URL fragment (web/scenario.cpp): a link opens the
// same view with the same inputs; the address bar follows the inputs (replaceState,
// no history entry per slider step). A bad link is reported, never half-applied.
function installPage(app) {
  const addressFragment = () => location.hash.replace(/^#/, '');
  // What the address bar held when this page last wrote or read it. A different
  // one is a link or a typed address whose hashchange has not run yet: sync()
  // leaves it alone until then, or the typed address would be overwritten.
  let known = addressFragment();
  // (replaceState below fires no hashchange: this runs for links and typed addresses.)
  const applyHash = () => {
    const fragment = addressFragment();
    known = fragment;
    if (fragment === '' || fragment === app.fragment()) return;  // already on screen
    const result = app.applyFragment(fragment);
    if (!result.ok) {
      const e = result.error;
      showNotice(`This link could not be opened as it is (${e.field ? e.field + ': ' : ''}${e.message}); ` +
                 'showing the calculator as it was.');
    }
  };
  applyHash();
  window.addEventListener('hashchange', applyHash);

  // The system's light/dark preference (the link's theme= wins, web/app.cpp).
  const prefersLight = window.matchMedia ? window.matchMedia('(prefers-color-scheme: light)') : null;
  const followSystem = () => app.setSystemTheme(Boolean(prefersLight && prefersLight.matches));
  followSystem();
  if (prefersLight && prefersLight.addEventListener) prefersLight.addEventListener('change', followSystem);

  // An embed's host switched light/dark (public/embed.js): only the parent may say so.
  window.addEventListener('message', (e) => {
    if (window.parent === window || e.source !== window.parent) return;
    const data = e.data;
    if (data && data.type === 'w2t:theme' && (data.theme === 'light' || data.theme === 'dark')) app.setTheme(data.theme);
  });

  // Every 250 ms (cheap: a few hundred bytes of JSON): the address bar, the
  // aria-live summary, the page's colours, and an embed's height for its host.
  const summary = document.getElementById('summary');
  let lastHeight = 0;
  const sync = () => {
    const embedded = app.embedded();
    const fragment = app.fragment();
    if (!embedded && addressFragment() === known && fragment !== known) {
      known = fragment;
      history.replaceState(history.state, '', '#' + fragment);
    }
    const text = app.summary();
    if (summary.textContent !== text) summary.textContent = text;
    document.documentElement.dataset.theme = app.theme();
    if (embedded && window.parent !== window) {
      const height = Math.ceil(app.contentHeight());
      if (height > 0 && Math.abs(height - lastHeight) >= 1) {
        lastHeight = height;
        // Only a height: nothing secret, so any host may read it (embed.js checks where it comes from).
        window.parent.postMessage({ type: 'w2t:height', height }, '*');
      }
    }
  };
  setInterval(sync, 250);
  sync();
}

async function start() {
  let app;
  try {
    app = await createApp({
      canvas,
      onProgress: (share) => { status.textContent = `Loading wafer2token… ${Math.round(share * 100)} %`; },
      onNotice: showNotice,
    });
  } catch (err) {
    showError(err && err.message ? err.message : `wafer2token could not start: ${err}`);
    return;
  }
  // From here window.w2t is the app's API itself (so fields it updates, like
  // lastSharedLink, read live), plus the page's loading state.
  Object.assign(app, { ready: false, firstFrameMs: null, renderer: null, webglVersion: null, error: null });
  window.w2t = app;
  installPage(app);
  const waitForFrame = () => {
    if (app.frames() >= 1) {
      app.firstFrameMs = performance.now();
      const { renderer, version } = describeRenderer();
      app.renderer = renderer;
      app.webglVersion = version;
      app.ready = true;
      status.classList.add('hidden');
      return;
    }
    requestAnimationFrame(waitForFrame);
  };
  waitForFrame();
}

start();
