import { JSDOM } from 'jsdom';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createMarkdownRenderer } from '../../src/ui/markdown';

const corpus: string[] = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../../tests/fixtures/xss-corpus.json', import.meta.url)), 'utf8'),
);
const dom = new JSDOM('<!doctype html><body></body>');
const md = createMarkdownRenderer(dom.window);
const ALLOWED = new Set(['P', 'BR', 'STRONG', 'EM', 'DEL', 'S', 'CODE', 'PRE', 'BLOCKQUOTE', 'UL', 'OL', 'LI', 'A', 'HR',
  'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'TABLE', 'THEAD', 'TBODY', 'TR', 'TH', 'TD']);

/** Every element and attribute of the HTML, checked for anything that could run or load. */
function executable(html: string): string[] {
  const problems: string[] = [];
  const host = dom.window.document.createElement('div');
  host.innerHTML = html;
  for (const el of host.querySelectorAll('*')) {
    if (!ALLOWED.has(el.tagName)) problems.push(`tag ${el.tagName}`);
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      if (name.startsWith('on')) problems.push(`handler ${name}`);
      if (name === 'style' || name === 'srcdoc' || name === 'src' || name === 'xlink:href' || name === 'action' || name === 'formaction') {
        problems.push(`attribute ${name}`);
      }
      if (name === 'href' && !/^(https?:|mailto:)/i.test(attr.value.trim())) problems.push(`href ${attr.value}`);
    }
    if (el.tagName === 'A' && el.getAttribute('rel') !== 'noopener noreferrer') problems.push('link without rel');
  }
  return problems;
}

describe('Markdown rendering', () => {
  it('renders ordinary Markdown', () => {
    const html = md.render('**fet** og _kursiv_ med `kode`\n\n- en\n- to');
    expect(html).toContain('<strong>fet</strong>');
    expect(html).toContain('<em>kursiv</em>');
    expect(html).toContain('<code>kode</code>');
    expect(html).toContain('<li>en</li>');
  });

  it('gives links rel="noopener noreferrer" and keeps http(s) and mailto', () => {
    const html = md.render('[Anskaffelser](https://anskaffelser.no) og <https://example.no> og [e-post](mailto:a@b.no)');
    const host = dom.window.document.createElement('div');
    host.innerHTML = html;
    const links = [...host.querySelectorAll('a')];
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['https://anskaffelser.no', 'https://example.no', 'mailto:a@b.no']);
    for (const a of links) expect(a.getAttribute('rel')).toBe('noopener noreferrer');
  });

  it('shows raw HTML as text', () => {
    const html = md.render('<b>ikke fet</b>');
    expect(html).not.toContain('<b>');
    expect(html).toContain('&lt;b&gt;');
  });

  it(`has a corpus of at least 50 payloads (${corpus.length})`, () => {
    expect(corpus.length).toBeGreaterThanOrEqual(50);
  });

  it.each(corpus.map((p, i) => [i + 1, p] as const))('payload %i produces no executable markup', (_i, payload) => {
    expect(executable(md.render(payload))).toEqual([]);
    // Also inside other Markdown constructs.
    expect(executable(md.render(`> ${payload}\n\n- ${payload}\n\n[${payload}](https://ok.no)`))).toEqual([]);
  });

  it('keeps only <mark> in search snippets', () => {
    expect(md.snippet('før <mark>treff</mark> etter')).toBe('før <mark>treff</mark> etter');
    for (const payload of corpus) {
      const out = md.snippet(payload);
      const host = dom.window.document.createElement('div');
      host.innerHTML = out;
      for (const el of host.querySelectorAll('*')) {
        expect(el.tagName).toBe('MARK');
        expect(el.attributes.length).toBe(0);
      }
    }
    expect(md.snippet('<mark onclick="x()">a</mark>')).toBe('<mark>a</mark>');
  });
});

describe('mention marks', () => {
  const members = [
    { user_id: 1, display_name: 'Kari Nordmann' },
    { user_id: 2, display_name: 'Ola Hansen' },
    { user_id: 3, display_name: 'Åse Ødegård' },
  ];
  const marks = (userIds: number[], team = false) => ({ members, userIds, team, selfId: 2 });

  it('wraps each counted mention, the reader\'s own with data-self', () => {
    const html = md.render('Hei @Ola Hansen og @"Åse Ødegård", ser dere **dette**?', marks([2, 3]));
    expect(html).toBe('<p>Hei <span class="chat-mention" data-self="">@Ola Hansen</span> og '
      + '<span class="chat-mention">@"Åse Ødegård"</span>, ser dere <strong>dette</strong>?</p>\n');
  });

  it('leaves names the server did not count, code, links and e-mail addresses plain', () => {
    const html = md.render('@Kari Nordmann `@Ola Hansen` [@Ola Hansen](https://x.no) ola@Ola Hansen', marks([2]));
    expect(html).not.toContain('chat-mention');
  });

  it('marks @team only when the message mentions the team, as the reader\'s own', () => {
    expect(md.render('Til @team: møte i morgen', marks([], true))).toContain('<span class="chat-mention" data-self="">@team</span>');
    expect(md.render('Til @team: møte i morgen', marks([1]))).not.toContain('chat-mention');
  });

  it('cannot bring back what the sanitiser removed', () => {
    for (const payload of corpus) {
      const html = md.render(`@Ola Hansen ${payload} @team`, marks([2], true));
      expect(executable(html).filter((p) => p !== 'tag SPAN'), payload).toEqual([]);
      const host = dom.window.document.createElement('div');
      host.innerHTML = html;
      for (const span of host.querySelectorAll('span')) {
        expect(span.className, payload).toBe('chat-mention');
        expect([...span.attributes].map((a) => a.name).filter((n) => n !== 'class' && n !== 'data-self'), payload).toEqual([]);
        expect(span.children.length, payload).toBe(0);
      }
    }
  });
});

describe('snippets and excerpts as the text the Markdown shows', () => {
  it('drops the Markdown syntax around a hit and keeps the mark', () => {
    expect(md.snippet('Hei! Hvilke **<mark>krav</mark>** bruker dere?')).toBe('Hei! Hvilke <mark>krav</mark> bruker dere?');
    expect(md.snippet('…se [<mark>malen</mark>](https://etiskhandel.no/mal) og `kode`')).toBe('…se <mark>malen</mark> og kode');
  });

  it('puts a space between blocks and list items', () => {
    expect(md.snippet('standard<mark>krav</mark>.\n\n- punkt én\n- punkt to')).toBe('standard<mark>krav</mark>. punkt én punkt to');
    expect(md.text('# Tittel\n> sitat\n\nlinje én\nlinje to')).toBe('Tittel sitat linje én linje to');
  });

  it('closes a mark the cut left open and ignores a stray close', () => {
    expect(md.snippet('[<mark>lenke</mark> til](https://x.no/<mark>a</mark>)')).toBe('<mark>lenke</mark> til');
    expect(md.snippet('**<mark>halv')).toBe('**<mark>halv</mark>');
  });

  it('keeps the private-use characters it uses for marks out of the text', () => {
    expect(md.snippet('a\uE001b <mark>c</mark>\uE000')).toBe('ab <mark>c</mark>');
  });

  it('shows raw HTML as text and never as markup', () => {
    expect(md.text('<b>fet</b> & **fet**')).toBe('<b>fet</b> & fet');
    expect(md.snippet('&lt;img src=x onerror=alert(1)&gt; <mark>treff</mark>')).toBe('&lt;img src=x onerror=alert(1)&gt; <mark>treff</mark>');
  });
});
