import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { translate } from '../../src/i18n/catalogue';
import { EDITOR_PHRASE_KEYS, editorPhrases } from '../../src/ui/screens/drafts/editorPhrases';

// The English phrases a CodeMirror package looks up (state.phrase("...") and the search
// panel's phrase(view, "...")), read from the installed package itself, so that a new phrase
// after an upgrade fails here instead of showing in English in the Norwegian UI.
function phrasesOf(pkg: string): string[] {
  const require = createRequire(import.meta.url);
  const main = require.resolve(pkg);
  const src = readFileSync(path.join(path.dirname(main), 'index.js'), 'utf8');
  const found = new Set<string>();
  for (const m of src.matchAll(/\.phrase\("([^"]+)"/g)) found.add(m[1]!);
  for (const m of src.matchAll(/\bphrase\(view, "([^"]+)"/g)) found.add(m[1]!);
  return [...found].sort();
}

describe('editor phrases', () => {
  it('translate every phrase of the CodeMirror packages the draft editor uses', () => {
    const used = ['@codemirror/search', '@codemirror/view', '@codemirror/commands', '@codemirror/language'].flatMap(phrasesOf);
    // The search panel alone has more than a dozen; finding none means the pattern broke.
    expect(used.length).toBeGreaterThan(15);
    expect(used.filter((p) => !(p in EDITOR_PHRASE_KEYS))).toEqual([]);
  });

  it('are Norwegian in Norwegian and English in English', () => {
    const nb = editorPhrases((key, params) => translate('nb', key, params));
    const en = editorPhrases((key, params) => translate('en', key, params));
    expect(nb['Find']).toBe('Finn');
    expect(nb['replace all']).toBe('erstatt alle');
    // The English table gives CodeMirror back its own phrases.
    for (const phrase of Object.keys(EDITOR_PHRASE_KEYS)) expect(en[phrase]).toBe(phrase);
    // CodeMirror fills "$" itself; the Norwegian texts keep it.
    expect(nb['replaced $ matches']).toContain('$');
    expect(nb['replaced match on line $']).toContain('$');
  });
});
