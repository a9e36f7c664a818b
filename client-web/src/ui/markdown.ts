// Markdown to safe HTML. marked turns the text into HTML with raw HTML escaped (a message is
// never trusted markup); DOMPurify then keeps only a short list of tags and attributes, links
// only to http(s) and mailto, and every link gets rel="noopener noreferrer" and opens in a new
// tab. Search snippets keep only <mark>. The DOMPurify instance is bound to a window (the
// page's, or jsdom's in the unit tests).
import createDOMPurify, { type DOMPurify } from 'dompurify';
import { Marked } from 'marked';

const ALLOWED_TAGS = [
  'p', 'br', 'strong', 'em', 'del', 's', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'a', 'hr',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'table', 'thead', 'tbody', 'tr', 'th', 'td',
];
const ALLOWED_ATTR = ['href', 'title', 'start'];
const SAFE_URL = /^(?:https?:|mailto:)/i;

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

export interface MarkdownRenderer {
  /** Message body (Markdown) to sanitised HTML. */
  render(body: string): string;
  /** A server snippet (escaped text with <mark>) to sanitised HTML with only <mark>. */
  snippet(html: string): string;
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
  return {
    render(body) {
      const raw = marked.parse(body, { async: false }) as string;
      return purify.sanitize(raw, {
        ALLOWED_TAGS,
        ALLOWED_ATTR: [...ALLOWED_ATTR, 'target', 'rel'],
        ALLOW_DATA_ATTR: false,
        ALLOWED_URI_REGEXP: /^(?:https?:|mailto:)/i,
      }) as string;
    },
    snippet(html) {
      return purify.sanitize(html, { ALLOWED_TAGS: ['mark'], ALLOWED_ATTR: [] }) as string;
    },
  };
}

let browserRenderer: MarkdownRenderer | null = null;

/** The page's renderer (created on first use). */
export function markdown(): MarkdownRenderer {
  browserRenderer ??= createMarkdownRenderer(window);
  return browserRenderer;
}
