/**
 * The runner: creates every rule's visitors, walks the config objects and the
 * book once, applies drift-ignore markers centrally (in the manner of ESLint's
 * apply-disable-directives), reports the ones that ignore nothing, and sorts.
 */
import { visible, type Extracted, type ExtractResult } from '../engine/index.ts';
import type { Book, Chapter, Ignore } from '../mdx/index.ts';
import type { Finding } from './codes.ts';
import type { Report, Rule, RuleContext, Visitors } from './rule.ts';
import { Shared } from './shared.ts';

export interface RunResult {
  findings: Finding[];
  /** Findings a drift-ignore marker silenced. */
  silenced: Finding[];
  /** What the literal rules counted (see Shared.stats). */
  stats: Shared['stats'];
  /** Reported without failing the check: drift-ignore markers that silence nothing. */
  warnings: Finding[];
  /** Every drift-ignore marker, with how many findings it silenced. */
  ignores: {
    file: string;
    line: number;
    col: number;
    rules: string[];
    reason: string;
    silenced: number;
  }[];
}

/** A template with the report's data; a quoted value shows any hidden character it holds. */
const fill = (template: string, data: Record<string, string | number> = {}) =>
  template.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, k: string) => (k in data ? visible(data[k]) : m));

/** A rule's report as a finding: its message and hint templates filled with the report's data. */
export function finding(rule: Rule, r: Report): Finding {
  const { meta } = rule;
  const message = meta.messages[r.messageId];
  if (message === undefined) throw new Error(`rule ${meta.id} has no message \`${r.messageId}\``);
  const hint = meta.hints[r.messageId] ?? meta.hints.default ?? '';
  return {
    code: meta.code,
    ruleId: meta.id,
    file: r.file,
    line: r.line,
    col: r.col ?? 1,
    message: fill(message, r.data),
    hint: fill(hint, r.data),
    ...(r.config ? { config: { file: r.config.file, line: r.config.line } } : {}),
    ...(r.related?.length
      ? { related: r.related.map((x) => ({ file: x.file, line: x.line })) }
      : {}),
  };
}

export const byPosition = (a: Finding, b: Finding): number =>
  a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col;

type Call = <K extends keyof Visitors>(
  key: K,
  ...args: Parameters<NonNullable<Visitors[K]>>
) => void;

function walkConfig(ex: Extracted, call: Call): void {
  for (const w of ex.workloads) {
    call('workload', w);
    for (const c of [...w.initContainers, ...w.containers]) call('container', c, w);
  }
  for (const s of ex.services) call('service', s);
  for (const r of ex.routes) call('route', r);
  for (const p of ex.networkPolicies) call('networkPolicy', p);
  for (const p of ex.pdbs) call('pdb', p);
  for (const h of ex.hpas) call('hpa', h);
  for (const m of ex.configMaps) call('configMap', m);
  for (const s of ex.secrets) call('secret', s);
  for (const b of ex.roleBindings) call('roleBinding', b);
  for (const n of ex.nodes) call('node', n);
  for (const r of ex.ufw?.rules ?? []) call('ufwRule', r);
  for (const e of ex.traefik?.entrypoints ?? []) call('entrypoint', e);
  for (const d of ex.cloudflare?.dns ?? []) call('dnsRecord', d);
  call('configEnd', ex);
}

function walkChapter(ch: Chapter, call: Call): void {
  call('chapter', ch);
  for (const r of ch.refs) call('factRef', r, ch);
  for (const r of ch.manifestRefs) call('manifestRef', r, ch);
  for (const e of ch.elements) call('element', e, ch);
  for (const b of ch.codeBlocks) call('codeBlock', b, ch);
  for (const p of ch.prose) call('prose', p, ch);
  for (const a of ch.assumptions) call('assumption', a, ch);
  for (const i of ch.ignores) call('ignore', i, ch);
}

/** Whether a marker silences a finding: it covers the line, and names the rule (the bare form: literal rules). */
export function silences(i: Ignore, f: Finding): boolean {
  if (!i.covers || f.line < i.covers.line || f.line > i.covers.endLine) return false;
  return i.rules.length ? i.rules.includes(f.ruleId) : f.code === 'HARDCODED_VALUE';
}

export function runRules(
  rules: readonly Rule[],
  result: ExtractResult,
  book: Book,
  runner: {
    unusedIgnore: Rule;
    ruleIds: ReadonlySet<string>;
    changed?: ReadonlySet<string> | null;
  },
): RunResult {
  const raw: Finding[] = [];
  const shared = new Shared(result);
  const { ruleIds, unusedIgnore } = runner;
  const all: { rule: Rule; visitors: Visitors }[] = rules.map((rule) => {
    const context: RuleContext = {
      result,
      ex: result.extracted,
      book,
      shared,
      ruleIds,
      changed: runner.changed ?? null,
      report: (r) => raw.push(finding(rule, r)),
    };
    return { rule, visitors: rule.create(context) };
  });
  // One list of functions per visitor key, so a key no rule visits costs nothing.
  const byKey = new Map<string, ((...a: unknown[]) => void)[]>();
  for (const { visitors } of all)
    for (const [key, fn] of Object.entries(visitors))
      (byKey.get(key) ?? byKey.set(key, []).get(key)!).push(fn as (...a: unknown[]) => void);
  const call: Call = (key, ...args) => {
    const fns = byKey.get(key);
    if (fns) for (const fn of fns) fn(...args);
  };
  walkConfig(result.extracted, call);
  for (const ch of book.chapters) walkChapter(ch, call);
  call('bookEnd', book);
  return { ...applyIgnores(raw, book, ruleIds, unusedIgnore), stats: shared.stats };
}

function applyIgnores(
  raw: Finding[],
  book: Book,
  ruleIds: ReadonlySet<string>,
  unusedIgnore: Rule,
): Omit<RunResult, 'stats'> {
  const byFile = new Map(book.chapters.map((c) => [c.file, c]));
  const count = new Map<Ignore, number>();
  const silenced: Finding[] = [];
  const findings = raw.filter((f) => {
    const ch = byFile.get(f.file);
    const by = ch?.ignores.filter((i) => silences(i, f)) ?? [];
    for (const i of by) count.set(i, (count.get(i) ?? 0) + 1);
    if (by.length) silenced.push(f);
    return by.length === 0;
  });
  const ignores: RunResult['ignores'] = [];
  const warnings: Finding[] = [];
  for (const ch of book.chapters)
    for (const i of ch.ignores) {
      const silenced = count.get(i) ?? 0;
      ignores.push({
        file: ch.file,
        line: i.line,
        col: i.col,
        rules: i.rules,
        reason: i.reason,
        silenced,
      });
      // A marker naming an unknown rule is reported by bad-marker; one without a reason too.
      if (silenced || !i.reason || i.rules.some((r) => !ruleIds.has(r))) continue;
      warnings.push(
        finding(unusedIgnore, {
          messageId: i.covers ? 'unused' : 'nothing',
          data: { rules: i.rules.length ? i.rules.join(', ') : 'hardcoded values' },
          file: ch.file,
          line: i.line,
          col: i.col,
        }),
      );
    }
  findings.sort(byPosition);
  return { findings, silenced, warnings, ignores };
}
