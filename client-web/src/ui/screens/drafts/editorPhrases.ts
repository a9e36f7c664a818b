// CodeMirror's own texts in the UI's language: the find/replace and go-to-line panels, and what
// CodeMirror announces to screen readers. CodeMirror looks each one up by its English phrase
// (EditorState.phrases); tests/unit/editorPhrases.test.ts checks that every phrase the editor's
// CodeMirror packages use is here.
import type { MessageKey } from '../../../i18n/catalogue';
import type { Translate } from '../../hooks/useStores';

export const EDITOR_PHRASE_KEYS: Readonly<Record<string, MessageKey>> = {
  // @codemirror/search: the find/replace panel.
  Find: 'drafts.cm.find',
  Replace: 'drafts.cm.replace_field',
  next: 'drafts.cm.next',
  previous: 'drafts.cm.previous',
  all: 'drafts.cm.all',
  'match case': 'drafts.cm.match_case',
  regexp: 'drafts.cm.regexp',
  'by word': 'drafts.cm.by_word',
  replace: 'drafts.cm.replace',
  'replace all': 'drafts.cm.replace_all',
  close: 'drafts.cm.close',
  'current match': 'drafts.cm.current_match',
  'on line': 'drafts.cm.on_line',
  'replaced $ matches': 'drafts.cm.replaced_matches',
  'replaced match on line $': 'drafts.cm.replaced_match_on_line',
  // @codemirror/search: go to line (Mod-Alt-g).
  'Go to line': 'drafts.cm.go_to_line',
  go: 'drafts.cm.go',
  // @codemirror/view and @codemirror/commands.
  'Control character': 'drafts.cm.control_character',
  'Selection deleted': 'drafts.cm.selection_deleted',
  // @codemirror/language (code folding; not enabled in the draft editor, translated all the same).
  'folded code': 'drafts.cm.folded_code',
  unfold: 'drafts.cm.unfold',
  to: 'drafts.cm.to',
};

/** The phrase table for EditorState.phrases in the current language. */
export function editorPhrases(t: Translate): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [phrase, key] of Object.entries(EDITOR_PHRASE_KEYS)) out[phrase] = t(key);
  return out;
}
