#!/usr/bin/env node
// Differential test of server/drafts/ot against the npm package ot-text-unicode 4.x, which the
// browser client runs. Generates random documents and ops (ASCII, æ ø å, combining marks, CJK,
// emoji and other astral code points, deletes counted and with text), computes the expected
// answer with the package, runs the same cases through the C++ driver (driver.cpp) and fails
// on any difference. A second group of invalid ops must be refused by the C++ engine with
// bad_request (the package accepts some of them, or hangs on them).
//
//   npm ci --prefix tests/ot-diff
//   node tests/ot-diff/run.mjs --driver build/tests/ot_diff_driver [--seed N] [--cases N] [-v]
//
// Runs a fixed seed, then a random one that it prints (rerun it with --seed). Ends with the
// line "N passed, M failed"; exits 1 on any failure, 2 on a usage or setup problem.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';

const FIXED_SEED = 20240601;
const DEFAULT_CASES_PER_FN = 2000;
const SHOW_FAILURES = 10;
const BATCH = 20000; // cases per driver run

const args = process.argv.slice(2);
const opt = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const driver = opt('--driver');
const casesPerFn = Number(opt('--cases') ?? DEFAULT_CASES_PER_FN);
const verbose = args.includes('-v') || args.includes('--verbose');
if (!driver || !Number.isInteger(casesPerFn) || casesPerFn < 1) {
  console.error('usage: node run.mjs --driver PATH [--seed N] [--cases N] [-v]');
  process.exit(2);
}
if (!existsSync(driver)) {
  console.error(`driver not found: ${driver} (build the ot_diff_driver target)`);
  process.exit(2);
}
const require = createRequire(import.meta.url);
let type;
try {
  ({ type } = require('ot-text-unicode'));
} catch {
  console.error('ot-text-unicode is not installed: run npm ci --prefix tests/ot-diff');
  process.exit(2);
}
const randomSeed = opt('--seed') !== undefined
  ? Number(opt('--seed')) >>> 0
  : (Math.floor(Math.random() * 0xffffffff) >>> 0) || 1;

// xorshift32: small, seedable, the same on every machine.
function makeRandom(seed) {
  let x = seed >>> 0 || 0x9e3779b9;
  const next = () => {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    return x;
  };
  const below = (n) => (n <= 0 ? 0 : next() % n);
  const chance = (percent) => below(100) < percent;
  const pick = (list) => list[below(list.length)];
  return { below, chance, pick };
}

// Whole code points (some multi-unit in UTF-16, some multi-byte in UTF-8).
const POOL = [
  'a', 'b', 'c', 'd', 'x', ' ', '\n', 'æ', 'ø', 'å', 'Æ', 'Ø', 'Å', 'é', '\u0301', '漢',
  '€', '😀', '🎉', '𝒳', '𐍈', '👍', '🏽', '\u200d', '"', '\\',
];

function generators(rnd) {
  const text = (max) => {
    let s = '';
    const n = 1 + rnd.below(max);
    for (let i = 0; i < n; i++) s += rnd.pick(POOL);
    return s;
  };
  const doc = () => (rnd.chance(8) ? '' : text(rnd.chance(15) ? 60 : 12));
  // A valid op against doc (given as an array of code points), normalised by the package.
  const op = (cps) => {
    const out = [];
    let pos = 0;
    while (!rnd.chance(15)) {
      const left = cps.length - pos;
      switch (rnd.below(4)) {
        case 0:
          if (left > 0) { const k = 1 + rnd.below(Math.min(left, 6)); out.push(k); pos += k; }
          break;
        case 1:
          out.push(text(4));
          break;
        case 2:
          if (left > 0) { const k = 1 + rnd.below(Math.min(left, 4)); out.push({ d: k }); pos += k; }
          break;
        case 3:
          if (left > 0) {
            const k = 1 + rnd.below(Math.min(left, 4));
            out.push({ d: cps.slice(pos, pos + k).join('') });
            pos += k;
          }
          break;
      }
    }
    return type.normalize(out);
  };
  // Components in any order, with empties, neighbours of the same kind and trailing skips.
  const messy = () => {
    const out = [];
    const n = rnd.below(8);
    for (let i = 0; i < n; i++) {
      switch (rnd.below(6)) {
        case 0: out.push(rnd.below(4)); break;
        case 1: out.push(rnd.chance(20) ? '' : text(3)); break;
        case 2: out.push({ d: rnd.below(3) }); break;
        case 3: out.push({ d: rnd.chance(20) ? '' : text(3) }); break;
        default: out.push(rnd.chance(50) ? 1 + rnd.below(3) : text(2)); break;
      }
    }
    return out;
  };
  return { text, doc, op, messy };
}

const cps = (s) => [...s];

// Cases whose expected answer is whatever the package says (an error if it throws).
function* differentialCases(seed, n) {
  const rnd = makeRandom(seed);
  const g = generators(rnd);
  // compute gets its own copy of the input: the package's normalize merges neighbouring
  // deletes by writing into the caller's component objects.
  const add = (input, compute) => {
    const line = JSON.stringify(input);
    let expected;
    try {
      expected = { ok: true, result: compute(JSON.parse(line)) };
    } catch (e) {
      expected = { ok: false, why: String(e.message) };
    }
    return { input, line, expected };
  };
  for (let i = 0; i < n; i++) {
    const d = g.doc();
    const a = g.op(cps(d));
    yield add({ fn: 'apply', doc: d, op: a }, (c) => type.apply(c.doc, c.op));
  }
  for (let i = 0; i < n; i++) {
    const d = g.doc();
    const a = g.op(cps(d));
    const b = g.op(cps(d));
    const side = rnd.chance(50) ? 'left' : 'right';
    yield add({ fn: 'transform', op: a, other: b, side }, (c) => type.transform(c.op, c.other, c.side));
  }
  for (let i = 0; i < n; i++) {
    const d = g.doc();
    const a = g.op(cps(d));
    const b = g.op(cps(type.apply(d, a)));
    yield add({ fn: 'compose', a, b }, (c) => type.compose(c.a, c.b));
  }
  for (let i = 0; i < n; i++) {
    const d = g.doc();
    const o = g.op(cps(d));
    const cursor = rnd.below(cps(d).length + 3);
    yield add({ fn: 'transformPosition', cursor, op: o }, (c) => type.transformPosition(c.cursor, c.op));
  }
  for (let i = 0; i < n; i++) {
    const d = g.doc();
    const o = g.op(cps(d));
    const len = cps(d).length + 1;
    const selection = rnd.chance(20) ? rnd.below(len) : [rnd.below(len), rnd.below(len)];
    yield add({ fn: 'transformSelection', selection, op: o }, (c) => type.transformSelection(c.selection, c.op));
  }
  for (let i = 0; i < n; i++) {
    const o = g.messy();
    yield add({ fn: 'normalize', op: o }, (c) => type.normalize(c.op));
  }
  for (let i = 0; i < n; i++) {
    const d = g.doc();
    const o = g.op(cps(d));
    yield add({ fn: 'makeInvertible', op: o, doc: d }, (c) => type.makeInvertible(c.op, c.doc));
  }
  for (let i = 0; i < n; i++) {
    const d = g.doc();
    const raw = g.op(cps(d));
    const o = rnd.chance(80) ? type.makeInvertible(raw, d) : raw;
    yield add({ fn: 'invert', op: o }, (c) => type.invert(c.op));
  }
  for (let i = 0; i < n; i++) {
    const d = g.doc();
    const o = g.op(cps(d));
    yield add({ fn: 'stripInvertible', op: o }, (c) => type.stripInvertible(c.op));
  }
}

// Ops the engine must refuse. The package is not consulted: it accepts several of these
// (deletes past the end, {d:"text"} that does not match, ["a","b"]) and hangs on huge skips.
function* strictCases(seed, n) {
  const rnd = makeRandom(seed ^ 0x5bd1e995);
  const g = generators(rnd);
  const reject = (input) => ({ input, line: JSON.stringify(input), expected: { ok: false, why: 'must be refused' } });
  const fixed = [
    { fn: 'apply', doc: 'abc', op: [1e300, 'X'] },
    { fn: 'apply', doc: 'abc', op: [2 ** 60, 'X'] },
    { fn: 'apply', doc: 'abc', op: [4, 'X'] },
    { fn: 'apply', doc: 'abc', op: [1, { d: 3 }] },
    { fn: 'apply', doc: 'abc', op: [1, { d: 'x' }] },
    { fn: 'apply', doc: 'a😀c', op: [1, { d: '😀c!' }] },
    { fn: 'apply', doc: 'abc', op: ['a', 'b'] },
    { fn: 'apply', doc: 'abc', op: [1, 1, 'x'] },
    { fn: 'apply', doc: 'abc', op: [1] },
    { fn: 'apply', doc: 'abc', op: [0, 'x'] },
    { fn: 'apply', doc: 'abc', op: [''] },
    { fn: 'apply', doc: 'abc', op: [{ d: 0 }] },
    { fn: 'apply', doc: 'abc', op: [{ d: '' }] },
    { fn: 'apply', doc: 'abc', op: [{ d: 1 }, { d: 'b' }] },
    { fn: 'apply', doc: 'abc', op: [-1, 'x'] },
    { fn: 'apply', doc: 'abc', op: [1.5, 'x'] },
    { fn: 'apply', doc: 'abc', op: [{ d: -2 }] },
    { fn: 'apply', doc: 'abc', op: [{ d: 1.5 }] },
    { fn: 'apply', doc: 'abc', op: [{ x: 1 }] },
    { fn: 'apply', doc: 'abc', op: [{ d: 1, x: 1 }] },
    { fn: 'apply', doc: 'abc', op: [null] },
    { fn: 'apply', doc: 'abc', op: [true] },
    { fn: 'apply', doc: 'abc', op: 'abc' },
    { fn: 'apply', doc: 'abc', op: ['\ud800'] },
    { fn: 'apply', doc: 'abc', op: ['a\udc00b'] },
    { fn: 'apply', doc: 'abc', op: [{ d: '\ud83d' }] },
    { fn: 'transform', op: ['a', 'b'], other: [1, 'x'], side: 'left' },
    { fn: 'transform', op: [1, 'a'], other: [2], side: 'left' },
    { fn: 'transform', op: [1, 'a'], other: [1, 'b'], side: 'middle' },
    { fn: 'compose', a: [{ d: 1 }, { d: 2 }], b: [] },
    { fn: 'compose', a: [], b: [3, 4, 'x'] },
    { fn: 'transformPosition', cursor: 1, op: [1] },
    { fn: 'invert', op: [1, { d: 2 }] },
  ];
  for (const input of fixed) yield reject(input);
  // Random valid ops, broken in one of several ways.
  for (let i = 0; i < n; i++) {
    const d = g.text(10);
    const len = cps(d).length;
    let o = g.op(cps(d));
    switch (rnd.below(5)) {
      case 0: o = [...o, 'x', len + 1 + rnd.below(3), 'y']; break;              // skip past the end
      case 1: o = [...o.filter((c) => typeof c !== 'number'), { d: len + 1 }]; break;
      case 2: o = [...o, ...(o.length && typeof o[o.length - 1] === 'number' ? ['z'] : []), 1 + rnd.below(3)]; break; // trailing skip
      case 3: o = ['p', 'q', ...o]; break;                                       // two inserts
      case 4: o = [{ d: cps(d).slice(0, 1).join('') + 'Ω' }, ...o]; break;       // wrong text
    }
    yield reject({ fn: 'apply', doc: d, op: o });
  }
}

function runDriver(cases) {
  const input = cases.map((c) => c.line).join('\n') + '\n';
  const res = spawnSync(driver, [], { input, maxBuffer: 1 << 30, encoding: 'utf8' });
  if (res.error || res.status !== 0) {
    console.error(`driver failed: ${res.error ?? `exit ${res.status}`}\n${res.stderr ?? ''}`);
    process.exit(2);
  }
  const lines = res.stdout.split('\n').filter((l) => l.length > 0);
  if (lines.length !== cases.length) {
    console.error(`driver answered ${lines.length} lines for ${cases.length} cases`);
    process.exit(2);
  }
  return lines.map((l) => JSON.parse(l));
}

function judge(c, got) {
  if (!c.expected.ok) {
    if (got.ok) return 'expected an error, got a result';
    if (c.input.fn !== undefined && c.expected.why === 'must be refused' &&
        !['bad_request', 'invalid_json'].includes(got.error?.code)) {
      return `expected bad_request, got ${got.error?.code}`;
    }
    return null;
  }
  if (!got.ok) return `expected a result, got error ${JSON.stringify(got.error)}`;
  return JSON.stringify(got.result) === JSON.stringify(c.expected.result) ? null : 'results differ';
}

let passed = 0;
let failed = 0;
const perFn = {};
const shown = [];
const seeds = [FIXED_SEED, randomSeed];
console.log(`ot-diff: ot-text-unicode ${require('ot-text-unicode/package.json').version} vs ${driver}`);
console.log(`seeds: fixed ${FIXED_SEED}, random ${randomSeed} (rerun with --seed ${randomSeed}); ${casesPerFn} cases per function per seed`);
// Cases go to the driver in batches, so that a soak run (--cases 200000) never holds more
// than one batch in memory.
function* batches(iterables, size) {
  let batch = [];
  for (const it of iterables) {
    for (const c of it) {
      batch.push(c);
      if (batch.length === size) { yield batch; batch = []; }
    }
  }
  if (batch.length > 0) yield batch;
}
for (const seed of seeds) {
  const all = [differentialCases(seed, casesPerFn), strictCases(seed, Math.ceil(casesPerFn / 4))];
  for (const cases of batches(all, BATCH)) {
    const answers = runDriver(cases);
    cases.forEach((c, i) => {
      const why = judge(c, answers[i]);
      const key = c.expected.why === 'must be refused' ? 'refused' : c.input.fn;
      perFn[key] ??= { passed: 0, failed: 0 };
      if (why === null) {
        passed++;
        perFn[key].passed++;
      } else {
        failed++;
        perFn[key].failed++;
        if (shown.length < SHOW_FAILURES) {
          shown.push({ seed, why, input: c.line, expected: c.expected, got: answers[i] });
        }
      }
    });
  }
}
for (const f of shown) {
  console.log(`FAIL (seed ${f.seed}) ${f.why}\n  case:     ${f.input}\n  expected: ${JSON.stringify(f.expected)}\n  got:      ${JSON.stringify(f.got)}`);
}
if (verbose || failed > 0) {
  for (const [fn, r] of Object.entries(perFn)) console.log(`  ${fn}: ${r.passed} passed, ${r.failed} failed`);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
