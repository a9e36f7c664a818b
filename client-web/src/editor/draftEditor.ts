// The CodeMirror 6 editor of a draft, bound to a DraftSync.
//
// Local transactions become ot-text-unicode ops (code points, through the CodePointIndex) and go
// to the sync; ops from the server are turned into CodeMirror changes and dispatched marked as
// remote, so they are neither sent back nor put on the undo stack (CodeMirror's history maps
// our own undo steps past them). Remote cursors, comment ranges and authorship are decoration
// fields that map through every change and are replaced when the sync publishes new positions.
// Only the draft screen imports this module (dynamically), so CodeMirror stays out of the main
// bundle.
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { markdown } from '@codemirror/lang-markdown';
import { defaultHighlightStyle, syntaxHighlighting } from '@codemirror/language';
import {
  closeSearchPanel, getSearchQuery, highlightSelectionMatches, openSearchPanel, search, searchKeymap, searchPanelOpen,
  setSearchQuery,
} from '@codemirror/search';
import {
  Annotation, Compartment, EditorState, RangeSetBuilder, StateEffect, StateField, Transaction,
  type Extension, type Range,
} from '@codemirror/state';
import {
  Decoration, EditorView, keymap, WidgetType, type DecorationSet,
} from '@codemirror/view';
import type { TextOp } from 'ot-text-unicode';
import type { DraftSync, RemoteCursor } from '../net/draftSync';
import type { AuthorshipAnswer, DraftComment } from '../protocol/drafts';
import { CodePointIndex, type TextChange } from './codePoints';
import { installCspSafeStyles } from './cspStyles';
import { colorClass } from './colors';
import { changesToOp, opToChanges } from './textOps';

const remote = Annotation.define<boolean>();

/** A decoration layer replaced wholesale by an effect and mapped through changes meanwhile. */
function layer() {
  const set = StateEffect.define<DecorationSet>();
  const field = StateField.define<DecorationSet>({
    create: () => Decoration.none,
    update(value, tr) {
      let next = value.map(tr.changes);
      for (const e of tr.effects) if (e.is(set)) next = e.value;
      return next;
    },
    provide: (f) => EditorView.decorations.from(f),
  });
  return { set, field };
}

class CaretWidget extends WidgetType {
  constructor(readonly name: string, readonly cls: string) {
    super();
  }
  override eq(other: CaretWidget): boolean {
    return other.name === this.name && other.cls === this.cls;
  }
  toDOM(): HTMLElement {
    const caret = document.createElement('span');
    caret.className = `cm-remote-caret ${this.cls}`;
    caret.setAttribute('aria-hidden', 'true');
    const label = document.createElement('span');
    label.className = 'cm-remote-label';
    label.textContent = this.name;
    caret.appendChild(label);
    return caret;
  }
  override ignoreEvent(): boolean {
    return true;
  }
}

export interface DraftEditorOptions {
  parent: HTMLElement;
  sync: DraftSync;
  label: string;
  /**
   * CodeMirror's own texts (the find and go-to-line panels, screen-reader announcements) in the
   * UI's language, keyed by CodeMirror's English phrase (EditorState.phrases).
   */
  phrases: Readonly<Record<string, string>>;
  readOnly: boolean;
  /** Called with the whole text after every change (for the preview), throttled by the caller. */
  onText: (read: () => string) => void;
  onSelection: (from: number, to: number) => void;
}

export interface DraftEditorHandle {
  view: EditorView;
  setReadOnly(readOnly: boolean): void;
  /** The editor's accessible name and CodeMirror's texts, after a change of language. */
  setLanguage(label: string, phrases: Readonly<Record<string, string>>): void;
  setCursors(cursors: readonly RemoteCursor[]): void;
  setComments(comments: readonly DraftComment[], activeId: number | null): void;
  setAuthorship(answer: AuthorshipAnswer | null): void;
  /** Selects a range given in code points and scrolls it into view. */
  select(start: number, end: number): void;
  /** The selection in code points. */
  selection(): { start: number; end: number };
  /** Text of a code point range. */
  slice(start: number, end: number): string;
  destroy(): void;
}

export function createDraftEditor(opts: DraftEditorOptions): DraftEditorHandle {
  installCspSafeStyles();
  const index = new CodePointIndex('');
  const cursors = layer();
  const comments = layer();
  const authors = layer();
  const readOnly = new Compartment();
  const language = new Compartment();
  const languageExtensions = (label: string, phrases: Readonly<Record<string, string>>): Extension => [
    EditorState.phrases.of(phrases),
    EditorView.contentAttributes.of({ 'aria-label': label }),
  ];
  const { sync } = opts;

  const changesOf = (tr: Transaction): TextChange[] => {
    const out: TextChange[] = [];
    tr.changes.iterChanges((fromA, toA, _fromB, _toB, inserted) => {
      out.push({ from: fromA, to: toA, insert: inserted.toString() });
    });
    return out;
  };

  const binding = EditorView.updateListener.of((update) => {
    for (const tr of update.transactions) {
      if (!tr.docChanged) continue;
      const changes = changesOf(tr);
      if (!tr.annotation(remote)) {
        const op = changesToOp(changes, index);
        index.apply(changes);
        sync.local(op);
      } else {
        index.apply(changes);
      }
    }
    if (update.docChanged) opts.onText(() => update.state.doc.toString());
    if (update.selectionSet || update.docChanged) {
      const sel = update.state.selection.main;
      sync.setSelection(index.toCodePoint(sel.anchor), index.toCodePoint(sel.head));
      opts.onSelection(sel.from, sel.to);
    }
  });

  const extensions: Extension[] = [
    history(),
    markdown(),
    syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
    search({ top: true }),
    highlightSelectionMatches(),
    EditorView.lineWrapping,
    keymap.of([...defaultKeymap, ...historyKeymap, ...searchKeymap]),
    readOnly.of([EditorState.readOnly.of(opts.readOnly), EditorView.editable.of(!opts.readOnly)]),
    // tabindex: a read-only editor (a published draft, an observer) is not contenteditable, and
    // would otherwise be out of the tab order: keyboard users could neither reach, select nor
    // scroll its text (axe: scrollable-region-focusable).
    EditorView.contentAttributes.of({ 'aria-multiline': 'true', spellcheck: 'true', tabindex: '0' }),
    language.of(languageExtensions(opts.label, opts.phrases)),
    cursors.field,
    comments.field,
    authors.field,
    binding,
  ];

  const view = new EditorView({ parent: opts.parent, state: EditorState.create({ doc: '', extensions }) });

  const toU16 = (cp: number) => Math.min(view.state.doc.length, index.toUtf16(Math.max(0, cp)));

  sync.attach({
    reset(text: string) {
      view.dispatch({
        changes: { from: 0, to: view.state.doc.length, insert: text },
        annotations: [remote.of(true), Transaction.addToHistory.of(false)],
      });
    },
    apply(op: TextOp) {
      const changes = opToChanges(op, index);
      view.dispatch({
        changes: changes.map((c) => ({ from: c.from, to: c.to, insert: c.insert })),
        annotations: [remote.of(true), Transaction.addToHistory.of(false)],
      });
    },
  });

  // Decoration updates may be asked for while an update is running (the sync publishes from
  // inside our update listener); they go out right after it.
  const later = (fn: () => void) => queueMicrotask(() => {
    if (!destroyed) fn();
  });
  let destroyed = false;

  return {
    view,
    setReadOnly(ro) {
      later(() => view.dispatch({ effects: readOnly.reconfigure([EditorState.readOnly.of(ro), EditorView.editable.of(!ro)]) }));
    },
    setLanguage(label, phrases) {
      later(() => {
        // The find panel writes its texts when it opens: an open one is opened again and the focus
        // left where it was. Opening takes the selection as the query (after a "next", the match),
        // so the query the person had, replace text and options included, is put back.
        const reopen = searchPanelOpen(view.state);
        const query = getSearchQuery(view.state);
        const focused = document.activeElement;
        if (reopen) closeSearchPanel(view);
        view.dispatch({ effects: language.reconfigure(languageExtensions(label, phrases)) });
        if (reopen) {
          openSearchPanel(view);
          view.dispatch({ effects: setSearchQuery.of(query) });
          if (focused instanceof HTMLElement && focused.isConnected) focused.focus();
        }
      });
    },
    setCursors(list) {
      later(() => {
        const ranges: Range<Decoration>[] = [];
        for (const c of list) {
          const cls = colorClass(c.color);
          const head = toU16(c.head);
          const anchor = toU16(c.anchor);
          const from = Math.min(head, anchor);
          const to = Math.max(head, anchor);
          if (from < to) ranges.push(Decoration.mark({ class: `cm-remote-selection ${cls}` }).range(from, to));
          ranges.push(Decoration.widget({ widget: new CaretWidget(c.name, cls), side: 1 }).range(head));
        }
        view.dispatch({ effects: cursors.set.of(Decoration.set(ranges, true)) });
      });
    },
    setComments(list, activeId) {
      later(() => {
        const ranges: Range<Decoration>[] = [];
        for (const c of list) {
          if (c.parent_id !== null || c.start === null || c.end === null || c.detached || c.resolved) continue;
          const from = toU16(c.start);
          const to = toU16(c.end);
          if (from >= to) continue;
          const cls = c.id === activeId ? 'cm-comment-range cm-comment-range--active' : 'cm-comment-range';
          ranges.push(Decoration.mark({ class: cls, attributes: { 'data-comment': String(c.id) } }).range(from, to));
        }
        view.dispatch({ effects: comments.set.of(Decoration.set(ranges, true)) });
      });
    },
    setAuthorship(answer) {
      later(() => {
        if (!answer) {
          view.dispatch({ effects: authors.set.of(Decoration.none) });
          return;
        }
        const colors = new Map(answer.authors.map((a) => [a.user_id, a]));
        const builder = new RangeSetBuilder<Decoration>();
        let at = 0;
        for (const run of answer.runs) {
          const from = toU16(at);
          at += run.length;
          const to = toU16(at);
          const who = colors.get(run.user_id);
          if (who && run.user_id !== 0 && from < to) {
            builder.add(from, to, Decoration.mark({ class: `cm-author ${colorClass(who.color)}`, attributes: { title: who.display_name } }));
          }
        }
        view.dispatch({ effects: authors.set.of(builder.finish()) });
      });
    },
    select(start, end) {
      const from = toU16(start);
      const to = toU16(end);
      view.dispatch({ selection: { anchor: from, head: to }, scrollIntoView: true });
      view.focus();
    },
    selection() {
      const sel = view.state.selection.main;
      return { start: index.toCodePoint(sel.from), end: index.toCodePoint(sel.to) };
    },
    slice(start, end) {
      return view.state.doc.sliceString(toU16(start), toU16(end));
    },
    destroy() {
      destroyed = true;
      sync.detach();
      view.destroy();
    },
  };
}
