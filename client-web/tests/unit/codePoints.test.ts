import { type as textType } from 'ot-text-unicode';
import { describe, expect, it } from 'vitest';
import { CodePointIndex, codePointLength, type TextChange } from '../../src/editor/codePoints';
import { changesToOp, opToChanges } from '../../src/editor/textOps';
import { rng } from './draftSim';

/** Reference conversions by scanning (what the index avoids doing per keystroke). */

const toU16 = (s: string, c: number) => [...s].slice(0, c).join('').length;

function applyChanges(s: string, changes: readonly TextChange[]): string {
  let out = s;
  for (let k = changes.length - 1; k >= 0; k--) {
    const ch = changes[k]!;
    out = out.slice(0, ch.from) + ch.insert + out.slice(ch.to);
  }
  return out;
}

describe('CodePointIndex', () => {
  it('counts emoji as one code point and two UTF-16 units; æøå as one of each', () => {
    const s = 'Bærekraft 😀 og 👍🏽 på 𝔘tstyr å';
    const idx = new CodePointIndex(s);
    expect(idx.utf16Length).toBe(s.length);
    expect(idx.codePointLength).toBe([...s].length);
    for (let c = 0; c <= [...s].length; c++) {
      expect(idx.toUtf16(c)).toBe(toU16(s, c));
      expect(idx.toCodePoint(toU16(s, c))).toBe(c);
    }
    expect(codePointLength('æøå😀')).toBe(4);
  });

  it('stays right through random edits without rescanning', () => {
    const random = rng(42);
    const pieces = ['a', 'æ', 'ø', 'å', '😀', '🇳🇴', 'krav', '\n', '𝔘'];
    let text = 'Start 😀 æøå';
    const idx = new CodePointIndex(text);
    for (let i = 0; i < 500; i++) {
      // One or two non-overlapping changes at code point boundaries, like a CodeMirror transaction.
      const cps = [...text];
      const a = Math.floor(random() * (cps.length + 1));
      const b = Math.min(cps.length, a + Math.floor(random() * 3));
      const changes: TextChange[] = [{ from: toU16(text, a), to: toU16(text, b), insert: pieces[Math.floor(random() * pieces.length)]! }];
      if (random() < 0.3 && b < cps.length) {
        const c = b + 1 + Math.floor(random() * (cps.length - b));
        changes.push({ from: toU16(text, Math.min(c, cps.length)), to: toU16(text, Math.min(c + 1, cps.length)), insert: random() < 0.5 ? '' : '😀' });
      }
      const op = changesToOp(changes, idx);
      const back = opToChanges(op, idx);
      const next = applyChanges(text, changes);
      expect(textType.apply(text, op)).toBe(next);
      expect(applyChanges(text, back)).toBe(next);
      idx.apply(changes);
      text = next;
      expect(idx.codePointLength).toBe([...text].length);
      const probe = Math.floor(random() * ([...text].length + 1));
      expect(idx.toUtf16(probe)).toBe(toU16(text, probe));
    }
  });

  it('builds normalised ops (no trailing skip, neighbours merged)', () => {
    const idx = new CodePointIndex('😀abc');
    expect(changesToOp([{ from: 2, to: 3, insert: 'X' }], idx)).toEqual([1, 'X', { d: 1 }]);
    expect(changesToOp([{ from: 0, to: 0, insert: 'æ' }, { from: 0, to: 2, insert: '' }], idx)).toEqual(['æ', { d: 1 }]);
    expect(opToChanges([1, 'ø', { d: 2 }], idx)).toEqual([{ from: 2, to: 4, insert: 'ø' }]);
  });
});
