/**
 * The MDX reader: chapters read with the parser Astro uses, into the book
 * model. Positions are asserted against the source text itself (computed
 * with indexOf), so a reader that drifts by a column fails.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  chapterAnchors,
  frontmatterProblem,
  MdxErrors,
  MdxSyntaxError,
  pageAddress,
  readBook,
  readChapter,
  sharedCommandTitles,
  UnreadableError,
} from '../../mdx/index.ts';

/** 1-based line and column of the first occurrence of needle. */
function at(text: string, needle: string, from = 0): { line: number; col: number } {
  const i = text.indexOf(needle, from);
  assert.ok(i >= 0, `no ${needle}`);
  const before = text.slice(0, i).split('\n');
  return { line: before.length, col: before[before.length - 1].length + 1 };
}

const SRC = `---
title: 'Test: a chapter'
sidebar:
  order: 3
---

import { V, Cmd } from '../components';

# Top

## Section with \`code\`

The api runs <V k="deployment/api.replicas" /> pods; see [the map](https://example.com/10.1.2.3) and 10.0.0.9.

The web runs <V
  k="deployment/web.replicas"
/> pods.

<Cmd
  title="Drain"
  code="kubectl drain {{node/hetzner1.hostname}}\\nkubectl uncordon {{node/hetzner1.hostname}}"
/>

<Cmd title="Expr" code={"kubectl -n honeydue get {{deployment/api.name}} \\"x\\""} flag n={3} />

{/* assume: deployment/worker.replicas == 1 */}
The worker is alone.

{/*
  assume: deployment/api.replicas >= 2
*/}
{/* drift-ignore hardcoded-value, hardcoded-port: history */}
- first item 5 replicas
- second item

Inline {/* drift-ignore: inline reason */} marker here.

{/* drift-ignore because reasons */}
{/* an ordinary comment */}

1. one

   \`\`\`yaml title="manifests/api/service.yaml" {2}
   port: 8000
   \`\`\`

| a | b |
| --- | --- |
| 10.0.0.1 | <V k="x.y" /> |

Cited[^src].

[^src]: The source, https://example.com/doc
  continued.
`;

describe('readChapter', () => {
  const ch = readChapter(SRC, 'docs/t.mdx');

  test('frontmatter and title', () => {
    assert.equal(ch.title, 'Test: a chapter');
    assert.deepEqual(ch.frontmatter.sidebar, { order: 3 });
    assert.equal(ch.file, 'docs/t.mdx');
  });

  test('the front matter the model reads is the one its problems are found in', () => {
    // Read through the model first, then checked: both see the same document.
    const bad = readChapter('---\nsidebar:\n  order: 1\ntitle: [a, b]\n---\n\n# H\n');
    assert.deepEqual(bad.frontmatter, { sidebar: { order: 1 }, title: ['a', 'b'] });
    assert.deepEqual(
      { ...frontmatterProblem(bad), reason: undefined },
      { line: 4, col: 1, reason: undefined },
    );
    const broken = readChapter('---\ntitle: A\nsidebar: [1\n---\n\n# H\n');
    assert.deepEqual(broken.frontmatter, {});
    assert.match(frontmatterProblem(broken)?.reason ?? '', /not valid YAML/);
    assert.equal(frontmatterProblem(readChapter('---\ntitle: Fine\n---\n\n# H\n')), null);
  });

  test('a title YAML writes otherwise than plainly is the title YAML reads', () => {
    const title = (fm: string) => readChapter(`---\n${fm}\n---\n\n# Heading\n`).title;
    assert.equal(title('title: A plain title'), 'A plain title');
    assert.equal(title('title: >-\n  A folded\n  long title'), 'A folded long title');
    assert.equal(title('title: |\n  Literal'), 'Literal\n');
    assert.equal(title('title: &t Anchored'), 'Anchored');
    assert.equal(title('name: &n Aliased\ntitle: *n'), 'Aliased');
    assert.equal(title('title: !!str Tagged'), 'Tagged');
    assert.equal(title('title: A title\n  over two lines'), 'A title over two lines');
    // A title that is not a string is no title: the chapter's H1 stands in.
    assert.equal(title('title: [a, b]'), 'Heading');
    assert.equal(title('title: {a: b}'), 'Heading');
  });

  test('headings: plain text and as written, with their lines', () => {
    assert.deepEqual(
      ch.headings.map((h) => [h.depth, h.text, h.source, h.line]),
      [
        [1, 'Top', 'Top', at(SRC, '# Top').line],
        [2, 'Section with code', 'Section with `code`', at(SRC, '## Section').line],
      ],
    );
  });

  test('fact references: k= at its attribute, {{key}} at its braces, also across lines', () => {
    const refs = ch.refs.map((r) => [r.key, r.line, r.col, r.via]);
    const web = at(SRC, 'k="deployment/web.replicas"');
    const p1 = at(SRC, '{{node/hetzner1.hostname}}');
    const p2 = at(SRC, '{{node/hetzner1.hostname}}', SRC.indexOf('uncordon'));
    assert.deepEqual(refs.slice(0, 4), [
      ['deployment/api.replicas', ...Object.values(at(SRC, 'k="deployment/api.replicas"')), 'k'],
      ['deployment/web.replicas', web.line, web.col, 'k'],
      ['node/hetzner1.hostname', p1.line, p1.col, 'placeholder'],
      ['node/hetzner1.hostname', p2.line, p2.col, 'placeholder'],
    ]);
    assert.notEqual(web.line, at(SRC, 'The web runs').line, 'the key sits on its own line');
    const expr = at(SRC, '{{deployment/api.name}}');
    assert.deepEqual(refs[4], ['deployment/api.name', expr.line, expr.col, 'placeholder']);
    assert.deepEqual(refs[5].slice(0, 1), ['x.y']);
  });

  test('elements: attributes with values and kinds, flow or inline, extent, heading above', () => {
    const drain = ch.elements.find((e) => e.attrs.title === 'Drain')!;
    assert.equal(drain.flow, true);
    assert.equal(drain.line, at(SRC, '<Cmd\n').line);
    assert.equal(drain.endLine, drain.line + 3);
    assert.equal(drain.heading, 'Section with code');
    const code = drain.attributes.find((a) => a.name === 'code')!;
    assert.equal(code.kind, 'string');
    assert.deepEqual(code.rawAt && [code.rawAt.line, code.rawAt.col], [drain.line + 2, 9]);
    const expr = ch.elements.find((e) => e.attrs.title === 'Expr')!;
    assert.equal(expr.attrs.code, 'kubectl -n honeydue get {{deployment/api.name}} "x"');
    assert.deepEqual(
      expr.attributes.map((a) => [a.name, a.kind, a.value]),
      [
        ['title', 'string', 'Expr'],
        ['code', 'expression', 'kubectl -n honeydue get {{deployment/api.name}} "x"'],
        ['flag', 'boolean', null],
        ['n', 'expression', null],
      ],
    );
    assert.deepEqual(
      [expr.attributes[2].at.line, expr.attributes[2].at.col],
      Object.values(at(SRC, 'flag n=')),
    );
    const v = ch.elements.find((e) => e.attrs.k === 'deployment/api.replicas')!;
    assert.equal(v.flow, false);
  });

  test('markers: single and multi-line assumptions, ignores per rule, inline, with the block they cover', () => {
    assert.deepEqual(
      ch.assumptions.map((a) => [a.expr, a.line, a.covers?.type, a.covers?.line]),
      [
        [
          'deployment/worker.replicas == 1',
          at(SRC, '{/* assume: deployment/worker').line,
          'paragraph',
          at(SRC, 'The worker is alone').line,
        ],
        [
          'deployment/api.replicas >= 2',
          at(SRC, '{/*\n  assume').line,
          'list',
          at(SRC, '- first item').line,
        ],
      ],
    );
    const list = ch.assumptions[1].covers!;
    assert.equal(list.endLine, at(SRC, '- second item').line);
    assert.deepEqual(
      ch.ignores.map((i) => [i.rules, i.reason, i.covers?.type, i.covers?.line]),
      [
        [['hardcoded-value', 'hardcoded-port'], 'history', 'list', at(SRC, '- first').line],
        [[], 'inline reason', 'paragraph', at(SRC, 'Inline {/*').line],
      ],
    );
    assert.deepEqual(ch.badMarkers, [
      { text: 'drift-ignore because reasons', ...at(SRC, '{/* drift-ignore because') },
    ]);
  });

  test('prose: exact columns; tags, comments, link targets and markup are blanked', () => {
    const line = at(SRC, 'The api runs').line;
    const p = ch.prose.find((x) => x.line === line)!;
    const src = SRC.split('\n')[line - 1];
    assert.equal(p.text.indexOf('10.0.0.9'), src.indexOf('10.0.0.9'));
    assert.equal(p.text.indexOf('the map'), src.indexOf('the map'));
    assert.ok(!p.text.includes('10.1.2.3'), 'a link target is not prose');
    assert.ok(!p.text.includes('<V') && !p.text.includes('deployment/api'), p.text);
    const inline = ch.prose.find((x) => x.text.includes('Inline'))!;
    assert.ok(!inline.text.includes('inline reason'));
    const code = ch.prose.find((x) => x.text.includes('Section with'))!;
    assert.match(code.text, /Section with `code`/);
    assert.ok(!ch.prose.some((x) => x.text.includes('title:') || x.text.includes('import')));
    assert.ok(!ch.prose.some((x) => x.text.includes('kubectl')), 'attributes are not prose');
    const cell = ch.prose.find((x) => x.text.includes('10.0.0.1'))!;
    assert.equal(cell.text.indexOf('10.0.0.1'), 2);
    assert.ok(!cell.text.includes('|'));
  });

  test('code blocks: lang, meta, title, body, and the indentation of a block in a list', () => {
    assert.equal(ch.codeBlocks.length, 1);
    const b = ch.codeBlocks[0];
    assert.equal(b.lang, 'yaml');
    assert.equal(b.title, 'manifests/api/service.yaml');
    assert.match(b.meta, /\{2\}/);
    assert.deepEqual(b.body, ['port: 8000']);
    assert.equal(b.line, at(SRC, '   ```yaml').line);
    assert.equal(b.endLine, b.line + 2);
    assert.equal(b.indent, 3);
  });

  test('footnotes: id, text over several lines, line', () => {
    assert.deepEqual(ch.footnotes, [
      {
        id: 'src',
        text: 'The source, https://example.com/doc continued.',
        line: at(SRC, '[^src]:').line,
        endLine: at(SRC, '  continued.').line,
      },
    ]);
    assert.ok(!ch.prose.some((p) => p.text.includes('[^src]')));
  });

  test('manifest references', () => {
    const c = readChapter('<Manifest\n  file="api/deployment.yaml"\n  path="spec.replicas"\n/>\n');
    assert.deepEqual(c.manifestRefs, [
      { file: 'api/deployment.yaml', path: 'spec.replicas', line: 1, col: 1 },
    ]);
  });

  test('HTML character references in a quoted attribute are decoded in the value, kept in raw', () => {
    const c = readChapter('<Cmd title="a &amp; b" code="x" />\n');
    const t = c.elements[0].attributes[0];
    assert.equal(t.value, 'a & b');
    assert.equal(t.raw, 'a &amp; b');
  });

  test('a Markdown (.md) file is read as Markdown: braces are text', () => {
    const c = readChapter('# Not found\n\nTry {search}.\n', '404.md', { markdown: true });
    assert.deepEqual(
      c.headings.map((h) => h.text),
      ['Not found'],
    );
    assert.match(c.prose[1].text, /\{search\}/);
  });
});

describe('links, ids and page addresses', () => {
  const LINKS = `---
title: Links
hero:
  actions:
    - text: Start
      link: '/runbooks/'
---

## Why *three* nodes

See [the glossary](/appendix-a-glossary/#k3s) and [a note][n], <a href="/00-overview/">the overview</a>,
or [the next section](#why-three-nodes-1) and https://example.com/x.

## Why three nodes

<div id="drawing">x</div> <ProcedureHead id="not-an-anchor" /> <Cmd title="Drain the node (safely)" code="x" /> <Block name="shared-one" />

[n]: /16-failure-modes/#node-down "title"

A claim.[^src]

[^src]: The earlier book.
`;
  const ch = readChapter(LINKS, 'docs/runbooks/drain.mdx');

  test('every link target, where it is written, and how', () => {
    assert.deepEqual(ch.links, [
      { url: '/runbooks/', ...at(LINKS, "/runbooks/'"), via: 'frontmatter' },
      { url: '/appendix-a-glossary/#k3s', ...at(LINKS, '/appendix-a-glossary/'), via: 'markdown' },
      { url: '/00-overview/', ...at(LINKS, '/00-overview/'), via: 'element' },
      { url: '#why-three-nodes-1', ...at(LINKS, '#why-three-nodes-1'), via: 'markdown' },
      { url: 'https://example.com/x', ...at(LINKS, 'https://example.com/x'), via: 'markdown' },
      { url: '/16-failure-modes/#node-down', ...at(LINKS, '/16-failure-modes/'), via: 'markdown' },
    ]);
  });

  test("a link's position is its target's, whatever its text and title hold", () => {
    const text =
      'See [a \\](b) here](/one/ "title ](/two/") and [](/three/) and https://x.example/.\n';
    const c = readChapter(text, 'docs/t.mdx');
    assert.deepEqual(
      c.links.map((l) => [l.url, l.col]),
      [
        ['/one/', at(text, '/one/').col],
        ['/three/', at(text, '/three/').col],
        ['https://x.example/', at(text, 'https://x.example/').col],
      ],
    );
  });

  test('heading ids as github-slugger makes them: text only, a repeat numbered', () => {
    assert.deepEqual(
      ch.headings.map((h) => h.slug),
      ['why-three-nodes', 'why-three-nodes-1'],
    );
  });

  test("an HTML element's id and the footnotes' ids are anchors; a component's id prop is not", () => {
    assert.deepEqual(ch.ids, [
      'drawing',
      'footnote-label',
      'user-content-fn-src',
      'user-content-fnref-src',
    ]);
    const shared = sharedCommandTitles([
      readChapter(
        '<Cmd name="shared-one" title="Shared: one" code="x" />\n',
        'docs/runbooks/_shared.mdx',
      ),
    ]);
    assert.deepEqual([...shared], [['shared-one', 'Shared: one']]);
    const anchors = chapterAnchors(ch, shared);
    for (const id of [
      '_top',
      'why-three-nodes',
      'drawing',
      'cmd-drain-the-node-safely',
      'cmd-shared-one',
    ])
      assert.ok(anchors.has(id), id);
    assert.ok(!anchors.has('not-an-anchor'));
  });

  test("a Markdown page's raw HTML gives its ids and links", () => {
    const text = '# Gone\n\n<p id="why">See <a href="/runbooks/triage/">triage</a>.</p>\n';
    const md = readChapter(text, 'docs/404.md', { markdown: true });
    assert.deepEqual(md.ids, ['why']);
    assert.deepEqual(md.links, [
      { url: '/runbooks/triage/', ...at(text, '/runbooks/'), via: 'element' },
    ]);
  });

  test('the address a file becomes, as the docs loader makes it', () => {
    const page = (file: string, text = '# T\n') => pageAddress(readChapter(text, file), 'docs');
    assert.equal(page('docs/runbooks/drain.mdx'), '/runbooks/drain/');
    assert.equal(page('docs/index.mdx'), '/');
    assert.equal(page('docs/runbooks/index.mdx'), '/runbooks/');
    assert.equal(page('docs/Appendix A Glossary.mdx'), '/appendix-a-glossary/');
    assert.equal(page('docs/runbooks/_shared.mdx'), null);
    assert.equal(page('docs/_drafts/x.mdx'), null);
    assert.equal(page('docs/x.mdx', '---\ntitle: X\ndraft: true\n---\n'), null);
    assert.equal(page('docs/x.mdx', '---\ntitle: X\ndraft: false\n---\n'), '/x/');
    assert.equal(page('docs/x.mdx', '---\ntitle: X\nslug: elsewhere/y\n---\n'), '/elsewhere/y/');
    assert.equal(page('outside/x.mdx'), null);
  });
});

describe('syntax errors', () => {
  test('an unclosed tag is reported with the file, line and column the parser gives', () => {
    const text = '# T\n\nSome <V k="a.b" text\n\nmore\n';
    assert.throws(
      () => readChapter(text, 'docs/bad.mdx'),
      (e: unknown) => {
        assert.ok(e instanceof MdxSyntaxError);
        assert.equal(e.file, 'docs/bad.mdx');
        assert.equal(e.line, 3);
        assert.ok(e.col >= 1);
        assert.ok(!/\n\s+at /.test(e.message), 'no stack trace in the message');
        return true;
      },
    );
  });

  for (const [what, open, close] of [
    ['elements', '<div>', '</div>'],
    ['block quotes', '> ', ''],
  ] as const)
    test(`${what} nested thousands deep: a syntax error at the first level past the limit, no stack overflow`, () => {
      const deep = `${open.repeat(5000)}x${close.repeat(5000)}\n`;
      assert.throws(
        () => readChapter(`# T\n\n${deep}`, 'docs/deep.mdx'),
        (e: unknown) => {
          assert.ok(e instanceof MdxSyntaxError, String(e));
          assert.equal(e.line, 3);
          assert.equal(e.col, open.length * 256 + 1);
          assert.match(e.reason, /nest more than 256 levels/);
          return true;
        },
      );
    });

  test('readBook reads a folder in path order and reports every chapter that does not parse', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hd-mdx-'));
    try {
      fs.mkdirSync(path.join(dir, 'sub'));
      fs.writeFileSync(path.join(dir, 'b.mdx'), '# B\n');
      fs.writeFileSync(path.join(dir, 'sub/a.mdx'), '# A\n');
      fs.writeFileSync(path.join(dir, 'a.md'), '# A md {x}\n');
      const book = readBook(dir);
      assert.deepEqual(
        book.chapters.map((c) => path.basename(c.file)),
        ['a.md', 'b.mdx', 'a.mdx'],
      );
      fs.writeFileSync(path.join(dir, 'c.mdx'), '<V\n');
      fs.writeFileSync(path.join(dir, 'd.mdx'), 'x {\n');
      assert.throws(
        () => readBook(dir),
        (e: unknown) =>
          e instanceof MdxErrors &&
          e.errors.map((x) => path.basename(x.file)).join() === 'c.mdx,d.mdx',
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test(
    'readBook reports the chapters it cannot read with those that do not parse, each at its file',
    { skip: process.platform === 'linux' ? false : '/proc/self/mem is Linux only' },
    () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hd-mdx-'));
      try {
        fs.mkdirSync(path.join(dir, 'sub'));
        fs.writeFileSync(path.join(dir, 'a.mdx'), '# A\n');
        fs.writeFileSync(path.join(dir, 'c.mdx'), '<V\n');
        // Opening it succeeds and reading fails (EIO), for root too.
        fs.symlinkSync('/proc/self/mem', path.join(dir, 'sub/mem.mdx'));
        assert.throws(
          () => readBook(dir),
          (e: unknown) => {
            assert.ok(e instanceof MdxErrors);
            assert.deepEqual(
              e.errors.map((x) => path.basename(x.file)),
              ['c.mdx'],
            );
            assert.deepEqual(
              e.unreadable.map((x) => [x.file, x.line, x.col, x.path, x.reason]),
              [[path.join(dir, 'sub/mem.mdx'), 1, 1, 'sub/mem.mdx', 'i/o error']],
            );
            assert.ok(e.unreadable[0] instanceof UnreadableError);
            assert.doesNotMatch(e.message, /\n\s+at /);
            return true;
          },
        );
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
