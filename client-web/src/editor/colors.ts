// Per-person colours in the editor without inline styles: the server's Content-Security-Policy
// (style-src 'self') refuses style attributes, so each colour gets a class whose rules live in a
// constructed style sheet (document.adoptedStyleSheets, which CSP does not govern; CodeMirror's
// own theme goes the same way).
const COLOR = /^#[0-9a-f]{6}$/i;
const made = new Set<string>();
let sheet: CSSStyleSheet | null = null;

function rgba(hex: string, alpha: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

/** A class for `color` ("#rrggbb"; anything else gets a neutral grey). */
export function colorClass(color: string): string {
  const hex = COLOR.test(color) ? color.toLowerCase() : '#6b7280';
  const cls = `cm-person-${hex.slice(1)}`;
  if (made.has(cls)) return cls;
  made.add(cls);
  try {
    if (!sheet) {
      sheet = new CSSStyleSheet();
      document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    }
    sheet.insertRule(`.${cls}.cm-remote-caret { border-left-color: ${hex}; }`);
    sheet.insertRule(`.${cls} .cm-remote-label { border-color: ${hex}; }`);
    sheet.insertRule(`.${cls}.cm-remote-selection { background-color: ${rgba(hex, 0.22)}; }`);
    sheet.insertRule(`.${cls}.cm-author { background-color: ${rgba(hex, 0.2)}; box-shadow: inset 0 -2px 0 ${hex}; }`);
    sheet.insertRule(`.${cls}.author-swatch { background-color: ${hex}; }`);
  } catch {
    // No constructable style sheets: the text stays readable, just uncoloured.
  }
  return cls;
}
