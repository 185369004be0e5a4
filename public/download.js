// Saves `data` (a string, or a Blob as it is) as a file called `name`: a Blob URL
// behind a temporary <a download>, revoked once the browser has had time to read it.
// The one copy for the page's exports (w2t.js) and the probe and compare views.
export function download(name, data, mime = 'text/plain') {
  const blob = data instanceof Blob ? data : new Blob([data], { type: mime || 'text/plain' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
