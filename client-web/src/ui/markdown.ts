// Markdown to safe HTML. marked turns the text into HTML with raw HTML escaped (a message is
// never trusted markup); DOMPurify then keeps only a short list of tags and attributes, links
// only to http(s) and mailto, and every link gets rel="noopener noreferrer" and opens in a new
// tab. Search snippets keep only <mark>. The DOMPurify instance is bound to a window (the
// page's, or jsdom's in the unit tests).
import createDOMPurify, { type DOMPurify } from 'dompurify';
import { Marked } from 'marked';
import { findMentions, type MentionCandidate } from '../state/mentions';

const ALLOWED_TAGS = [
  'p', 'br', 'strong', 'em', 'del', 's', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'a', 'hr',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'table', 'thead', 'tbody', 'tr', 'th', 'td',
];
const ALLOWED_ATTR = ['href', 'title', 'start'];
const SAFE_URL = /^(?:https?:|mailto:)/i;

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Which mentions of a message to mark: the server's `mentions` of it, named by the members. */
export interface MentionMarks {
  /** Members (at least those the message mentions). */
  members: readonly MentionCandidate[];
  /** The message's `mentions` (user ids); a name in the text that is not here stays plain. */
  userIds: readonly number[];
  /** The message's `mentions_team`. */
  team: boolean;
  /** The reader: a mention of them gets data-self. */
  selfId: number;
}

export interface MarkdownRenderer {
  /**
   * Message body (Markdown) to sanitised HTML. With `marks`, each mention the server counted
   * becomes <span class="chat-mention"> (outside code and links).
   */
  render(body: string, marks?: MentionMarks): string;
  /**
   * A server snippet (escaped Markdown source with <mark>, possibly cut mid-syntax) to HTML
   * with only <mark>: the text the Markdown shows (no `**`, link targets or list markers), marks
   * kept, one space between blocks.
   */
  snippet(html: string): string;
  /** Markdown (a notification's excerpt) to the plain text it shows, one space between blocks. */
  text(body: string): string;
}

export function createMarkdownRenderer(win: Window | object): MarkdownRenderer {
  const purify: DOMPurify = createDOMPurify(win as unknown as Parameters<typeof createDOMPurify>[0]);
  purify.addHook('afterSanitizeAttributes', (node) => {
    if (node.nodeName === 'A') {
      const href = node.getAttribute('href') ?? '';
      if (!SAFE_URL.test(href.trim())) node.removeAttribute('href');
      node.setAttribute('rel', 'noopener noreferrer');
      node.setAttribute('target', '_blank');
    }
  });
  const marked = new Marked({
    gfm: true,
    breaks: true,
    async: false,
    renderer: {
      // Raw HTML in a message is shown as text, never parsed.
      html: ({ text }) => escapeHtml(text),
      // No images: no tracking pixels, no data: URLs. The alt text and address stay visible.
      image: ({ href, text }) => escapeHtml(text ? `${text} (${href})` : href),
    },
  });
  const doc = (win as Window).document;
  const plainText = (body: string): string => {
    const raw = marked.parse(body, { async: false }) as string;
    const template = doc.createElement('template');
    template.innerHTML = purify.sanitize(raw, { ALLOWED_TAGS, ALLOWED_ATTR: [] }) as string;
    for (const el of template.content.querySelectorAll(BLOCKS)) el.after(' ');
    for (const br of template.content.querySelectorAll('br')) br.replaceWith(' ');
    return (template.content.textContent ?? '').replace(/\s+/g, ' ').trim();
  };
  return {
    render(body, marks) {
      const raw = marked.parse(body, { async: false }) as string;
      const clean = purify.sanitize(raw, {
        ALLOWED_TAGS,
        ALLOWED_ATTR: [...ALLOWED_ATTR, 'target', 'rel'],
        ALLOW_DATA_ATTR: false,
        ALLOWED_URI_REGEXP: /^(?:https?:|mailto:)/i,
      }) as string;
      if (!marks || (marks.userIds.length === 0 && !marks.team) || !clean.includes('@')) return clean;
      return markMentions(doc, clean, marks);
    },
    snippet(html) {
      const template = doc.createElement('template');
      template.innerHTML = purify.sanitize(html, { ALLOWED_TAGS: ['mark'], ALLOWED_ATTR: [] }) as string;
      for (const text of textNodes(doc, template.content)) text.data = text.data.replace(/[\uE000\uE001]/g, '');
      for (const mark of template.content.querySelectorAll('mark')) mark.replaceWith(`${MARK_OPEN}${mark.textContent ?? ''}${MARK_CLOSE}`);
      const shown = plainText(template.content.textContent ?? '');
      let out = '';
      let open = false;
      for (const ch of shown) {
        if (ch === MARK_OPEN) { if (!open) out += '<mark>'; open = true; }
        else if (ch === MARK_CLOSE) { if (open) out += '</mark>'; open = false; }
        else out += escapeHtml(ch);
      }
      return open ? `${out}</mark>` : out;
    },
    text: plainText,
  };
}

/** Where a snippet's <mark> begins and ends while it is plain text (private-use characters). */
const MARK_OPEN = '\uE000';
const MARK_CLOSE = '\uE001';
/** Elements after which plain text gets a space. */
const BLOCKS = 'p, li, h1, h2, h3, h4, h5, h6, blockquote, pre, tr, td, th, hr';

function textNodes(doc: Document, root: Node): Text[] {
  const texts: Text[] = [];
  const walker = doc.createTreeWalker(root, 4 /* NodeFilter.SHOW_TEXT */);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) texts.push(n as Text);
  return texts;
}

/**
 * Wraps the counted mentions in sanitised HTML. Only text nodes are split and only elements made
 * here are added, so nothing the sanitiser removed can come back.
 */
function markMentions(doc: Document, html: string, marks: MentionMarks): string {
  const candidates = marks.members.filter((m) => marks.userIds.includes(m.user_id));
  const template = doc.createElement('template');
  template.innerHTML = html;
  const texts = textNodes(doc, template.content).filter((n) => !n.parentElement?.closest('code, pre, a'));
  for (const node of texts) {
    const text = node.data;
    const spans = findMentions(text, candidates).filter((s) => s.userId !== null || marks.team);
    if (spans.length === 0) continue;
    const parts = doc.createDocumentFragment();
    let at = 0;
    for (const span of spans) {
      if (span.start > at) parts.append(text.slice(at, span.start));
      const el = doc.createElement('span');
      el.className = 'chat-mention';
      if (span.userId === null || span.userId === marks.selfId) el.setAttribute('data-self', '');
      el.textContent = text.slice(span.start, span.end);
      parts.append(el);
      at = span.end;
    }
    if (at < text.length) parts.append(text.slice(at));
    node.replaceWith(parts);
  }
  return template.innerHTML;
}

let browserRenderer: MarkdownRenderer | null = null;

/** The page's renderer (created on first use). */
export function markdown(): MarkdownRenderer {
  browserRenderer ??= createMarkdownRenderer(window);
  return browserRenderer;
}
