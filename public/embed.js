// wafer2token embed: paste where the calculator should appear in a post
//   <script src="https://HOST/PATH/embed.js" data-view="inference"
//           data-scenario="FRAGMENT" async></script>
// FRAGMENT is the part after '#' of a "Share link" from the full page. Optional:
// data-theme="light|dark" (default: from the host page's background),
// data-height="480" (px, until the view reports its own), data-title.
// It inserts an iframe of index.html#…&embed=1 where the script tag stands and
// sizes it to the view's height as the view reports it (postMessage, checked
// against the iframe's window and origin). Nothing is stored and no key is read.
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script) {  // very old browsers: the last embed script not yet handled
    var candidates = document.querySelectorAll('script[src*="embed.js"]:not([data-w2t-done])');
    script = candidates[candidates.length - 1];
  }
  if (!script || script.getAttribute('data-w2t-done')) return;
  script.setAttribute('data-w2t-done', '1');

  var page = new URL('index.html', script.src);

  // Light or dark from the host: the first opaque background behind the script.
  function hostTheme() {
    var forced = script.getAttribute('data-theme');
    if (forced === 'light' || forced === 'dark') return forced;
    for (var el = script.parentElement; el; el = el.parentElement) {
      var m = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?/.exec(getComputedStyle(el).backgroundColor);
      if (m && (m[4] === undefined || Number(m[4]) > 0.5)) {
        var luminance = 0.299 * m[1] + 0.587 * m[2] + 0.114 * m[3];
        return luminance > 140 ? 'light' : 'dark';
      }
    }
    return window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
  }

  function fragment(theme) {
    var parts = (script.getAttribute('data-scenario') || '').replace(/^#/, '').split('&').filter(function (p) {
      return p && !/^(embed|theme)=/.test(p);
    });
    var view = script.getAttribute('data-view');
    if (view) {
      parts = parts.filter(function (p) { return !/^view=/.test(p); });
      parts.unshift('view=' + encodeURIComponent(view));
    }
    parts.push('embed=1', 'theme=' + theme);
    return parts.join('&');
  }

  var theme = hostTheme();
  var iframe = document.createElement('iframe');
  iframe.src = page.href + '#' + fragment(theme);
  iframe.title = script.getAttribute('data-title') || 'wafer2token calculator';
  iframe.loading = 'lazy';
  iframe.setAttribute('allow', 'clipboard-write');
  var initial = Math.max(120, Math.min(4000, Number(script.getAttribute('data-height')) || 480));
  iframe.style.cssText = 'display:block;width:100%;max-width:100%;border:0;border-radius:6px;height:' + initial + 'px';
  script.parentNode.insertBefore(iframe, script);

  window.addEventListener('message', function (e) {
    if (e.source !== iframe.contentWindow) return;
    // A sandboxed frame without allow-same-origin posts from the opaque origin "null".
    if (e.origin !== page.origin && e.origin !== 'null') return;
    var data = e.data;
    if (!data || data.type !== 'w2t:height') return;
    var height = Number(data.height);
    if (!isFinite(height)) return;
    iframe.style.height = Math.max(120, Math.min(4000, Math.round(height))) + 'px';
  });

  // The host switched light/dark: tell the frame (it checks the message comes from its parent).
  if (window.matchMedia) {
    var query = window.matchMedia('(prefers-color-scheme: dark)');
    var onChange = function () {
      var next = hostTheme();
      if (next === theme || !iframe.contentWindow) return;
      theme = next;
      iframe.contentWindow.postMessage({ type: 'w2t:theme', theme: theme }, page.origin);
    };
    if (query.addEventListener) query.addEventListener('change', onChange);
  }
})();
