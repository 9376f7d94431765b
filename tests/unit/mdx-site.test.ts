/**
 * The site's generated pages read the book through the MDX reader: a `<Cmd>`
 * spread over several lines in a procedure reaches the Runbooks page and
 * Appendix B's command index, and a chapter's footnote reaches Appendix D. The tables read
 * a copy of the real manifests with objects they lack (a maxUnavailable budget, selectors made
 * of expressions only). Runs in its own process (node --test gives each file one), since the
 * site helpers read the working directory's `src/content/docs` and BOOK_MANIFESTS.
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
  name="drain-first"
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

## Runs <V k="deployment/api.replicas" /> pods

The api runs <V k="deployment/api.replicas" /> pods.

# Night work

## Night work

The worker runs <V k="deployment/worker.replicas" /> pod.
`;

// Objects the real manifests lack, beside them: selectors the tables must read as Kubernetes does.
const EXTRA = `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: api-max
  namespace: honeydue
spec:
  maxUnavailable: 1
  selector:
    matchLabels:
      app.kubernetes.io/name: api
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: front-pdb
  namespace: honeydue
spec:
  minAvailable: 1
  selector:
    matchExpressions:
      - key: app.kubernetes.io/name
        operator: In
        values: [web, admin]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: labelled-from-kube-system
  namespace: honeydue
spec:
  podSelector:
    matchExpressions:
      - key: app.kubernetes.io/name
        operator: Exists
  policyTypes: [Ingress]
  ingress:
    - from:
        - namespaceSelector:
            matchExpressions:
              - key: kubernetes.io/metadata.name
                operator: In
                values: [kube-system]
`;

// An applied Deployment that leaves its count to an HPA, and a budget over it.
const SCALED = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: scaled
  namespace: honeydue
spec:
  selector:
    matchLabels: { app: scaled }
  template:
    metadata:
      labels: { app: scaled }
    spec:
      containers:
        - name: app
          image: nginx:1.27
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: scaled
  namespace: honeydue
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: scaled }
  minReplicas: 3
  maxReplicas: 6
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: scaled-pdb
  namespace: honeydue
spec:
  minAvailable: 1
  selector:
    matchLabels: { app: scaled }
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: scaled-range
  namespace: honeydue
spec:
  podSelector:
    matchLabels: { app: scaled }
  policyTypes: [Ingress]
  ingress:
    - ports:
        - { port: 8000, endPort: 8100 }
`;

/** A chapter the front matter moves to `/moved/`, with a footnote Appendix D lists. */
const MOVED = `---
title: Moved
slug: moved
---

A source says so[^src].

[^src]: A source, https://example.com/source
`;

/** A draft procedure (no page in the build), the only page that runs hcloud. */
const DRAFT = `---
title: Work in progress
draft: true
procedure:
  group: nodes
  order: 2
  kind: change
  symptoms: [Nothing yet]
---

## Steps

<Cmd title="Reset a server" effect="change" code="hcloud server reset x" />
`;

/** A page outside runbooks/ whose front matter looks like a procedure's: no procedure. */
const ELSEWHERE = DRAFT.replace('draft: true\n', '').replace('Work in progress', 'Elsewhere');

let book: typeof import('../../src/lib/book.ts');
let views: typeof import('../../src/lib/views.ts');
let configIndex: typeof import('../../src/lib/config-index.ts');
let registry: import('../../engine/index.ts').FactRegistry;
let procedures: typeof import('../../src/lib/procedures.ts');
let commandIndex: typeof import('../../src/lib/command-index.ts');
let hostname: string;

before(async () => {
  fs.mkdirSync(path.join(tmp, 'src/content/docs/runbooks'), { recursive: true });
  fs.writeFileSync(path.join(tmp, 'src/content/docs/07-drains.mdx'), CHAPTER);
  fs.writeFileSync(path.join(tmp, 'src/content/docs/runbooks/drains.mdx'), PROCEDURE);
  fs.writeFileSync(path.join(tmp, 'src/content/docs/08-moved.mdx'), MOVED);
  fs.writeFileSync(path.join(tmp, 'src/content/docs/runbooks/wip.mdx'), DRAFT);
  fs.mkdirSync(path.join(tmp, 'src/content/docs/guides'));
  fs.writeFileSync(path.join(tmp, 'src/content/docs/guides/elsewhere.mdx'), ELSEWHERE);
  fs.cpSync(path.join(ROOT, 'manifests'), path.join(tmp, 'manifests'), { recursive: true });
  fs.writeFileSync(path.join(tmp, 'manifests/zz-extra-budgets.yaml'), EXTRA);
  fs.writeFileSync(path.join(tmp, 'manifests/zz-scaled.yaml'), SCALED);
  fs.appendFileSync(path.join(tmp, 'manifests/kustomization.yaml'), '  - zz-scaled.yaml\n');
  process.env.BOOK_MANIFESTS = path.join(tmp, 'manifests');
  process.chdir(tmp);
  book = await import('../../src/lib/book.ts');
  views = await import('../../src/lib/views.ts');
  configIndex = await import('../../src/lib/config-index.ts');
  procedures = await import('../../src/lib/procedures.ts');
  commandIndex = await import('../../src/lib/command-index.ts');
  const { facts } = await import('../../src/lib/facts.ts');
  registry = facts().registry;
  hostname = String(registry.get('node/hetzner1.hostname')!.value);
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

  test('the command index is computed once per procedures read', () => {
    const first = commandIndex.commandIndex();
    assert.equal(commandIndex.commandIndex(), first);
    procedures.invalidateProcedures();
    const again = commandIndex.commandIndex();
    assert.notEqual(again, first);
    assert.deepEqual(again, first);
  });

  test('the footnote is a citation of Appendix D with its URL', () => {
    const [c] = book.citations();
    assert.equal(c.id, 'drain');
    assert.equal(c.url, 'https://kubernetes.io/docs/tasks/administer-cluster/safely-drain-node/');
  });

  test("a value's place links to its heading by the id the page gives it", () => {
    const at = (key: string) =>
      (configIndex.factPlaces().get(registry.get(key)!.key) ?? []).map((u) => u.href);
    // The id skips the <V> in the heading, as the Markdown processor does; the label shows it.
    assert.deepEqual(at('deployment/api.replicas'), ['/07-drains/#runs--pods']);
    // A body `# Night work` takes the plain id, so the `## Night work` under it is numbered.
    assert.deepEqual(at('deployment/worker.replicas'), ['/07-drains/#night-work-1']);
  });

  test('a chapter a slug moves is cited at its address, by the id the check knows', async () => {
    const { citationAnchor, citationAnchors, readBook } = await import('../../mdx/index.ts');
    const cite = book.citations().find((c) => c.id === 'src')!;
    assert.equal(cite.chapter.href, '/moved/');
    assert.equal(citationAnchor(cite.chapter.href, cite.id), 'cite-moved-src');
    assert.ok(
      citationAnchors(readBook(book.DOCS_DIR).chapters, book.DOCS_DIR).has('cite-moved-src'),
    );
  });

  test('the site and the check read the same procedures: no draft, none outside runbooks/', async () => {
    const { commandIndexAnchors, readBook, runbookIndexAnchors } =
      await import('../../mdx/index.ts');
    const { chapters } = readBook(book.DOCS_DIR);
    assert.deepEqual(
      procedures.procedures().map((p) => p.id),
      ['drains'],
    );
    assert.deepEqual([...runbookIndexAnchors(chapters, book.DOCS_DIR)].sort(), ['drains', 'nodes']);
    const tools = commandIndexAnchors(chapters, book.DOCS_DIR, (code) => code);
    assert.deepEqual([...tools], ['tool-kubectl']);
    assert.deepEqual(
      commandIndex.commandIndex().map((t) => t.tool),
      ['kubectl'],
    );
  });

  test("a <Cmd name> on a procedure's page is no shared block, for the site or the check", async () => {
    const { readBook, sharedCommandTitles } = await import('../../mdx/index.ts');
    assert.equal(procedures.procedures()[0].commands[0].title, 'Drain the first node');
    assert.throws(() => procedures.sharedBlock('drain-first'), /_shared\.mdx/);
    assert.deepEqual([...sharedCommandTitles(readBook(book.DOCS_DIR).chapters)], []);
  });

  test('fact usage counts the chapter and the procedure that render the fact', () => {
    const places = configIndex.factPlaces().get(registry.get('node/hetzner1.hostname')!.key) ?? [];
    assert.deepEqual(
      places.map((u) => u.href.split('#')[0]),
      ['/07-drains/', '/runbooks/drains/'],
    );
  });
});

describe('tables over selectors and budgets the real manifests lack', () => {
  type Cell = import('../../src/lib/views.ts').Cell;
  const text = (c: Cell) => c.map((p) => (typeof p === 'string' ? p : `<${p.key}>`)).join('');
  const replicas = (name: string) => Number(registry.get(`deployment/${name}.replicas`)!.value);
  const pdbRow = (name: string) => views.pdbTable().rows.find((r) => text(r[0]) === `\`${name}\``)!;

  test('a maxUnavailable budget says how many pods a drain may stop', () => {
    const [, selects, reps, min, max, canStop] = pdbRow('api-max');
    assert.equal(text(selects), '`api`');
    assert.equal(text(reps), '<deployment/honeydue/api.replicas>');
    assert.equal(text(min), '—');
    assert.equal(text(max), '<poddisruptionbudget/honeydue/api-max.maxUnavailable>');
    assert.equal(text(canStop), '1 pod at a time');
  });

  test("a workload that leaves its count to an HPA counts the HPA's minimum", () => {
    const [, selects, reps, , , canStop] = pdbRow('scaled-pdb');
    assert.equal(text(selects), '`scaled`');
    assert.equal(text(reps), '<horizontalpodautoscaler/honeydue/scaled.minReplicas> or more (HPA)');
    assert.equal(text(canStop), '2 pods at a time');
  });

  test('a budget selecting by expressions covers every workload they match', () => {
    const [, selects, reps, , , canStop] = pdbRow('front-pdb');
    assert.deepEqual(text(selects).split(', ').sort(), ['`admin`', '`web`']);
    const total = replicas('web') + replicas('admin');
    assert.match(text(reps), new RegExp(` \\+ .* = ${total}$`));
    assert.equal(text(canStop), `${total - 1} pods at a time`);
  });

  test('a port range is shown from port to endPort', () => {
    const t = views.networkPolicyTable();
    const i = t.rows.findIndex((r) => text(r[0]) === '`scaled-range`');
    assert.equal(text(t.notes![i]!), 'From anywhere on 8000-8100/TCP.');
  });

  test('a policy and a peer selecting by expressions are shown as written', () => {
    const t = views.networkPolicyTable();
    const i = t.rows.findIndex((r) => text(r[0]) === '`labelled-from-kube-system`');
    assert.equal(text(t.rows[i][1]), 'name');
    assert.equal(
      text(t.notes![i]!),
      'From namespace kubernetes.io/metadata.name in (kube-system) on all ports.',
    );
  });
});
