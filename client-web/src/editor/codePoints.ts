// UTF-16 offsets (what CodeMirror and JavaScript strings count) to Unicode code points (what
// the draft protocol counts) and back.
//
// The two differ only by the characters outside the Basic Multilingual Plane (emoji, some CJK,
// mathematical letters): one code point, two UTF-16 units. Rather than rescanning the text on
// every keystroke, the index keeps the sorted UTF-16 offsets of those surrogate pairs. Then
//   codePoint(u) = u − (pairs that start before u)              (binary search)
//   utf16(c)     = c + (pairs whose code-point offset is below c) (binary search; pair j sits at
//                  code point pos[j] − j, which is increasing in j)
// An edit removes the pairs in the replaced range, shifts those after it by the change in
// length and adds the pairs of the inserted text: its cost is the inserted text plus the
// number of pairs after the edit, never the whole document. Æ, ø and å are in the BMP: one unit,
// one code point. No DOM here.

export interface TextChange {
  /** Replaced range in the old text, UTF-16 offsets. */
  from: number;
  to: number;
  /** The text put in its place. */
  insert: string;
}

/** Offsets of the high surrogates of the pairs in `s`, plus `base`. */
function pairsIn(s: string, base: number, out: number[]): void {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        out.push(base + i);
        i++;
      }
    }
  }
}

/** First index in the sorted array with a[i] >= x. */
function lowerBound(a: readonly number[], x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Where the surrogate pairs of a text are, kept up to date through edits. */
export class CodePointIndex {
  private pairs: number[] = [];
  private lengthUtf16 = 0;

  constructor(text = '') {
    this.reset(text);
  }

  /** Forgets everything and indexes `text` (a reload). */
  reset(text: string): void {
    this.pairs = [];
    pairsIn(text, 0, this.pairs);
    this.lengthUtf16 = text.length;
  }

  /** The text's length in UTF-16 units and in code points. */
  get utf16Length(): number {
    return this.lengthUtf16;
  }

  get codePointLength(): number {
    return this.lengthUtf16 - this.pairs.length;
  }

  /** Code point offset of a UTF-16 offset (one inside a pair counts the pair as before it). */
  toCodePoint(utf16: number): number {
    return utf16 - lowerBound(this.pairs, utf16);
  }

  /** UTF-16 offset of a code point offset. */
  toUtf16(codePoint: number): number {
    // The number of pairs j with pos[j] - j < codePoint.
    let lo = 0;
    let hi = this.pairs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.pairs[mid]! - mid < codePoint) lo = mid + 1;
      else hi = mid;
    }
    return codePoint + lo;
  }

  /**
   * Applies edits given in old-text coordinates, sorted by `from` and not overlapping (the shape
   * of a CodeMirror ChangeSet). Done from the last to the first, so earlier offsets stay valid.
   */
  apply(changes: readonly TextChange[]): void {
    for (let k = changes.length - 1; k >= 0; k--) {
      const { from, to, insert } = changes[k]!;
      const a = lowerBound(this.pairs, from);
      const b = lowerBound(this.pairs, to);
      const delta = insert.length - (to - from);
      const added: number[] = [];
      pairsIn(insert, from, added);
      const tail = this.pairs.slice(b);
      if (delta !== 0) for (let i = 0; i < tail.length; i++) tail[i]! += delta;
      this.pairs.length = a;
      for (const p of added) this.pairs.push(p);
      for (const p of tail) this.pairs.push(p);
      this.lengthUtf16 += delta;
    }
  }
}

/** Code points in a string (for short strings; the index is for documents). */
export function codePointLength(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}
