/**
 * The site's generated pages read the book through the MDX reader: a `<Cmd>`
 * spread over several lines in a procedure reaches the Runbooks page and
 * Appendix B's command index, and a chapter's footnote reaches Appendix D. Runs in its own process
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

const PROCEDURE = `---
title: Drains
procedure:
  group: nodes
  order: 1
  kind: change
  symptoms: [A node needs maintenance]
---

import { Cmd } from '../../../components';

## Steps

### Drain a node

<Cmd
  title="Drain the first node"
  effect="change"
  code="kubectl drain {{node/hetzner1.hostname}} --ignore-daemonsets\\nkubectl uncordon {{node/hetzner1.hostname}}"
/>
`;

const CHAPTER = `---
title: Drains
---

import { V } from '../../components';

## Operator runbook

A drain of <V k="node/hetzner1.hostname" /> evicts pods[^drain].

[^drain]: Safely drain a node, https://kubernetes.io/docs/tasks/administer-cluster/safely-drain-node/
`;

let book: typeof import('../../src/lib/book.ts');
let procedures: typeof import('../../src/lib/procedures.ts');
let commandIndex: typeof import('../../src/lib/command-index.ts');
let hostname: string;

before(async () => {
  fs.mkdirSync(path.join(tmp, 'src/content/docs/runbooks'), { recursive: true });
  fs.writeFileSync(path.join(tmp, 'src/content/docs/07-drains.mdx'), CHAPTER);
  fs.writeFileSync(path.join(tmp, 'src/content/docs/runbooks/drains.mdx'), PROCEDURE);
  process.env.BOOK_MANIFESTS = path.join(ROOT, 'manifests');
  process.chdir(tmp);
  book = await import('../../src/lib/book.ts');
  procedures = await import('../../src/lib/procedures.ts');
  commandIndex = await import('../../src/lib/command-index.ts');
  const { facts } = await import('../../src/lib/facts.ts');
  hostname = String(facts().registry.get('node/hetzner1.hostname')!.value);
});
after(() => {
  process.chdir(cwd);
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('generated pages from the book model', () => {
  test('a multi-line <Cmd> is a step of its procedure, with its placeholders filled', () => {
    const [p] = procedures.procedures();
    assert.equal(p.title, 'Drains');
    assert.equal(p.commands.length, 1);
    const [c] = p.commands;
    assert.equal(c.title, 'Drain the first node');
    assert.equal(c.heading, 'Drain a node');
    assert.equal(c.effect, 'change');
    assert.equal(
      c.code,
      `kubectl drain ${hostname} --ignore-daemonsets\nkubectl uncordon ${hostname}`,
    );
  });

  test('the same command is in the command index, linked to its block', () => {
    const kubectl = commandIndex.commandIndex().find((t) => t.tool === 'kubectl')!;
    const drain = kubectl.entries.find((e) => e.command === 'kubectl drain')!;
    assert.deepEqual(
      drain.uses.map((u) => `${u.procedure.href}#${u.block.anchor}`),
      ['/runbooks/drains/#cmd-drain-the-first-node'],
    );
  });

  test('the footnote is a citation of Appendix D with its URL', () => {
    const [c] = book.citations();
    assert.equal(c.id, 'drain');
    assert.equal(c.url, 'https://kubernetes.io/docs/tasks/administer-cluster/safely-drain-node/');
  });

  test('fact usage counts the chapter that renders the fact', () => {
    assert.deepEqual(book.factUsage().get('node/hetzner1.hostname'), ['07-drains']);
  });
});
