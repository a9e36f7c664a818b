// Editor changes (UTF-16, CodeMirror's shape) to ot-text-unicode ops (code points) and back.
// Both directions read the CodePointIndex of the text *before* the edit; the caller updates
// the index afterwards with the same changes. No DOM here.
import type { TextOp } from 'ot-text-unicode';
import { codePointLength, type CodePointIndex, type TextChange } from './codePoints';

/** Appends a component, merging with a neighbour of the same kind (ops must be normalised). */
function push(op: TextOp, c: number | string | { d: number }): void {
  if (typeof c === 'number' && c === 0) return;
  if (typeof c === 'string' && c.length === 0) return;
  if (typeof c === 'object' && c.d === 0) return;
  const last = op[op.length - 1];
  if (typeof c === 'number' && typeof last === 'number') op[op.length - 1] = last + c;
  else if (typeof c === 'string' && typeof last === 'string') op[op.length - 1] = last + c;
  else if (typeof c === 'object' && typeof last === 'object' && typeof last.d === 'number') {
    op[op.length - 1] = { d: last.d + c.d };
  } else op.push(c);
}

/** An op for changes in old-text coordinates, sorted and not overlapping. */
export function changesToOp(changes: readonly TextChange[], index: CodePointIndex): TextOp {
  const op: TextOp = [];
  let at = 0; // code points consumed so far
  for (const ch of changes) {
    const from = index.toCodePoint(ch.from);
    const to = index.toCodePoint(ch.to);
    push(op, from - at);
    // Insert before delete: the order ot-text-unicode's normalize() produces.
    push(op, ch.insert);
    push(op, { d: to - from });
    at = to;
  }
  // No trailing skip.
  while (op.length > 0 && typeof op[op.length - 1] === 'number') op.pop();
  return op;
}

/** The changes an op makes, in old-text UTF-16 coordinates, sorted. */
export function opToChanges(op: TextOp, index: CodePointIndex): TextChange[] {
  const out: TextChange[] = [];
  let at = 0; // code point position in the old text
  for (const c of op) {
    if (typeof c === 'number') {
      at += c;
    } else if (typeof c === 'string') {
      const u = index.toUtf16(at);
      const last = out[out.length - 1];
      if (last && last.to === u && last.insert === '' ) last.insert = c;
      else out.push({ from: u, to: u, insert: c });
    } else {
      const n = typeof c.d === 'number' ? c.d : codePointLength(c.d);
      const from = index.toUtf16(at);
      const to = index.toUtf16(at + n);
      const last = out[out.length - 1];
      if (last && last.to === from) last.to = to;
      else out.push({ from, to, insert: '' });
      at += n;
    }
  }
  return out;
}
