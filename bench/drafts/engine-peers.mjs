// The reference engines of the drafts engine benchmark (issue 4): Yjs and ot-text-unicode
// replaying one sequential editing trace, timed and measured the way arena-ot-bench
// (engine_bench.cpp) measures the C++ engine. Not a test.
//
//   node --expose-gc engine-peers.mjs --engine yjs|ottext --trace FILE.json.gz [--name NAME] [--iterations N]
//
// One engine and one trace per process, so that the memory figures are that engine's alone.
// Each patch [pos, del, ins] of the trace (positions and counts in Unicode code points) becomes:
//   ottext  the op [pos, {d: del}, ins] (empty parts left out, as the package normalises)
//           applied with type.apply to the document, a JS string (the package's own
//           representation, which ShareDB uses);
//   yjs     one transaction on a Y.Text: delete(pos', del') then insert(pos', ins), where pos'
//           and del' are in UTF-16 units, Y.Text's unit. They are converted beforehand, outside
//           the timed part, by tracking where the astral code points (the only ones that take
//           two UTF-16 units) are; automerge-paper and seph-blog1 have none, so there the
//           numbers are unchanged.
// What is timed: the replay of every patch from startContent, op building included; parsing is
// not. --iterations runs (default 5), median/min/max printed; every run must end at endContent.
//
// Memory, on the first run only:
//   heap_retained_bytes  V8's heapUsed after a full GC with the final document alive, minus the
//                        same before the run (for Yjs this is the whole Y.Doc, history included).
//   rss_peak_delta_kb    peak RSS during the run (VmHWM, reset just before through
//                        /proc/self/clear_refs) minus VmRSS before it.
// CPU time of each run (process.cpuUsage: user + system, every thread of the process, so V8's
// GC helpers count) is printed beside the wall-clock time, as arena-ot-bench does.
// Output: key=value lines, as arena-ot-bench prints.
import fs from 'node:fs';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

function arg(name, dflt) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && i + 1 < process.argv.length ? process.argv[i + 1] : dflt;
}

const engine = arg('engine');
const file = arg('trace');
const iterations = Number(arg('iterations', '5'));
if (!['yjs', 'ottext'].includes(engine) || !file || !(iterations >= 1 && iterations <= 100)) {
  console.error('usage: node --expose-gc engine-peers.mjs --engine yjs|ottext --trace FILE.json.gz [--name NAME] [--iterations N]');
  process.exit(2);
}
const name = arg('name', file.replace(/^.*\//, '').replace(/\.json.*$/, ''));
const out = (k, v) => console.log(`${k}=${v}`);
out('engine', engine);
out('trace', name);
if (!fs.existsSync(file)) {
  out('skipped', `trace not found at ${file}`);
  process.exit(0);
}
if (typeof global.gc !== 'function') {
  console.error('engine-peers.mjs: run with node --expose-gc');
  process.exit(2);
}

// ---- the trace, flattened: pos, del (code points), ins -----------------------------------
let start, end;
const pos = [], del = [], ins = [];
{
  const j = JSON.parse(zlib.gunzipSync(fs.readFileSync(file)).toString('utf8'));
  if (typeof j.startContent !== 'string' || !Array.isArray(j.txns)) {
    out('error', `${file}: not a sequential trace (startContent, txns)`);
    process.exit(1);
  }
  start = j.startContent;
  end = j.endContent;
  for (const t of j.txns) for (const p of t.patches) { pos.push(p[0]); del.push(p[1]); ins.push(p[2]); }
}
const n = pos.length;

// Code points to UTF-16 units, for Yjs: keep the sorted code point positions of astral
// characters in the document; a position's UTF-16 offset is itself plus the astral ones before it.
function toUtf16() {
  const astral = [];
  const astralIn = (s) => { const r = []; let i = 0; for (const ch of s) { if (ch.codePointAt(0) > 0xffff) r.push(i); i++; } return r; };
  for (const a of astralIn(start)) astral.push(a);
  const lower = (x) => { let lo = 0, hi = astral.length; while (lo < hi) { const m = (lo + hi) >> 1; if (astral[m] < x) lo = m + 1; else hi = m; } return lo; };
  const upos = new Array(n), udel = new Array(n);
  for (let i = 0; i < n; i++) {
    const p = pos[i], d = del[i];
    const a = lower(p), b = lower(p + d);
    upos[i] = p + a;
    udel[i] = d + (b - a);
    const added = astralIn(ins[i]);
    const shift = [...ins[i]].length - d;  // the inserted text's length in code points, minus the deleted
    const tail = astral.slice(b).map((x) => x + shift);
    astral.length = a;
    for (const x of added) astral.push(p + x);
    for (const x of tail) astral.push(x);
  }
  return [upos, udel];
}

// ---- the engines -----------------------------------------------------------------------
let replay;
if (engine === 'ottext') {
  const { type } = require('ot-text-unicode');
  replay = () => {
    let doc = type.create(start);
    for (let i = 0; i < n; i++) {
      const op = [];
      if (pos[i] > 0) op.push(pos[i]);
      if (del[i] > 0) op.push({ d: del[i] });
      if (ins[i].length > 0) op.push(ins[i]);
      doc = type.apply(doc, op);
    }
    return { doc, text: () => doc };
  };
} else {
  const Y = require('yjs');
  const [upos, udel] = toUtf16();
  replay = () => {
    const ydoc = new Y.Doc();
    const text = ydoc.getText('t');
    if (start.length) text.insert(0, start);
    for (let i = 0; i < n; i++) {
      const p = upos[i], d = udel[i], s = ins[i];
      ydoc.transact(() => {
        if (d > 0) text.delete(p, d);
        if (s.length > 0) text.insert(p, s);
      });
    }
    return { doc: ydoc, text: () => text.toString() };
  };
}

function statusKb(key) {
  const m = fs.readFileSync('/proc/self/status', 'utf8').match(new RegExp(`^${key}:\\s*(\\d+)`, 'm'));
  return m ? Number(m[1]) : -1;
}
function resetPeakRss() {
  try { fs.writeFileSync('/proc/self/clear_refs', '5'); return true; } catch { return false; }
}

const ms = [], cpuMs = [];
let retained = 0, peakDelta = -1, endOk = true;
for (let it = 0; it < iterations; it++) {
  global.gc();
  const heap0 = process.memoryUsage().heapUsed;
  const rss0 = statusKb('VmRSS');
  const peakOk = it === 0 && resetPeakRss();
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const r = replay();
  const t1 = process.hrtime.bigint();
  const c1 = process.cpuUsage(c0);
  cpuMs.push((c1.user + c1.system) / 1000);
  if (it === 0) {
    if (peakOk) peakDelta = statusKb('VmHWM') - rss0;
    global.gc();
    retained = process.memoryUsage().heapUsed - heap0;
  }
  if (r.text() !== end) endOk = false;
  ms.push(Number(t1 - t0) / 1e6);
}
const medianOf = (v) => {
  const s = [...v].sort((a, b) => a - b), h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
};
const sorted = [...ms].sort((a, b) => a - b);
const median = medianOf(ms);
out('patches', n);
out('iterations', iterations);
out('ms_median', median);
out('ms_min', sorted[0]);
out('ms_max', sorted[sorted.length - 1]);
out('cpu_ms_median', medianOf(cpuMs));
out('ms_runs', ms.map((x) => x.toFixed(3)).join(','));
out('ns_per_patch', (median * 1e6) / n);
out('heap_retained_bytes', retained);
out('rss_peak_delta_kb', peakDelta);
out('end_ok', endOk ? 1 : 0);
process.exit(endOk ? 0 : 1);
