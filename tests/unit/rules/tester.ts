/**
 * RuleTester, in the manner of ESLint's: a rule runs alone (with the runner,
 * which applies drift-ignore markers) over manifests written for the case and
 * MDX read in memory; every invalid case lists the findings it must produce —
 * rule, message, file, line and column — and nothing else.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { extract } from '../../../engine/index.ts';
import { readChapter } from '../../../mdx/index.ts';
import { checkParsedBook, type Finding, type Rule } from '../../../check/index.ts';

export interface Case {
  name: string;
  /** Manifest files by path inside the manifests folder. */
  manifests?: Record<string, string>;
  /** Chapters by file name. */
  docs?: Record<string, string>;
  /** Other rules to run alongside (the runner's own rules need the findings they act on). */
  with?: string[];
}

export interface Expected {
  messageId: string;
  /** The exact message, or a pattern it must match. */
  message?: string | RegExp;
  /** A manifest path (`svc.yaml`) or a chapter name (`a.mdx`). */
  file: string;
  line: number;
  col?: number;
  /** The other side, when the finding has one. */
  config?: { file: string; line: number };
}

export interface Invalid extends Case {
  errors: Expected[];
}

const temps: string[] = [];
after(() => {
  for (const t of temps) fs.rmSync(t, { recursive: true, force: true });
});

/** The findings of one rule over a case. */
export function run(rule: Rule, c: Case): Finding[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hd-rule-'));
  temps.push(dir);
  for (const [rel, text] of Object.entries(c.manifests ?? {})) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  const result = extract(dir);
  const chapters = Object.entries(c.docs ?? {}).map(([name, text]) =>
    readChapter(text, `docs/${name}`),
  );
  const report = checkParsedBook({ dir: 'docs', chapters }, result, [
    rule.meta.id,
    ...(c.with ?? []),
  ]);
  return [...report.findings, ...report.warnings].filter((f) => f.ruleId === rule.meta.id);
}

/** A message template as a pattern: `{{name}}` matches anything. */
function templatePattern(template: string): RegExp {
  const parts = template
    .split(/\{\{\s*\w+\s*\}\}/)
    .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('[\\s\\S]*?')}$`);
}

const show = (fs_: Finding[]) =>
  fs_.map((f) => `  ${f.file}:${f.line}:${f.col} ${f.ruleId} ${f.message}`).join('\n') ||
  '  (none)';

const sameFile = (actual: string, expected: string) =>
  actual === expected || actual.endsWith(`/${expected}`);

export function ruleTester(rule: Rule, cases: { valid: Case[]; invalid: Invalid[] }): void {
  describe(rule.meta.id, () => {
    test('meta: kebab-case id, a code, a description, a fix, a docs anchor, hints for its messages', () => {
      assert.match(rule.meta.id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
      assert.ok(rule.meta.description.length > 10);
      assert.ok(rule.meta.fix.length > 5);
      assert.equal(rule.meta.docs, `#rule-${rule.meta.id}`);
      for (const id of Object.keys(rule.meta.messages))
        assert.ok(rule.meta.hints[id] ?? rule.meta.hints.default, `hint for ${id}`);
    });
    for (const c of cases.valid)
      test(`valid: ${c.name}`, () => {
        const found = run(rule, c);
        assert.deepEqual(found, [], `expected no findings, got:\n${show(found)}`);
      });
    for (const c of cases.invalid)
      test(`invalid: ${c.name}`, () => {
        const found = run(rule, c);
        assert.equal(found.length, c.errors.length, `findings:\n${show(found)}`);
        c.errors.forEach((e, i) => {
          const f = found[i];
          assert.equal(f.ruleId, rule.meta.id);
          assert.equal(f.code, rule.meta.code);
          const template = rule.meta.messages[e.messageId];
          assert.ok(template, `no message ${e.messageId}`);
          assert.match(f.message, templatePattern(template), `message ${e.messageId}`);
          if (typeof e.message === 'string') assert.equal(f.message, e.message);
          else if (e.message) assert.match(f.message, e.message);
          assert.ok(sameFile(f.file, e.file), `${f.file} is not ${e.file}`);
          assert.equal(f.line, e.line, `line of ${f.message}`);
          if (e.col !== undefined) assert.equal(f.col, e.col, `column of ${f.message}`);
          if (e.config) {
            assert.ok(f.config, 'a config side');
            assert.ok(
              sameFile(f.config.file, e.config.file),
              `${f.config.file} is not ${e.config.file}`,
            );
            assert.equal(f.config.line, e.config.line, 'config line');
          }
        });
      });
  });
}

/** 1-based line of the first line containing needle. */
export function lineOf(text: string, needle: string, nth = 1): number {
  const lines = text.split('\n');
  let seen = 0;
  for (let i = 0; i < lines.length; i++)
    if (lines[i].includes(needle) && ++seen === nth) return i + 1;
  throw new Error(`no line contains ${JSON.stringify(needle)}`);
}

/** 1-based column of needle on its line. */
export function colOf(text: string, needle: string): number {
  const line = text.split('\n')[lineOf(text, needle) - 1];
  return line.indexOf(needle) + 1;
}
