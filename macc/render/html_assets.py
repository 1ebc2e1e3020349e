"""The inline CSS and JavaScript of the HTML report (no network, no CDN)."""

CSS = """
:root{--ink:#1d2330;--mute:#667085;--line:#e4e7ec;--bg:#f7f8fa;--card:#fff;--accent:#4e79a7}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;
 color:var(--ink);background:var(--bg)}
main{max-width:1320px;margin:0 auto;padding:22px 28px 40px}
h1{font-size:22px;margin:0 0 2px}
h2{font-size:17px;margin:26px 0 8px}
.sub{color:var(--mute);word-break:break-all}
.cards{display:grid;grid-template-columns:repeat(5,1fr);gap:12px;margin-top:16px}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:12px 14px}
.card .k{font-size:12px;text-transform:uppercase;letter-spacing:.04em;color:var(--mute)}
.card .v{font-size:28px;font-weight:650;margin:2px 0}
.card .x{font-size:12px;color:var(--mute);font-variant-numeric:tabular-nums}
.card .d{font-size:12px;margin-top:6px;color:#475467}
.note{background:#fff8e6;border:1px solid #f5d48a;border-radius:8px;padding:8px 12px;margin-top:12px;
 font-size:13px}
.note div{margin:2px 0}
.panel{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:14px 16px}
.metric{display:none}
.pick{margin:0 0 10px;font-size:13px;color:var(--mute)}
.pick label{margin-right:14px;cursor:pointer;color:var(--ink)}
#m-flops:checked~.panel .metric.flops,#m-tf_flops:checked~.panel .metric.tf_flops,
#m-maccs:checked~.panel .metric.maccs{display:block}
.radio{position:absolute;opacity:0}
#m-flops:checked~.pick label[for=m-flops],#m-tf_flops:checked~.pick label[for=m-tf_flops],
#m-maccs:checked~.pick label[for=m-maccs]{font-weight:700;border-bottom:2px solid var(--accent)}
.cap{font-size:13px;color:var(--mute);margin:10px 0 4px}
svg text{font-family:inherit}
svg .lbl{fill:#fff;font-size:12px;paint-order:stroke;stroke:rgba(0,0,0,.35);stroke-width:2px}
svg .lbl.b{font-weight:650}
svg rect.cell{stroke:#fff;stroke-width:1.5}
.legend{display:flex;flex-wrap:wrap;gap:4px 16px;font-size:12px;margin-top:6px}
.legend span i{display:inline-block;width:11px;height:11px;border-radius:2px;margin-right:5px;
 vertical-align:-1px}
table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums;font-size:13px}
th,td{padding:4px 8px;border-bottom:1px solid var(--line);text-align:left;white-space:nowrap}
th{position:sticky;top:0;background:#eef1f5;cursor:pointer;user-select:none}
th.num,td.num{text-align:right}
th.on::after{content:" \\25BE"}
th.on.asc::after{content:" \\25B4"}
td.name{white-space:normal;word-break:break-all;max-width:520px}
td.f{color:var(--mute);white-space:normal}
tfoot td{font-weight:700;border-top:2px solid #c9ced6}
.bar{display:inline-block;height:9px;background:var(--accent);border-radius:2px;vertical-align:0;
 margin-right:6px}
.tools{display:flex;gap:12px;align-items:center;margin:0 0 8px}
.tools input{padding:5px 8px;border:1px solid #c9ced6;border-radius:6px;width:320px}
.tools .cnt{color:var(--mute);font-size:13px}
.tools button{padding:4px 10px;border:1px solid #c9ced6;background:#fff;border-radius:6px;cursor:pointer}
.scroll{max-height:640px;overflow:auto;border:1px solid var(--line);border-radius:8px;background:#fff}
.unsup{color:#b42318}
"""

JS = r"""
(function(){
const D = JSON.parse(document.getElementById('macc-data').textContent);
const SUF = ['', 'k', 'M', 'G', 'T', 'P', 'E'], NUM = ['int', 'count', 'share'];
function human(n){
  if (D.exact) return n.toLocaleString('en-US');
  if (n < 1000) return String(n);
  let i = 0, x = n;
  while (x >= 999.5 && i < SUF.length - 1){ x /= 1000; i++; }
  const d = x < 9.995 ? 2 : x < 99.95 ? 1 : 0;
  return x.toFixed(d) + ' ' + SUF[i];
}
function pct(s){ return s <= 0 ? '0 %' : s < 0.0005 ? '<0.1 %' : (100*s).toFixed(1) + ' %'; }
const ENT = {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;'};
function esc(t){ return String(t).replace(/[&<>"]/g, c => ENT[c]); }
function cell(v, c){
  if (c.t === 'count') return '<td class="num">' + v.toLocaleString('en-US') + '</td>';
  if (c.t === 'int') return '<td class="num" title="' + v.toLocaleString('en-US') + '">' + human(v) + '</td>';
  if (c.t === 'share') return '<td class="num"><span class="bar" style="width:' + Math.round(60*v) +
      'px"></span>' + pct(v) + '</td>';
  return '<td class="' + (c.cls || '') + '">' + esc(v) + '</td>';
}
function grid(el, spec){
  const cols = spec.cols, all = spec.rows;
  let key = spec.sort, asc = false, query = '', limit = spec.limit || 1e9;
  const box = document.getElementById(el);
  box.innerHTML = (spec.filter ? '<div class="tools"><input placeholder="filter by name or op" ' +
      'aria-label="filter"><span class="cnt"></span><button hidden>show all</button></div>' : '') +
      '<div class="scroll"><table><thead><tr></tr></thead><tbody></tbody><tfoot></tfoot></table></div>';
  const head = box.querySelector('thead tr'), body = box.querySelector('tbody');
  head.innerHTML = cols.map((c, i) => '<th data-i="' + i + '" class="' +
      (NUM.includes(c.t) ? 'num' : '') + '">' + esc(c.h) + '</th>').join('');
  box.querySelector('tfoot').innerHTML =
      '<tr>' + spec.total.map((v, i) => cell(v, cols[i])).join('') + '</tr>';
  function draw(){
    let rows = all;
    if (query){ const q = query.toLowerCase();
      rows = rows.filter(r => String(r[0]).toLowerCase().includes(q) ||
                              String(r[1]).toLowerCase().includes(q)); }
    if (key !== null){
      const i = key, s = asc ? 1 : -1, num = NUM.includes(cols[i].t);
      rows = rows.slice().sort((a, b) => num ? s*(a[i] - b[i]) : s*String(a[i]).localeCompare(String(b[i])));
    }
    const shown = rows.slice(0, limit);
    body.innerHTML = shown.map(r => '<tr>' + cols.map((c, i) => cell(r[i], c)).join('') + '</tr>').join('');
    head.querySelectorAll('th').forEach(th => { th.className = th.className.replace(/ ?on| ?asc/g, '');
      if (+th.dataset.i === key) th.className += ' on' + (asc ? ' asc' : ''); });
    if (spec.filter){
      box.querySelector('.cnt').textContent = 'showing ' + shown.length.toLocaleString('en-US') + ' of ' +
        rows.length.toLocaleString('en-US') + ' nodes';
      box.querySelector('button').hidden = shown.length === rows.length;
    }
  }
  head.addEventListener('click', e => { const th = e.target.closest('th'); if (!th) return;
    const i = +th.dataset.i;
    if (key === i) asc = !asc;
    else { key = i; asc = !NUM.includes(cols[i].t); }
    draw(); });
  if (spec.filter){
    box.querySelector('input').addEventListener('input', e => { query = e.target.value; draw(); });
    box.querySelector('button').addEventListener('click', () => { limit = 1e9; draw(); });
  }
  draw();
}
grid('ops', D.ops);
grid('nodes', D.nodes);
})();
"""
