/**
 * The registry is the one source of the rules' documentation: the README's
 * tables and `check --help` are generated from it, and every rule has
 * RuleTester cases in tests/unit/rules/.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ALL_RULES, CODES, RULES, rulesSection, withRulesSection } from '../../check/index.ts';
import { runCheck } from '../../cli/check.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe('the rule registry', () => {
  test('ids are unique kebab-case; every code has a rule; every rule reports under a known code', () => {
    const ids = ALL_RULES.map((r) => r.meta.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const r of ALL_RULES) {
      assert.match(r.meta.id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
      assert.ok(r.meta.code in CODES, r.meta.id);
    }
    for (const code of Object.keys(CODES))
      assert.ok(
        ALL_RULES.some((r) => r.meta.code === code),
        `no rule reports ${code}`,
      );
  });

  test('the rules are files of check/rules/, one rule per file', () => {
    const files = fs.readdirSync(path.join(ROOT, 'check/rules')).filter((f) => f.endsWith('.ts'));
    for (const r of RULES) assert.ok(files.includes(`${r.meta.id}.ts`), `${r.meta.id}.ts`);
  });

  test('every rule has RuleTester cases', () => {
    const dir = path.join(ROOT, 'tests/unit/rules');
    const sources = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.test.ts'))
      .map((f) => fs.readFileSync(path.join(dir, f), 'utf8'))
      .join('\n');
    // The bad-input rules have no visitors: the command reports them (tests/unit/check.test.ts).
    const commandOnly = new Set(['invalid-manifest', 'invalid-mdx', 'manifest-warning']);
    for (const r of ALL_RULES) {
      if (commandOnly.has(r.meta.id)) continue;
      const named =
        sources.includes(`rule('${r.meta.id}')`) ||
        sources.includes(`'${r.meta.id}']`) ||
        (r.meta.id === 'unused-drift-ignore' && sources.includes('RUNNER_RULES.unusedDriftIgnore'));
      assert.ok(named, `no RuleTester cases for ${r.meta.id}`);
    }
  });

  test('README.md has the generated rule tables, up to date (npm run rules:doc)', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const next = withRulesSection(readme);
    assert.ok(next, 'README.md has the rules markers');
    assert.ok(readme.includes(rulesSection()), 'README.md is out of date: run `npm run rules:doc`');
    for (const r of ALL_RULES) assert.ok(readme.includes(`\`${r.meta.id}\``), r.meta.id);
  });

  test('check --help lists every rule under its code', () => {
    const r = runCheck(['--help']);
    assert.equal(r.code, 0);
    for (const rule of ALL_RULES) assert.match(r.stdout, new RegExp(`\\n\\s+${rule.meta.id}\\s`));
    for (const code of Object.keys(CODES)) assert.match(r.stdout, new RegExp(`\\n  ${code}\\n`));
  });
});
