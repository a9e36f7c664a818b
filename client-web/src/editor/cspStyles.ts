// CodeMirror's own styles under our Content-Security-Policy (`style-src 'self'`, no inline
// styles).
//
// CodeMirror builds its base theme at run time with style-mod, which puts the rules in a
// <style> element when the editor lives in a document (it uses a constructed stylesheet only in
// shadow roots). The policy refuses that element: the editor then runs without its base styles
// (no `white-space: pre-wrap`, so Chromium turns a typed trailing space into U+00A0 and back,
// changing the text people typed) and the browser reports a policy violation. A constructed
// stylesheet in `document.adoptedStyleSheets` is CSSOM, which the policy does not restrict, so
// mounts into a document are redirected to style-mod's constructed-stylesheet path by handing
// it a stand-in root that looks like a shadow root of the same document. Nothing happens at
// import time; call installCspSafeStyles() before the first EditorView is created.
import { StyleModule } from 'style-mod';

type Root = Document | ShadowRoot;
type Mount = (root: Root, modules: StyleModule | readonly StyleModule[], options?: { nonce?: string }) => void;

let installed = false;

/** Whether this browser can adopt constructed stylesheets (all current ones can). */
function canAdopt(doc: Document): boolean {
  return 'adoptedStyleSheets' in doc && typeof doc.defaultView?.CSSStyleSheet === 'function'
    && 'replaceSync' in doc.defaultView.CSSStyleSheet.prototype;
}

export function installCspSafeStyles(): void {
  if (installed || typeof document === 'undefined' || !canAdopt(document)) return;
  installed = true;
  const stand = new WeakMap<Document, object>();
  const standIn = (doc: Document): object => {
    let s = stand.get(doc);
    if (!s) {
      // No `head`: style-mod takes the adoptedStyleSheets path, one sheet per document.
      s = {
        ownerDocument: doc,
        get adoptedStyleSheets() {
          return doc.adoptedStyleSheets;
        },
        set adoptedStyleSheets(sheets: CSSStyleSheet[]) {
          doc.adoptedStyleSheets = sheets;
        },
      };
      stand.set(doc, s);
    }
    return s;
  };
  const original = StyleModule.mount.bind(StyleModule) as Mount;
  (StyleModule as unknown as { mount: Mount }).mount = (root, modules, options) => {
    const isDocument = (root as Document).nodeType === 9; // Node.DOCUMENT_NODE
    original(isDocument ? (standIn(root as Document) as ShadowRoot) : root, modules, options);
  };
}
