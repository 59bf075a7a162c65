/**
 * The status page: one static document that fetches /api/status and renders it with textContent
 * only, so nothing coming from the game (scene names, messages) can inject markup.
 */
export const STATUS_PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>SpaceTime VR status</title>
<style>
  body { font: 15px/1.4 system-ui, sans-serif; margin: 2rem; color: #1d2330; background: #f6f7f9; }
  h1 { font-size: 1.4rem; margin: 0 0 .25rem; }
  .muted { color: #6b7280; font-size: .85rem; }
  table { border-collapse: collapse; width: 100%; margin: 1rem 0 2rem; background: #fff; }
  th, td { text-align: left; padding: .5rem .75rem; border-bottom: 1px solid #e5e7eb; }
  th { font-weight: 600; font-size: .8rem; text-transform: uppercase; color: #6b7280; }
  .state { font-weight: 700; }
  .up { color: #15803d; } .down { color: #b91c1c; } .unknown { color: #6b7280; }
  .sev-critical { color: #b91c1c; } .sev-high, .sev-warning { color: #c2410c; } .sev-medium { color: #a16207; }
  #error { color: #b91c1c; }
</style>
</head>
<body>
<h1>SpaceTime VR status</h1>
<div class="muted">Updated <span id="updated">never</span> <span id="error"></span></div>
<table aria-label="games">
  <thead><tr><th>Game</th><th>State</th><th>Response</th><th>FPS</th><th>Static memory</th><th>VR</th><th>Token expires</th><th>Build</th></tr></thead>
  <tbody id="targets"></tbody>
</table>
<h2>Active alerts</h2>
<table aria-label="alerts">
  <thead><tr><th>Game</th><th>Check</th><th>Severity</th><th>Summary</th><th>Since</th></tr></thead>
  <tbody id="alerts"><tr><td colspan="5" class="muted">none</td></tr></tbody>
</table>
<script>
const fmt = {
  seconds: (s) => s === undefined ? '—' : (s * 1000).toFixed(0) + ' ms',
  fps: (f) => f === undefined ? 'unknown' : f.toFixed(1),
  bytes: (b) => b === undefined ? 'unknown' : (b / 1048576).toFixed(1) + ' MB',
  time: (t) => t === undefined ? '—' : new Date(t * 1000).toISOString().replace('.000Z', 'Z'),
};
function cell(row, text, cls) {
  const td = document.createElement('td');
  td.textContent = text;
  if (cls) td.className = cls;
  row.appendChild(td);
  return td;
}
function render(snapshot) {
  const body = document.getElementById('targets');
  body.replaceChildren();
  for (const t of snapshot.targets) {
    const tr = document.createElement('tr');
    tr.dataset.target = t.name;
    cell(tr, t.name);
    const state = t.up ? 'UP' : 'DOWN: ' + t.failure.kind;
    const td = cell(tr, state, 'state ' + (t.up ? 'up' : 'down'));
    if (!t.up) td.title = t.failure.message;
    cell(tr, fmt.seconds(t.responseSeconds));
    cell(tr, t.up ? fmt.fps(t.fps) : '—');
    const mem = cell(tr, t.up ? fmt.bytes(t.staticMemoryBytes) : '—', t.staticMemoryBytes === undefined ? 'unknown' : '');
    if (t.unknown['memory.static']) mem.title = t.unknown['memory.static'];
    cell(tr, t.vrInitialized === undefined ? '—' : t.vrInitialized ? 'initialized' : 'not initialized');
    cell(tr, fmt.time(t.tokenExpiresAt));
    cell(tr, [t.apiVersion, t.environment].filter(Boolean).join(' / ') || '—');
    body.appendChild(tr);
  }
  const alerts = document.getElementById('alerts');
  alerts.replaceChildren();
  if (snapshot.alerts.length === 0) {
    const tr = document.createElement('tr');
    cell(tr, 'none', 'muted').colSpan = 5;
    alerts.appendChild(tr);
  }
  for (const a of snapshot.alerts) {
    const tr = document.createElement('tr');
    cell(tr, a.target); cell(tr, a.check); cell(tr, a.severity, 'sev-' + a.severity); cell(tr, a.summary); cell(tr, a.since);
    alerts.appendChild(tr);
  }
  document.getElementById('updated').textContent = snapshot.generatedAt;
}
async function refresh() {
  try {
    const res = await fetch('api/status', { cache: 'no-store' });
    if (!res.ok) throw new Error('status API answered ' + res.status);
    render(await res.json());
    document.getElementById('error').textContent = '';
  } catch (err) {
    document.getElementById('error').textContent = '(' + err.message + ')';
  }
}
refresh();
setInterval(refresh, REFRESH_MS);
</script>
</body>
</html>
`;
