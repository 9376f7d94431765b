/**
 * The site's generated pages read the chapters through the MDX reader: a
 * `<Cmd>` spread over several lines reaches Appendix B's command index and the
 * Runbooks page, and a footnote reaches Appendix D. Runs in its own process
 * (node --test gives each file one), since the site helpers read the working
 * directory's `src/content/docs`.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hd-site-'));
const cwd = process.cwd();

const CHAPTER = `---
title: Drains
---

import { Cmd } from '../../components';

## Operator runbook

### Drain a node

<Cmd
  title="Drain the first node"
  code="kubectl drain {{node/hetzner1.hostname}} --ignore-daemonsets\\nkubectl uncordon {{node/hetzner1.hostname}}"
/>

A drain evicts pods[^drain].

[^drain]: Safely drain a node, https://kubernetes.io/docs/tasks/administer-cluster/safely-drain-node/
`;

let book: typeof import('../../src/lib/book.ts');
let hostname: string;

before(async () => {
  fs.mkdirSync(path.join(tmp, 'src/content/docs'), { recursive: true });
  fs.writeFileSync(path.join(tmp, 'src/content/docs/07-drains.mdx'), CHAPTER);
  process.env.BOOK_MANIFESTS = path.join(ROOT, 'manifests');
  process.chdir(tmp);
  book = await import('../../src/lib/book.ts');
  const { facts } = await import('../../src/lib/facts.ts');
  hostname = String(facts().registry.get('node/hetzner1.hostname')!.value);
});
after(() => {
  process.chdir(cwd);
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('generated pages from the book model', () => {
  test('a multi-line <Cmd> is in the command index with its placeholders filled', () => {
    const cmds = book.commands();
    assert.equal(cmds.length, 1);
    assert.equal(cmds[0].title, 'Drain the first node');
    assert.equal(cmds[0].heading, 'Drain a node');
    assert.equal(
      cmds[0].code,
      `kubectl drain ${hostname} --ignore-daemonsets\nkubectl uncordon ${hostname}`,
    );
  });

  test('the same command is a step of the Runbooks page', () => {
    const [r] = book.runbooks();
    assert.equal(r.chapter.title, 'Drains');
    const step = r.steps.find((s) => s.heading === 'Drain a node')!;
    assert.deepEqual(
      step.commands.map((c) => c.title),
      ['Drain the first node'],
    );
  });

  test('the footnote is a citation of Appendix D with its URL', () => {
    const [c] = book.citations();
    assert.equal(c.id, 'drain');
    assert.equal(c.url, 'https://kubernetes.io/docs/tasks/administer-cluster/safely-drain-node/');
  });

  test('fact usage counts the multi-line tag', () => {
    assert.deepEqual(book.factUsage().get('node/hetzner1.hostname'), ['07-drains']);
  });
});
