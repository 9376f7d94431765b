/**
 * Every workload, Service, node, UFW rule, NetworkPolicy,
 * ingress host and PDB must be written about somewhere: its name in prose (as
 * a word) or a fact key of it used in a chapter. A table that lists everything
 * automatically does not count — a new Deployment nobody explained fails.
 */
import { objectKey, type ExtractResult, type Source } from '../../engine/index.ts';
import type { Chapter } from '../../mdx/index.ts';
import { namedHost } from '../lib/routes.ts';
import { defineRule } from '../rule.ts';

interface BookText {
  /** Whether a lower-cased name stands in the prose as a word. */
  words: { has(name: string): boolean };
  prose: string;
  /** Fact keys referenced, resolved to full keys, plus the raw keys as written. */
  keys: Set<string>;
  /** The object part of every referenced key (`deployment/api`, `route/api.myhoneydue.com`). */
  objects: Set<string>;
}

function bookText(docs: Chapter[], result: ExtractResult): BookText {
  const prose = docs
    .map(
      (d) =>
        d.prose.map((p) => p.text).join('\n') +
        '\n' +
        d.headings.map((h) => h.text).join('\n') +
        '\n' +
        d.elements.map((t) => Object.values(t.attrs).join(' ')).join('\n'),
    )
    .join('\n');
  const keys = new Set<string>();
  for (const d of docs)
    for (const r of d.refs) {
      keys.add(r.key);
      const f = result.registry.get(r.key);
      if (f) keys.add(f.key);
    }
  const lower = prose.toLowerCase();
  const part = (c: string | undefined) => c !== undefined && /[a-z0-9._-]/.test(c);
  const trim = (w: string) => w.replace(/^[._-]+|[._-]+$/g, '');
  const edge = (c: string | undefined) => c === '.' || c === '-' || c === '_';
  // A word is a run of letters, digits, dots, dashes and underscores, trimmed of the
  // punctuation at its ends: `api` is not a word of `api-pdb` nor of `api.myhoneydue.com`.
  // The words are listed once, when the first name is looked up: with many objects, one
  // lookup each instead of a search of the whole prose each.
  let list: Set<string> | null = null;
  const words = {
    has(name: string): boolean {
      if (/^[a-z0-9._-]+$/.test(name)) {
        if (!list) {
          // Split, not matched: no match object per word (about half the rule's time).
          list = new Set();
          for (const w of lower.split(/[^a-z0-9._-]+/))
            list.add(edge(w[0]) || edge(w[w.length - 1]) ? trim(w) : w);
        }
        return list.has(name);
      }
      // A name with other characters (a UFW rule called `k3s api`) spans words: found where it stands.
      for (let i = lower.indexOf(name); i >= 0; i = lower.indexOf(name, i + 1)) {
        let a = i;
        let b = i + name.length;
        while (part(lower[a - 1])) a--;
        while (part(lower[b])) b++;
        if (trim(lower.slice(a, b)) === name) return true;
      }
      return false;
    },
  };
  // Every prefix of a key that ends before a dot: `deployment/api.` of `deployment/api.replicas`.
  const objects = new Set<string>();
  for (const k of keys)
    for (let i = k.indexOf('.'); i >= 0; i = k.indexOf('.', i + 1)) objects.add(k.slice(0, i + 1));
  return { words, prose, keys, objects };
}

/**
 * Whether the book names an object: its name as a word of the prose, or one of its facts
 * referenced (every resolved reference counts under its full key, `base.` is its object part).
 */
function mentioned(book: BookText, name: string, base: string): boolean {
  return book.words.has(name.toLowerCase()) || book.objects.has(`${base}.`);
}

function checkCoverage(
  book: BookText,
  result: ExtractResult,
  miss: (what: string, name: string, src: Source) => void,
): void {
  const ex = result.extracted;
  for (const w of ex.workloads)
    if (w.applied && !mentioned(book, w.name, objectKey(w.kind, w.namespace, w.name)))
      miss(w.kind, w.name, w.source);
  for (const s of ex.services)
    if (s.applied && !mentioned(book, s.name, objectKey('Service', s.namespace, s.name)))
      miss('Service', s.name, s.source);
  // Nodes and UFW rules are keyed by their names alone (a node by its SSH alias).
  for (const n of ex.nodes)
    if (!mentioned(book, n.sshAlias, `node/${n.sshAlias}`)) miss('node', n.sshAlias, n.source);
  for (const r of ex.ufw?.rules ?? [])
    if (!mentioned(book, r.name, `ufw/${r.name}`)) miss('UFW rule', r.name, r.source);
  for (const p of ex.networkPolicies)
    if (p.applied && !mentioned(book, p.name, objectKey('NetworkPolicy', p.namespace, p.name)))
      miss('NetworkPolicy', p.name, p.source);
  for (const p of ex.pdbs)
    if (
      p.applied &&
      !mentioned(book, p.name, objectKey('PodDisruptionBudget', p.namespace, p.name))
    )
      miss('PodDisruptionBudget', p.name, p.source);
  const hosts = new Map<string, { file: string; line: number }>();
  for (const r of ex.routes)
    if (r.applied && namedHost(r) && !hosts.has(r.host)) hosts.set(r.host, r.source);
  // A host counts only as itself: `myhoneydue.com` inside `api.myhoneydue.com` is not a mention.
  const asWord = (host: string) =>
    new RegExp(`(?<![\\w.-])${host.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w-]|\\.\\w)`);
  for (const [host, src] of hosts)
    if (!asWord(host).test(book.prose) && !book.objects.has(`route/${host}.`))
      miss('ingress host', host, src);
}

export default defineRule({
  meta: {
    id: 'undocumented',
    code: 'UNDOCUMENTED',
    description:
      'A workload, Service, node, UFW rule, NetworkPolicy, ingress host or PDB that no chapter writes about (its name in prose, or one of its facts rendered) — a generated table alone does not count.',
    messages: { missing: 'The {{what}} `{{name}}` appears nowhere in the book.' },
    hints: {
      missing:
        'Write about the {{what}} `{{name}}` in the chapter that covers it (what it is, why it exists), or render one of its facts with <V k="…" />.',
    },
    fix: 'Write about it where it belongs (its name in prose, or one of its facts rendered).',
    docs: '#rule-undocumented',
  },
  create(context) {
    return {
      bookEnd(book) {
        checkCoverage(bookText(book.chapters, context.result), context.result, (what, name, src) =>
          context.report({
            messageId: 'missing',
            data: { what, name },
            file: src.file,
            line: src.line,
            config: src,
          }),
        );
      },
    };
  },
});
