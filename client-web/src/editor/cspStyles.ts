// CodeMirror's own styles under our Content-Security-Policy (`style-src 'self'`, no inline
// styles).
//
// CodeMirror builds its themes at run time with style-mod, which puts the rules in a <style>
// element when the editor lives in a document. The policy refuses that element: the editor then
// runs without its base theme (no `white-space: pre-wrap`, so Chromium turns a typed trailing
// space into U+00A0 and back, changing the text people typed; no layout for carets, panels and
// tooltips) and the browser reports a policy violation. A constructed stylesheet adopted by the
// document is CSSOM, which the policy does not restrict, so mounts into a document go there
// instead.
//
// The rules sit in the cascade layer `codemirror`: an adopted sheet comes after the page's own
// stylesheets, and without the layer CodeMirror's rules would win every tie against ours
// (drafts.css styles the editor with selectors of the same specificity). In a layer they lose
// to all unlayered rules, as they did when the <style> element came first in <head>.
// Nothing happens at import time; call installCspSafeStyles() before the first EditorView.
import { StyleModule } from 'style-mod';

type Mount = (
  root: Document | ShadowRoot | DocumentOrShadowRoot,
  modules: StyleModule | readonly StyleModule[],
  options?: { nonce?: string },
) => void;

interface Mounted {
  sheet: CSSStyleSheet;
  /** In cascade order (later wins), kept as style-mod keeps it. */
  modules: StyleModule[];
}

const mounted = new WeakMap<Document, Mounted>();
let installed = false;

function canAdopt(doc: Document): boolean {
  const Sheet = doc.defaultView?.CSSStyleSheet;
  return 'adoptedStyleSheets' in doc && typeof Sheet === 'function' && 'replaceSync' in Sheet.prototype;
}

/** style-mod's ordering: the given modules keep their relative order, new ones join in place. */
export function mergeModules(current: StyleModule[], list: readonly StyleModule[]): boolean {
  let changed = false;
  let j = 0;
  for (const mod of list) {
    let index = current.indexOf(mod);
    if (index > -1 && index < j) {
      current.splice(index, 1);
      j--;
      index = -1;
      changed = true;
    }
    if (index === -1) {
      current.splice(j++, 0, mod);
      changed = true;
    } else {
      j = index + 1;
    }
  }
  return changed;
}

function mountInDocument(doc: Document, modules: StyleModule | readonly StyleModule[]): void {
  let m = mounted.get(doc);
  if (!m) {
    const Sheet = doc.defaultView!.CSSStyleSheet;
    m = { sheet: new Sheet(), modules: [] };
    mounted.set(doc, m);
  }
  const list = Array.isArray(modules) ? (modules as readonly StyleModule[]) : [modules as StyleModule];
  if (mergeModules(m.modules, list)) {
    m.sheet.replaceSync(`@layer codemirror {\n${m.modules.map((x) => x.getRules()).join('\n')}\n}`);
  }
  if (!doc.adoptedStyleSheets.includes(m.sheet)) doc.adoptedStyleSheets = [m.sheet, ...doc.adoptedStyleSheets];
}

export function installCspSafeStyles(): void {
  if (installed || typeof document === 'undefined' || !canAdopt(document)) return;
  installed = true;
  const original = StyleModule.mount.bind(StyleModule) as Mount;
  (StyleModule as unknown as { mount: Mount }).mount = (root, modules, options) => {
    if ((root as Node).nodeType === 9 /* DOCUMENT_NODE */ && canAdopt(root as Document)) mountInDocument(root as Document, modules);
    else original(root, modules, options);
  };
}
