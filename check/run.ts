/**
 * The drift check: every rule over a docs folder and the extracted manifests,
 * and the report formats. cli/check.ts is the command around it.
 */
import type { ExtractResult } from '../engine/index.ts';
import { checkAssumptions } from './assume.ts';
import { checkCommands } from './commands.ts';
import { checkConsistency } from './consistency.ts';
import { bookText, checkCoverage } from './coverage.ts';
import { checkExcerpt, manifestTitle } from './excerpts.ts';
import type { Finding } from './finding.ts';
import { literalFinding, literalMatcher } from './hardcoded.ts';
import { readBook, type Ignore } from '../mdx/index.ts';
import { brokenRefs } from './refs.ts';

export interface CheckReport {
  findings: Finding[];
  ignores: (Omit<Ignore, 'covers'> & { file: string })[];
  docs: number;
  objects: number;
}

/** Runs every rule over a docs folder and the extracted manifests. */
export function checkBook(docsDir: string, result: ExtractResult): CheckReport {
  const book = readBook(docsDir);
  const matcher = literalMatcher(result);
  const findings: Finding[] = [];
  const ignores: CheckReport['ignores'] = [];
  for (const s of book.chapters) {
    const file = s.file;
    findings.push(...brokenRefs(file, s, result));
    findings.push(...checkCommands(file, s, result));

    const covered = new Set<number>();
    for (const ig of s.ignores) {
      ignores.push({ rules: ig.rules, reason: ig.reason, line: ig.line, col: ig.col, file });
      if (!ig.reason)
        findings.push({
          code: 'BAD_MARKER',
          file,
          line: ig.line,
          col: 1,
          message: 'A drift-ignore marker gives no reason.',
          hint: 'Say why the literal must stay, e.g. {/* drift-ignore: Swarm-era value, history */}.',
        });
      if (ig.covers) for (let l = ig.covers.line; l <= ig.covers.endLine; l++) covered.add(l);
    }
    const local: Finding[] = [];
    for (const p of s.prose)
      for (const lit of matcher.scan(p.text)) local.push(literalFinding(file, p.line, lit));
    for (const t of s.elements) {
      const code = t.attributes.find((a) => a.name === 'code');
      if (!code?.raw || !code.rawAt) continue;
      const blanked = code.raw.replace(/\{\{[^}]*\}\}/g, (m) => ' '.repeat(m.length));
      for (const lit of matcher.scan(blanked)) {
        const at = s.locate(code.rawAt.offset + lit.col - 1);
        local.push(literalFinding(file, at.line, { ...lit, col: at.col }));
      }
    }
    for (const b of s.codeBlocks) {
      const rel = manifestTitle(b, result);
      if (rel) {
        const f = checkExcerpt(file, b, rel, result);
        if (f) findings.push(f);
        continue;
      }
      b.body.forEach((l, i) => {
        for (const lit of matcher.scan(l))
          local.push(literalFinding(file, b.line + 1 + i, { ...lit, col: lit.col + b.indent }));
      });
    }
    findings.push(...local.filter((f) => !covered.has(f.line)));
    findings.push(...checkAssumptions(file, s.assumptions, result));
  }
  findings.push(...checkCoverage(bookText(book.chapters, result), result));
  findings.push(...checkConsistency(result));
  findings.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col);
  return { findings, ignores, docs: book.chapters.length, objects: result.load.objects.length };
}

export function human(r: CheckReport): string {
  const out = r.findings.map((f) => {
    const head = `${f.file}:${f.line}:${f.col}  ${f.code}  ${f.message}`;
    const cfg =
      f.config && f.config.file !== f.file ? `\n  config: ${f.config.file}:${f.config.line}` : '';
    return `${head}${cfg}\n  hint: ${f.hint}`;
  });
  if (r.ignores.length)
    out.push(
      `${r.ignores.length} drift-ignore marker${r.ignores.length === 1 ? '' : 's'}:\n${r.ignores.map((i) => `  ${i.file}:${i.line}  ${i.reason || '(no reason)'}`).join('\n')}`,
    );
  const counts = Object.entries(
    r.findings.reduce<Record<string, number>>(
      (acc, f) => ((acc[f.code] = (acc[f.code] ?? 0) + 1), acc),
      {},
    ),
  )
    .map(([c, n]) => `${c} ×${n}`)
    .join(', ');
  out.push(
    r.findings.length
      ? `${r.findings.length} finding${r.findings.length === 1 ? '' : 's'} (${counts}) in ${r.docs} pages against ${r.objects} manifest objects.`
      : `No drift: ${r.docs} pages agree with ${r.objects} manifest objects.`,
  );
  return `${out.join('\n\n')}\n`;
}

const ghEscape = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const ghProp = (s: string) => ghEscape(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

export function github(r: CheckReport): string {
  const lines = r.findings.map(
    (f) =>
      `::error file=${ghProp(f.file)},line=${Math.max(1, f.line)},col=${Math.max(1, f.col)},title=${ghProp(f.code)}::${ghEscape(`${f.message}${f.config ? ` (config: ${f.config.file}:${f.config.line})` : ''} — ${f.hint}`)}`,
  );
  for (const i of r.ignores)
    lines.push(
      `::notice file=${ghProp(i.file)},line=${i.line},title=drift-ignore::${ghEscape(i.reason || '(no reason)')}`,
    );
  lines.push(r.findings.length ? `${r.findings.length} drift findings.` : 'No drift.');
  return `${lines.join('\n')}\n`;
}
