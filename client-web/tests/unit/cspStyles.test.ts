// @vitest-environment jsdom
import { StyleModule } from 'style-mod';
import { describe, expect, it } from 'vitest';
import { installCspSafeStyles, mergeModules } from '../../src/editor/cspStyles';

describe('CodeMirror styles without inline <style> (CSP)', () => {
  it('keeps style-mod\'s order: given modules keep their relative order, new ones join in place', () => {
    const [a, b, c, d] = [1, 2, 3, 4].map((i) => new StyleModule({ [`.m${i}`]: { color: 'red' } }));
    const list: StyleModule[] = [];
    expect(mergeModules(list, [a!, b!])).toBe(true);
    expect(mergeModules(list, [a!, b!])).toBe(false);
    expect(mergeModules(list, [c!, a!])).toBe(true);
    expect(list).toEqual([c, a, b]);
    expect(mergeModules(list, [b!, d!])).toBe(true);
    expect(list).toEqual([c, a, b, d]);
    // A conflicting order moves the module after the ones given before it.
    expect(mergeModules(list, [d!, a!])).toBe(true);
    expect(list.indexOf(d!)).toBeLessThan(list.indexOf(a!));
  });

  it('mounts into the document through an adopted sheet in a cascade layer, never a <style> element', () => {
    const adopted: CSSStyleSheet[] = [];
    const rules: string[] = [];
    class FakeSheet {
      replaceSync(text: string) {
        rules.splice(0, rules.length, text);
      }
    }
    const win = document.defaultView as unknown as { CSSStyleSheet: unknown };
    const saved = win.CSSStyleSheet;
    const savedAdopted = Object.getOwnPropertyDescriptor(document, 'adoptedStyleSheets');
    win.CSSStyleSheet = FakeSheet;
    Object.defineProperty(document, 'adoptedStyleSheets', {
      configurable: true, get: () => adopted, set: (v: CSSStyleSheet[]) => adopted.splice(0, adopted.length, ...v),
    });
    try {
      installCspSafeStyles();
      const mod = new StyleModule({ '.cm-test': { whiteSpace: 'pre-wrap' } });
      StyleModule.mount(document, mod);
      expect(document.querySelectorAll('style').length).toBe(0);
      expect(adopted.length).toBe(1);
      expect(rules[0]).toMatch(/^@layer codemirror \{/);
      expect(rules[0]).toContain('.cm-test');
      expect(rules[0]).toContain('white-space: pre-wrap');
    } finally {
      win.CSSStyleSheet = saved;
      if (savedAdopted) Object.defineProperty(document, 'adoptedStyleSheets', savedAdopted);
      else delete (document as unknown as { adoptedStyleSheets?: unknown }).adoptedStyleSheets;
    }
  });
});
