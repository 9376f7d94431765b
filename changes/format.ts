/**
 * The report formats: human (one line per change), json (the contract in
 * docs/changes-schema.md), markdown (a pull-request comment body) and github
 * (workflow annotations at the after-side line). Text output is bounded; the
 * JSON always holds everything.
 */
import { workflowCommand } from '../check/index.ts';
import { SHOWN_PROBLEMS, type Source } from '../engine/index.ts';
import type { Affected } from './affected.ts';
import type { ChangeReport, Revision } from './compare.ts';
import type { Change, ObjectChange } from './diff.ts';

export const CHANGES_SCHEMA_VERSION = 1;
/** Lines of changes a text report shows before it says how many more there are. */
export const TEXT_LIMIT = 200;

export type Format = 'human' | 'json' | 'markdown' | 'github';
export const FORMATS: Format[] = ['human', 'json', 'markdown', 'github'];

const at = (s: Source) => (s.line > 0 ? `${s.file}:${s.line}` : `derived from ${s.file}/`);
/** `origin/main (3da05a3)`; a commit id alone when that is what was given. */
const rev = (r: Revision) => {
  if (!r.commit) return `the ${r.rev}`;
  const short = r.commit.slice(0, 7);
  return r.rev.length >= 7 && r.commit.startsWith(r.rev) ? short : `${r.rev} (${short})`;
};

/** Both sides of a location, once when they are the same. */
function where(c: Pick<Change, 'before' | 'after'>): string {
  const a = c.before?.source;
  const b = c.after?.source;
  if (!b) return `was ${at(a!)}`;
  if (!a || (a.file === b.file && a.line === b.line)) return at(b);
  return `${at(b)} (was ${at(a)})`;
}

/** `(was file:line)` when the before side is elsewhere than the after side; '' otherwise. */
function previously(c: Pick<Change, 'before' | 'after'>): string {
  const a = c.before?.source;
  const b = c.after?.source;
  return a && (!b || a.file !== b.file || a.line !== b.line) ? `(was ${at(a)})` : '';
}

/** One entry per change to show: whole objects added or removed fold their facts into one. */
export interface Entry {
  change?: Change;
  object?: ObjectChange;
}

export function entries(r: Pick<ChangeReport, 'changes' | 'objects'>): {
  direct: Entry[];
  derived: Change[];
} {
  const folded = new Map(r.objects.map((o) => [o.objectKey, o]));
  const shown = new Set<string>();
  const direct: Entry[] = [];
  for (const c of r.changes) {
    if (c.derived) continue;
    const o = c.objectKey && c.change !== 'renamed' ? folded.get(c.objectKey) : undefined;
    if (!o) direct.push({ change: c });
    else if (!shown.has(o.objectKey)) {
      shown.add(o.objectKey);
      direct.push({ object: o });
    }
  }
  return { direct, derived: r.changes.filter((c) => c.derived) };
}

function changeText(c: Change): string {
  if (c.change === 'renamed') return `renamed from ${c.before!.value}`;
  if (c.change === 'added') return `added: ${c.after!.value}`;
  if (c.change === 'removed') return `removed (was ${c.before!.value})`;
  return `${c.before!.value} → ${c.after!.value}`;
}

const objectText = (o: ObjectChange) => `${o.change} (${o.facts} fact${o.facts === 1 ? '' : 's'})`;

function placeText(a: Affected): string {
  if (a.use === 'renders')
    return `renders ${a.key}${a.resolves ? '' : '  BREAKS: the fact is gone'}`;
  return `assumes ${a.expr}  ${a.holds ? 'still holds' : 'NO LONGER HOLDS: re-read the paragraph'}`;
}

function summary(r: ChangeReport): string {
  const direct = r.changes.filter((c) => !c.derived).length;
  const places = r.affected.length;
  return `${r.manifests}/ from ${rev(r.from)} to ${rev(r.to)}: ${direct} change${direct === 1 ? '' : 's'}, ${places} book place${places === 1 ? '' : 's'}.`;
}

function bounded(lines: string[], more: (n: number) => string): string[] {
  return lines.length <= TEXT_LIMIT
    ? lines
    : [...lines.slice(0, TEXT_LIMIT), more(lines.length - TEXT_LIMIT)];
}

export function human(r: ChangeReport): string {
  if (!r.changes.length) return `${summary(r)}\nNo fact changed.\n`;
  const { direct, derived } = entries(r);
  const lines = direct.flatMap(({ change: c, object: o }) => {
    if (o)
      return [`${o.key}  ${objectText(o)}  ${o.change === 'removed' ? 'was ' : ''}${at(o.source)}`];
    const head = `${c!.key}  ${changeText(c!)}  ${where(c!)}`;
    return c!.moves.length ? [head, `  moves: ${c!.moves.join(', ')}`] : [head];
  });
  const more = (n: number) => `… ${n} more lines: --format json lists every change.`;
  const out = [summary(r), '', ...bounded(lines, more)];
  if (derived.length)
    out.push(
      '',
      'Derived (computed from many manifests):',
      ...bounded(
        derived.map((c) => `${c.key}  ${changeText(c)}`),
        more,
      ),
    );
  if (r.affected.length)
    out.push(
      '',
      'In the book:',
      ...bounded(
        r.affected.map((a) => `${a.file}:${a.line}  ${placeText(a)}`),
        more,
      ),
    );
  return `${out.join('\n')}\n`;
}

export function json(r: ChangeReport): string {
  return `${JSON.stringify({ schemaVersion: CHANGES_SCHEMA_VERSION, ...r }, null, 2)}\n`;
}

/** The first line of the markdown report: the workflow finds its own comment by it. */
export const COMMENT_MARKER = '<!-- honeydue-changes -->';
/** GitHub refuses comments over 65 536 characters; stop well before. */
const MARKDOWN_LIMIT = 60_000;

/** A table cell: a code span that survives pipes, backticks and line breaks. */
function code(s: string): string {
  const t = s.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
  const fence = t.includes('`') ? '``' : '`';
  return t
    ? `${fence}${fence.length > 1 ? ' ' : ''}${t}${fence.length > 1 ? ' ' : ''}${fence}`
    : '';
}

function changeRow(e: Entry): string {
  if (e.object) {
    const o = e.object;
    const [b, a] = o.change === 'added' ? ['—', objectText(o)] : [objectText(o), '—'];
    return `| ${code(o.key)} | ${b} | ${a} | ${code(at(o.source))} |`;
  }
  const c = e.change!;
  const before =
    c.change === 'renamed'
      ? `renamed from ${code(c.before!.value)}`
      : c.before
        ? code(c.before.value)
        : '—';
  const after =
    c.after && c.change !== 'renamed'
      ? code(c.after.value)
      : c.change === 'renamed'
        ? code(c.after!.value)
        : 'removed';
  const loc =
    c.before && c.after && at(c.before.source) !== at(c.after.source)
      ? `${code(at(c.after.source))} (was ${code(at(c.before.source))})`
      : code(at((c.after ?? c.before)!.source));
  const moves = c.moves.length ? `<br>moves ${c.moves.map(code).join(', ')}` : '';
  return `| ${code(c.key)}${moves} | ${before} | ${after} | ${loc} |`;
}

function placeRow(a: Affected): string {
  const what = a.use === 'renders' ? `renders ${code(a.key)}` : `assumes ${code(a.expr ?? a.key)}`;
  const verdict =
    a.use === 'assumes'
      ? a.holds
        ? '✅ still holds'
        : '❌ no longer holds: re-read the paragraph and update it or its marker'
      : a.resolves
        ? 'shows the new value'
        : '❌ the fact is gone: the reference breaks';
  const heading = a.heading ? ` (${a.heading.replace(/\|/g, '\\|')})` : '';
  return `| ${code(`${a.file}:${a.line}`)}${heading} | ${what} | ${verdict} |`;
}

/** Rows up to the size limit, then a line saying how many were left out. */
function rows(head: string[], body: string[], budget: { left: number }): string[] {
  const out = [...head];
  let i = 0;
  for (; i < body.length && budget.left - body[i].length > 0; i++) {
    out.push(body[i]);
    budget.left -= body[i].length + 1;
  }
  if (i < body.length)
    out.push(
      '',
      `… ${body.length - i} more rows: \`npm run changes -- --format json\` lists them all.`,
    );
  return out;
}

export function markdown(r: ChangeReport): string {
  const direct = r.changes.filter((c) => !c.derived).length;
  const out = [
    COMMENT_MARKER,
    `### What changes in \`${r.manifests}/\``,
    '',
    `${code(rev(r.from))} → ${code(rev(r.to))}: **${direct}** fact change${direct === 1 ? '' : 's'}, **${r.affected.length}** place${r.affected.length === 1 ? '' : 's'} in the book.`,
  ];
  if (!r.changes.length)
    return `${[...out, '', 'No fact changes: the book renders the same values.'].join('\n')}\n`;
  const budget = { left: MARKDOWN_LIMIT };
  const { direct: list, derived } = entries(r);
  out.push(
    '',
    ...rows(
      ['| Fact | Before | After | Source |', '| --- | --- | --- | --- |'],
      list.map(changeRow),
      budget,
    ),
  );
  if (derived.length)
    out.push(
      '',
      `<details><summary>Derived facts that move with these (${derived.length})</summary>`,
      '',
      ...rows(
        ['| Fact | Before | After |', '| --- | --- | --- |'],
        derived.map(
          (c) =>
            `| ${code(c.key)} | ${c.before ? code(c.before.value) : '—'} | ${c.after ? code(c.after.value) : '—'} |`,
        ),
        budget,
      ),
      '',
      '</details>',
    );
  out.push('', '#### What it means for the book', '');
  if (!r.affected.length) out.push('No chapter renders or assumes a changed fact.');
  else
    out.push(
      ...rows(['| Place | Use | |', '| --- | --- | --- |'], r.affected.map(placeRow), budget),
    );
  return `${out.join('\n')}\n`;
}

/**
 * Annotations: a warning at each place that breaks, then a notice at each change's after-side
 * line. GitHub shows ten warnings and ten notices of a step and fifty annotations of a job, so
 * at most SHOWN_PROBLEMS are printed, then one line counting the rest.
 */
export function github(r: ChangeReport): string {
  const byKey = new Map<string, Affected[]>();
  for (const a of r.affected)
    (byKey.get(a.change) ?? byKey.set(a.change, []).get(a.change)!).push(a);
  const lines: string[] = [];
  const breaking = r.affected.filter((x) => (x.use === 'assumes' ? !x.holds : !x.resolves));
  for (const a of breaking.slice(0, SHOWN_PROBLEMS))
    lines.push(
      workflowCommand(
        'warning',
        { file: a.file, line: a.line, col: a.col, title: `${a.key} changed` },
        placeText(a),
      ),
    );
  const { direct } = entries(r);
  const noticed = direct.slice(0, Math.max(0, SHOWN_PROBLEMS - lines.length));
  for (const e of noticed) {
    const c = e.change;
    const src = c ? (c.after ?? c.before)!.source : e.object!.source;
    const title = c ? `${c.key} ${c.change}` : `${e.object!.key} ${e.object!.change}`;
    const places = c ? (byKey.get(c.key) ?? []) : [];
    const body = [
      // The annotation stands at the after-side line; say where it was only when that differs.
      c ? [changeText(c), previously(c)].filter(Boolean).join(' ') : objectText(e.object!),
      ...(c?.moves.length ? [`moves ${c.moves.join(', ')}`] : []),
      ...(places.length
        ? [`in the book: ${places.map((p) => `${p.file}:${p.line}`).join(', ')}`]
        : []),
    ].join('; ');
    const at: Record<string, string | number> =
      c && !c.after ? {} : { file: src.file, line: Math.max(1, src.line) };
    lines.push(workflowCommand('notice', { ...at, title }, body));
  }
  const places = breaking.length - Math.min(breaking.length, SHOWN_PROBLEMS);
  const changes = direct.length - noticed.length;
  if (places || changes)
    lines.push(
      `Not annotated: ${[
        places && `${places} book place${places === 1 ? '' : 's'} that break`,
        changes && `${changes} change${changes === 1 ? '' : 's'}`,
      ]
        .filter(Boolean)
        .join(' and ')}; \`npm run changes -- --format json\` lists every one.`,
    );
  lines.push(summary(r));
  return `${lines.join('\n')}\n`;
}

export function format(r: ChangeReport, f: Format): string {
  return { human, json, markdown, github }[f](r);
}
