/** Rules over the book: references, literals, markers, assumptions, excerpts, coverage. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RULES, RUNNER_RULES } from '../../../check/index.ts';
import { deployment, ingress, NODES, pdb, service, ufw, UFW_RULES } from './fixtures.ts';
import { colOf, lineOf, ruleTester, run } from './tester.ts';

const rule = (id: string) => RULES.find((r) => r.meta.id === id)!;
const API = deployment();
const M = { 'app.yaml': API, 'svc.yaml': service(), 'nodes.yaml': NODES };
const doc = (body: string) => `---\ntitle: T\n---\n\nimport { V, Cmd } from '../c';\n\n${body}\n`;

{
  const multi = doc('The api runs <V\n  k="deployment/api.replicaz"\n/> pods.');
  const cmd = doc('<Cmd title="t" code="kubectl drain {{node/n9.hostname}}" />');
  const marker = doc('{/* assume: deployment/apii.replicas == 2 */}\nThe api is alone.');
  const keyless = doc('The api runs <V /> pods, <V k /> at most.');
  const computed = doc('The api runs <V k={count} /> pods, <V {...props} /> at most.');
  const hidden = doc('<V k="deployment/api.\u202ereplicas\n" />');
  const shared = doc(
    'The api runs <V k="deployment/api.replicas" /> pods.\n\n{/* assume: deployment/api.replicas == 2 */}\nTwo of them.',
  );
  ruleTester(rule('broken-fact-ref'), {
    valid: [
      {
        // Code in the chapter: code-in-chapter reports it, as bad input, once.
        name: 'a <V> whose k is computed, or comes from a spread',
        manifests: M,
        docs: { 'a.mdx': computed },
      },
      {
        name: 'known keys',
        manifests: M,
        docs: {
          'a.mdx': doc(
            '<V k="deployment/api.replicas" /> and <Cmd title="t" code="ssh {{node/n1.hostname}}" />',
          ),
        },
      },
    ],
    invalid: [
      {
        name: 'a <V> without k, and one whose k has no value',
        manifests: M,
        docs: { 'a.mdx': keyless },
        errors: [
          {
            messageId: 'noKey',
            message: '`<V>` names no fact: its `k` is missing.',
            file: 'a.mdx',
            line: lineOf(keyless, '<V />'),
            col:
              keyless
                .split('\n')
                .find((l) => l.includes('<V />'))!
                .indexOf('<V />') + 1,
          },
          {
            messageId: 'noKey',
            message: '`<V>` names no fact: its `k` is given no value (`k` alone).',
            file: 'a.mdx',
            line: lineOf(keyless, '<V k />'),
            col: colOf(keyless, '<V k />'),
          },
        ],
      },
      {
        name: 'a short key two objects of one name share: the facts it could mean',
        manifests: {
          'a.yaml': deployment({ namespace: 'shop' }),
          'b.yaml': deployment({ namespace: 'store' }),
        },
        docs: { 'a.mdx': shared },
        errors: [
          {
            messageId: 'ambiguous',
            message:
              'The fact key `deployment/api.replicas` names more than one fact, of objects that share a name: `deployment/shop/api.replicas`, `deployment/store/api.replicas`.',
            file: 'a.mdx',
            line: lineOf(shared, '<V k='),
          },
          {
            messageId: 'ambiguous',
            message: /^The fact key `deployment\/api\.replicas` names more than one fact/,
            file: 'a.mdx',
            line: lineOf(shared, 'assume:'),
          },
        ],
      },
      {
        name: 'a key with a line break and a right-to-left override, quoted as code points',
        manifests: M,
        docs: { 'a.mdx': hidden },
        errors: [
          {
            messageId: 'ref',
            message: 'The fact key `deployment/api.U+202Ereplicas⏎` does not exist.',
            file: 'a.mdx',
            line: lineOf(hidden, '<V k='),
          },
        ],
      },
      {
        name: 'a multi-line <V> with a wrong key, at its k=',
        manifests: M,
        docs: { 'a.mdx': multi },
        errors: [
          {
            messageId: 'ref',
            message: 'The fact key `deployment/api.replicaz` does not exist.',
            file: 'a.mdx',
            line: lineOf(multi, 'k="deployment/api.replicaz"'),
            col: 3,
          },
        ],
      },
      {
        name: 'a {{placeholder}}, at its braces',
        manifests: M,
        docs: { 'a.mdx': cmd },
        errors: [
          {
            messageId: 'ref',
            file: 'a.mdx',
            line: lineOf(cmd, '{{node/n9'),
            col: colOf(cmd, '{{node/n9'),
          },
        ],
      },
      {
        name: 'an assume marker, at the marker',
        manifests: M,
        docs: { 'a.mdx': marker },
        errors: [
          {
            messageId: 'assumption',
            message: /`deployment\/apii.replicas`/,
            file: 'a.mdx',
            line: lineOf(marker, 'assume:'),
          },
        ],
      },
    ],
  });
}

{
  const bad = doc('<Manifest file="app.yaml" path="spec.replicaz" />');
  ruleTester(rule('broken-manifest-ref'), {
    valid: [
      {
        name: 'a path that exists',
        manifests: M,
        docs: { 'a.mdx': doc('<Manifest file="app.yaml" path="spec.replicas" />') },
      },
    ],
    invalid: [
      {
        name: 'a path that does not',
        manifests: M,
        docs: { 'a.mdx': bad },
        errors: [{ messageId: 'missing', file: 'a.mdx', line: lineOf(bad, '<Manifest'), col: 1 }],
      },
    ],
  });
}

{
  // Pages at docs/a.mdx (/a/), docs/b.mdx (/b/), docs/runbooks/x.mdx (/runbooks/x/), docs/index.mdx (/).
  const B = doc(
    '## Why three nodes\n\nText.\n\n## Why three nodes\n\n<div id="drawing">d</div>\n\n<Cmd title="Drain the node" code="x" />',
  );
  const X = doc('## Steps\n\n<Block name="check-hosts" />');
  const SHARED = doc('<Cmd name="check-hosts" title="Request every host" code="curl x" />');
  const INDEX = `---\ntitle: Home\nhero:\n  actions:\n    - text: Go\n      link: /runbooks/x/\n---\n\nHello.\n`;
  const pages = (a: string, extra: Record<string, string> = {}) => ({
    'a.mdx': a,
    'b.mdx': B,
    'runbooks/x.mdx': X,
    'runbooks/_shared.mdx': SHARED,
    'index.mdx': INDEX,
    ...extra,
  });
  const ok = doc(
    [
      '## Here',
      '',
      'See [b](/b/), [its first](/b/#why-three-nodes) and [second](/b/#why-three-nodes-1) heading, [the drawing](/b/#drawing), [the command](/b/#cmd-drain-the-node), [the shared command](/runbooks/x/#cmd-request-every-host), [steps](/runbooks/x/#steps), [home](/), [top](/b/#_top), [here](#here), [relative](../runbooks/x/), [the icon](/favicon.svg), [a query](/b/?q=1), <a href="/runbooks/x/">x</a>, [elsewhere](https://example.com/nope), [mail](mailto:ops@example.com) and [a backslashed host](\\\\\\\\example.com/nope).',
      '',
      '[ref]: /b/#why-three-nodes',
    ].join('\n'),
  );
  const page = doc('See [services](/07-servces/) now.');
  const hash = doc('See [it](/b/#why-four-nodes) now.');
  const self = doc('## Here\n\nSee [above](#there).');
  const slash = doc('See [b](/b#drawing) now.');
  const file = doc('See [the logo](/logo.png) now.');
  const draft = doc('See [the draft](/draft/) now.');
  const relative = doc('See [x](runbooks/x/) now.');
  const element = doc('See <a href="/runbooks/y/">y</a> now.');
  const hero = INDEX.replace('/runbooks/x/', '/runbooks/z/');
  const DRAFT = '---\ntitle: Draft\ndraft: true\n---\n\nNot yet.\n';
  ruleTester(rule('broken-link'), {
    valid: [
      {
        name: 'pages, headings (a repeat numbered), ids, command blocks, files, other sites',
        docs: pages(ok),
      },
      {
        name: 'a hash link in a file that is no page (its page is wherever it is shown)',
        docs: pages(doc('x'), { 'runbooks/_notes.mdx': doc('See [below](#nothing-here).') }),
      },
    ],
    invalid: [
      {
        name: 'a page the book does not have, with the closest addresses',
        docs: pages(page),
        errors: [
          {
            messageId: 'page',
            message: 'The link goes to `/07-servces/`, which is no page of the book.',
            file: 'a.mdx',
            line: lineOf(page, '/07-servces/'),
            col: colOf(page, '/07-servces/'),
          },
        ],
      },
      {
        name: 'a heading the other page does not have',
        docs: pages(hash),
        errors: [
          {
            messageId: 'hash',
            message:
              'The link goes to `#why-four-nodes` on `/b/`, which has no heading or anchor with that id.',
            file: 'a.mdx',
            line: lineOf(hash, '/b/#why-four-nodes'),
            col: colOf(hash, '/b/#why-four-nodes'),
          },
        ],
      },
      {
        name: 'a heading this page does not have',
        docs: pages(self),
        errors: [
          {
            messageId: 'hash',
            message:
              'The link goes to `#there` on this page, which has no heading or anchor with that id.',
            file: 'a.mdx',
            line: lineOf(self, '(#there)'),
            col: colOf(self, '#there'),
          },
        ],
      },
      {
        name: 'a page address without its trailing slash',
        docs: pages(slash),
        errors: [
          {
            messageId: 'slash',
            message:
              'The link `/b#drawing` lacks the trailing slash every page address of the book ends with.',
            file: 'a.mdx',
            line: lineOf(slash, '/b#drawing'),
            col: colOf(slash, '/b#drawing'),
          },
        ],
      },
      {
        name: 'a file public/ does not hold',
        docs: pages(file),
        errors: [
          {
            messageId: 'file',
            file: 'a.mdx',
            line: lineOf(file, '/logo.png'),
            col: colOf(file, '/logo.png'),
          },
        ],
      },
      {
        name: 'a draft, which a build leaves out',
        docs: pages(draft, { 'draft.mdx': DRAFT }),
        errors: [
          {
            messageId: 'page',
            file: 'a.mdx',
            line: lineOf(draft, '/draft/'),
            col: colOf(draft, '/draft/'),
          },
        ],
      },
      {
        name: 'a relative link, resolved against the page it is on (/a/runbooks/x/)',
        docs: pages(relative),
        errors: [
          {
            messageId: 'page',
            message: 'The link goes to `/a/runbooks/x/`, which is no page of the book.',
            file: 'a.mdx',
            line: lineOf(relative, 'runbooks/x/'),
            col: colOf(relative, 'runbooks/x/'),
          },
        ],
      },
      {
        name: 'an <a href> and a front matter link, each at its target',
        docs: pages(element, { 'index.mdx': hero }),
        errors: [
          {
            messageId: 'page',
            message: 'The link goes to `/runbooks/y/`, which is no page of the book.',
            file: 'a.mdx',
            line: lineOf(element, '/runbooks/y/'),
            col: colOf(element, '/runbooks/y/'),
          },
          {
            messageId: 'page',
            message: 'The link goes to `/runbooks/z/`, which is no page of the book.',
            file: 'index.mdx',
            line: lineOf(hero, '/runbooks/z/'),
            col: colOf(hero, '/runbooks/z/'),
          },
        ],
      },
    ],
  });
  test('broken-link: the hint names the closest addresses and ids', () => {
    const [toPage] = run(rule('broken-link'), { name: 'hint', docs: pages(element) });
    assert.match(toPage.hint, /^Pages with a similar address: `\/runbooks\/x\/`, /);
    const [toHash] = run(rule('broken-link'), { name: 'hint', docs: pages(hash) });
    assert.match(toHash.hint, /^Ids on `\/b\/` like it: `#why-three-nodes`, /);
  });
  test('broken-link: a link of 5,000 characters is reported at its target, its message cut short', () => {
    const long = doc(`See [it](/${'x'.repeat(5000)}/) and [that](/b/#${'y'.repeat(5000)}).`);
    const found = run(rule('broken-link'), { name: 'long', docs: pages(long) });
    assert.deepEqual(
      found.map((f) => [f.line, f.col]),
      [
        [lineOf(long, 'See [it]'), colOf(long, '/xxx')],
        [lineOf(long, 'See [it]'), colOf(long, '/b/#yyy')],
      ],
    );
    for (const f of found) assert.ok(f.message.length < 300, `${f.message.length} characters`);
  });
}

{
  // Pages whose components write ids of their own: the Config page (<FactIndex />), a command
  // index (<CommandIndex />), a Runbooks page (<RunbookIndex />), a citations index
  // (<Citations />) and a change log (<ChangeLog />), under addresses of their own choosing.
  const procedure = (group: string, body: string) =>
    `---\ntitle: P\nprocedure:\n  group: ${group}\n  order: 1\n  kind: incident\n  symptoms: [it breaks]\n---\n\nimport { Cmd, Block } from '../../c';\n\n${body}\n`;
  const uses = (component: string) => doc(`## Index\n\n<${component} />`);
  const docsWith = (a: string) => ({
    'a.mdx': a,
    'b.mdx': doc('## Plain\n\nNo index here.'),
    'settings.mdx': uses('FactIndex'),
    'tools.mdx': uses('CommandIndex'),
    'procedures.mdx': uses('RunbookIndex'),
    'sources.mdx': uses('Citations'),
    'history.mdx': uses('ChangeLog'),
    'runbooks/drain.mdx': procedure(
      'nodes',
      '## Steps\n\n<Cmd title="Drain" code="ssh {{node/n1.sshAlias}} sudo k3s kubectl drain {{node/n1.hostname}}" />\n\n<Block name="reset" />',
    ),
    'runbooks/_shared.mdx': doc('<Cmd name="reset" title="Reset" code="hcloud server reset x" />'),
  });
  const ok = doc(
    [
      'Facts: [a row](/settings/#fact-deployment-honeydue-api-replicas), [an object](/settings/#obj-deployment-honeydue-api), [a section](/settings/#kind-deployments), [a node](/settings/#fact-node-n1-publicIp).',
      '',
      'Tools: [ssh](/tools/#tool-ssh), [kubectl through k3s](/tools/#tool-kubectl), [a shared block’s](/tools/#tool-hcloud).',
      '',
      'Procedures: [drain](/procedures/#drain), [its group](/procedures/#nodes); sources: [this one](/sources/#cite-a-src).',
      '',
      'As cited.[^src]',
      '',
      '[^src]: The k3s documentation, https://docs.k3s.io/.',
    ].join('\n'),
  );
  const misspelt = doc('See [replicas](/settings/#fact-deployment-honeydue-api-replicaz).');
  const elsewhere = doc('See [replicas](/b/#fact-deployment-honeydue-api-replicas).');
  const tool = doc('See [helm](/tools/#tool-helm).');
  const group = doc('See [network](/procedures/#network).');
  const cite = doc('See [a source](/sources/#cite-a-other).');
  const commit = doc(
    'See [that change](/history/#commit-1a2b3c4) and [the pending ones](/history/#not-committed).',
  );
  const other = doc('See [nothing](/history/#nothing-here).');
  const hash = (text: string, target: string, message?: string) => ({
    messageId: 'hash',
    ...(message ? { message } : {}),
    file: 'a.mdx',
    line: lineOf(text, target),
    col: colOf(text, target),
  });
  ruleTester(rule('broken-link'), {
    valid: [
      {
        name: 'ids the Config page, a command index, a Runbooks page and a citations index write',
        manifests: M,
        docs: docsWith(ok),
      },
    ],
    invalid: [
      {
        name: 'a misspelt fact row',
        manifests: M,
        docs: docsWith(misspelt),
        errors: [
          hash(
            misspelt,
            '/settings/#fact-deployment-honeydue-api-replicaz',
            'The link goes to `#fact-deployment-honeydue-api-replicaz` on `/settings/`, which has no heading or anchor with that id.',
          ),
        ],
      },
      {
        name: 'a fact row on a page that does not show the facts',
        manifests: M,
        docs: docsWith(elsewhere),
        errors: [hash(elsewhere, '/b/#fact-')],
      },
      {
        name: 'a tool no procedure runs',
        manifests: M,
        docs: docsWith(tool),
        errors: [hash(tool, '/tools/#tool-helm')],
      },
      {
        name: 'a symptom group no procedure is in',
        manifests: M,
        docs: docsWith(group),
        errors: [hash(group, '/procedures/#network')],
      },
      {
        name: 'a footnote no page has',
        manifests: M,
        docs: docsWith(cite),
        errors: [hash(cite, '/sources/#cite-a-other')],
      },
      {
        name: 'a commit of the change log: made from git history, which the check cannot vouch for',
        manifests: M,
        docs: docsWith(commit),
        errors: [
          {
            messageId: 'history',
            message:
              'The link goes to `#commit-1a2b3c4` on `/history/`, an id the change log makes from git history: the check cannot vouch for it, and the section leaves the page once newer commits push it out.',
            file: 'a.mdx',
            line: lineOf(commit, '/history/#commit-'),
            col: colOf(commit, '/history/#commit-'),
          },
          {
            messageId: 'history',
            file: 'a.mdx',
            line: lineOf(commit, '/history/#not-committed'),
            col: colOf(commit, '/history/#not-committed'),
          },
        ],
      },
      {
        name: 'an id the change log does not make',
        manifests: M,
        docs: docsWith(other),
        errors: [hash(other, '/history/#nothing-here')],
      },
    ],
  });
  test('broken-link: the hint for a misspelt generated id names the ids the component writes', () => {
    const [row] = run(rule('broken-link'), { name: 'row', manifests: M, docs: docsWith(misspelt) });
    assert.match(
      row.hint,
      /^Ids on `\/settings\/` like it: `#fact-deployment-honeydue-api-replicas`/,
    );
    const [t] = run(rule('broken-link'), { name: 'tool', manifests: M, docs: docsWith(tool) });
    assert.match(t.hint, /`#tool-/);
    const [h] = run(rule('broken-link'), { name: 'history', manifests: M, docs: docsWith(commit) });
    assert.match(h.hint, /^Link to the page itself \(`\/history\/`\)/);
  });
}

{
  const ns = doc('<Cmd title="t" code="kubectl -n honeydu get pods" />');
  const obj = doc(
    '<Cmd\n  title="t"\n  code="kubectl -n honeydue rollout restart deployment/apii"\n/>',
  );
  ruleTester(rule('broken-command-ref'), {
    valid: [
      {
        name: 'a namespace and object that exist',
        manifests: M,
        docs: {
          'a.mdx': doc(
            '<Cmd title="t" code="kubectl -n honeydue rollout restart deployment/api" />',
          ),
        },
      },
      {
        name: '-n of other tools',
        manifests: M,
        docs: { 'a.mdx': doc('<Cmd title="t" code="journalctl -u k3s | tail -n 20" />') },
      },
      {
        name: 'k3s-managed objects in kube-system',
        manifests: M,
        docs: {
          'a.mdx': doc('<Cmd title="t" code="kubectl -n kube-system get deployment/coredns" />'),
        },
      },
    ],
    invalid: [
      {
        name: 'a namespace no manifest defines',
        manifests: M,
        docs: { 'a.mdx': ns },
        errors: [
          {
            messageId: 'namespace',
            message: 'The command uses the namespace `honeydu`, which no manifest defines.',
            file: 'a.mdx',
            line: lineOf(ns, 'honeydu '),
            col: colOf(ns, 'honeydu '),
          },
        ],
      },
      {
        name: 'an object the manifests do not define, in a multi-line <Cmd>',
        manifests: M,
        docs: { 'a.mdx': obj },
        errors: [
          {
            messageId: 'object',
            message: 'The command names Deployment `apii`, which the manifests do not define.',
            file: 'a.mdx',
            line: lineOf(obj, 'deployment/apii'),
            col: colOf(obj, 'deployment/apii'),
          },
        ],
      },
    ],
  });
}

{
  const prose = doc('The old manager answered at 10.20.30.40 for years.');
  const code = doc('```yaml\nspec:\n  replicas: 3\n```');
  const ignored = doc('{/* drift-ignore: history */}\nThe old manager answered at 10.20.30.40.');
  const named = doc(
    '{/* drift-ignore hardcoded-value: history */}\nThe old manager answered at 10.20.30.40.',
  );
  const other = doc(
    '{/* drift-ignore undocumented: not this rule */}\nThe old manager answered at 10.20.30.40.',
  );
  ruleTester(rule('hardcoded-value'), {
    valid: [
      {
        name: 'rendered values',
        manifests: M,
        docs: { 'a.mdx': doc('The api runs <V k="deployment/api.replicas" /> pods.') },
      },
      { name: 'under a bare drift-ignore', manifests: M, docs: { 'a.mdx': ignored } },
      { name: 'under a drift-ignore naming the rule', manifests: M, docs: { 'a.mdx': named } },
      {
        name: 'documentation addresses (RFC 5737) and link targets',
        manifests: M,
        docs: {
          'a.mdx': doc('See [the map](https://example.com/10.1.2.3); 192.0.2.1 is an example.'),
        },
      },
    ],
    invalid: [
      {
        name: 'an IP in prose, at its column',
        manifests: M,
        docs: { 'a.mdx': prose },
        errors: [
          {
            messageId: 'literal',
            message: 'The IP address `10.20.30.40` is typed by hand.',
            file: 'a.mdx',
            line: lineOf(prose, '10.20.30.40'),
            col: colOf(prose, '10.20.30.40'),
          },
        ],
      },
      {
        name: 'a setting in a code block, at its line',
        manifests: M,
        docs: { 'a.mdx': code },
        errors: [
          {
            messageId: 'literal',
            message: /The setting `replicas: 3`/,
            file: 'a.mdx',
            line: lineOf(code, 'replicas: 3'),
            col: 3,
          },
        ],
      },
      {
        name: 'a drift-ignore for another rule does not silence it',
        manifests: M,
        docs: { 'a.mdx': other },
        errors: [{ messageId: 'literal', file: 'a.mdx', line: lineOf(other, '10.20.30.40') }],
      },
    ],
  });
}

{
  const clause = doc('{/* assume: deployment/api.replicas is two */}\nText.');
  const reason = doc('{/* drift-ignore: */}\nThe old manager answered at 10.20.30.40.');
  const unknown = doc('{/* drift-ignore hardcoded-valu: history */}\nText.');
  const unreadable = doc('{/* drift-ignore because reasons */}\nText.');
  ruleTester(rule('bad-marker'), {
    valid: [
      {
        name: 'readable markers',
        manifests: M,
        docs: {
          'a.mdx': doc(
            '{/* assume: deployment/api.replicas == 2 */}\nText.\n\n{/* drift-ignore: history */}\nAt 10.20.30.40.',
          ),
        },
      },
    ],
    invalid: [
      {
        name: 'an assumption that cannot be read',
        manifests: M,
        docs: { 'a.mdx': clause },
        errors: [
          {
            messageId: 'clause',
            message: 'The assumption `deployment/api.replicas is two` cannot be read.',
            file: 'a.mdx',
            line: lineOf(clause, 'assume:'),
          },
        ],
      },
      {
        name: 'a drift-ignore without a reason',
        manifests: M,
        docs: { 'a.mdx': reason },
        errors: [
          { messageId: 'noReason', file: 'a.mdx', line: lineOf(reason, 'drift-ignore'), col: 1 },
        ],
      },
      {
        name: 'a drift-ignore naming a rule that does not exist',
        manifests: M,
        docs: { 'a.mdx': unknown },
        errors: [
          {
            messageId: 'unknownRule',
            message: /`hardcoded-valu`/,
            file: 'a.mdx',
            line: lineOf(unknown, 'drift-ignore'),
          },
        ],
      },
      {
        name: 'a drift-ignore that cannot be read',
        manifests: M,
        docs: { 'a.mdx': unreadable },
        errors: [
          { messageId: 'unreadable', file: 'a.mdx', line: lineOf(unreadable, 'drift-ignore') },
        ],
      },
    ],
  });
}

{
  const broken = doc(
    '{/* assume: deployment/api.replicas == 3 */}\n\nThe api has three pods, so one can go.',
  );
  const multi = doc(
    '{/*\n  assume: deployment/api.replicas >= 2 &&\n    deployment/api.replicas < 2\n*/}\nOne paragraph.',
  );
  ruleTester(rule('broken-assumption'), {
    valid: [
      {
        name: 'it holds',
        manifests: M,
        docs: {
          'a.mdx': doc(
            '{/* assume: deployment/api.replicas == 2 && deployment/api.limits.memory < 1Gi */}\nText.',
          ),
        },
      },
    ],
    invalid: [
      {
        name: 'it breaks: at the paragraph, the value as the other side',
        manifests: M,
        docs: { 'a.mdx': broken },
        errors: [
          {
            messageId: 'broken',
            message:
              'This paragraph assumes `deployment/api.replicas == 3`, but now deployment/api.replicas = 2.',
            file: 'a.mdx',
            line: lineOf(broken, 'The api has three'),
            col: 1,
            config: { file: 'app.yaml', line: lineOf(API, 'replicas:') },
          },
        ],
      },
      {
        name: 'the broken clause of a multi-line marker',
        manifests: M,
        docs: { 'a.mdx': multi },
        errors: [
          {
            messageId: 'broken',
            message: /assumes `deployment\/api.replicas < 2`/,
            file: 'a.mdx',
            line: lineOf(multi, 'One paragraph'),
          },
        ],
      },
    ],
  });
}

{
  const stale = doc(
    '```yaml title="manifests/svc.yaml"\n  ports:\n    - name: http\n      port: 9000\n```',
  );
  const SVC = service();
  ruleTester(rule('stale-excerpt'), {
    valid: [
      {
        name: 'a verbatim slice',
        manifests: M,
        docs: {
          'a.mdx': doc(
            '```yaml title="manifests/svc.yaml"\n  ports:\n    - name: http\n      port: 8000\n```',
          ),
        },
      },
    ],
    invalid: [
      {
        name: 'a line that changed, at that line of the block, the manifest line as the other side',
        manifests: M,
        docs: { 'a.mdx': stale },
        errors: [
          {
            messageId: 'stale',
            message:
              'This code block is titled `manifests/svc.yaml` but line 3 of it (`port: 9000`) is not in that manifest any more.',
            file: 'a.mdx',
            line: lineOf(stale, 'port: 9000'),
            config: { file: 'svc.yaml', line: lineOf(SVC, 'port: 8000') },
          },
        ],
      },
    ],
  });
}

{
  const m = { 'app.yaml': API, 'web.yaml': deployment({ name: 'web' }) };
  const shop = ingress({ name: 'shop', host: 'shop.example.com' });
  const broken = doc('The api, and <V k="deployment/web.replicaz" /> pods.');
  const webMissing = {
    messageId: 'missing',
    message: 'The Deployment `web` appears nowhere in the book.',
    file: 'web.yaml',
    line: 1,
    config: { file: 'web.yaml', line: 1 },
  };
  ruleTester(rule('undocumented'), {
    valid: [
      { name: 'both named in prose', manifests: m, docs: { 'a.mdx': doc('The api and the web.') } },
      {
        name: 'one named, one rendered',
        manifests: m,
        docs: { 'a.mdx': doc('The api, and <V k="deployment/web.replicas" /> pods.') },
      },
      {
        name: 'a node through its hostname, a PDB through its family key',
        manifests: { 'app.yaml': API, 'nodes.yaml': NODES, 'pdb.yaml': pdb({}) },
        docs: {
          'a.mdx': doc(
            'The api; <V k="node/host-1.publicIp" /> and n2; <V k="pdb/api-pdb.minAvailable" />.',
          ),
        },
      },
      {
        name: 'a hostless Ingress rule and a default backend name no host to write about',
        manifests: {
          'app.yaml': API,
          'any.yaml': ingress({ name: 'any' }),
          'dflt.yaml': ingress({ name: 'dflt', defaultBackend: true }),
        },
        docs: { 'a.mdx': doc('The api.') },
      },
    ],
    invalid: [
      {
        name: 'a named Ingress host nowhere, beside a hostless rule',
        manifests: { 'app.yaml': API, 'any.yaml': ingress(), 'shop.yaml': shop },
        docs: { 'a.mdx': doc('The api.') },
        errors: [
          {
            messageId: 'missing',
            message: 'The ingress host `shop.example.com` appears nowhere in the book.',
            file: 'shop.yaml',
            // An Ingress route sits at its path.
            line: lineOf(shop, '- path: /'),
            config: { file: 'shop.yaml', line: lineOf(shop, '- path: /') },
          },
        ],
      },
      {
        name: 'a reference that resolves to no fact names nothing',
        manifests: m,
        docs: { 'a.mdx': broken },
        errors: [webMissing],
      },
      {
        name: 'the web Deployment nowhere',
        manifests: m,
        docs: { 'a.mdx': doc('The api.') },
        errors: [webMissing],
      },
      {
        name: 'web only inside other words: web-pdb, web.example.com, webhook, _web_',
        manifests: m,
        docs: { 'a.mdx': doc('The API (api), its web-pdb, web.example.com, a webhook, _web_x.') },
        errors: [webMissing],
      },
    ],
  });
  const spaced = ufw(UFW_RULES.ssh.replace('name: ssh', 'name: k3s api'));
  ruleTester(rule('undocumented'), {
    valid: [
      {
        name: 'names at the ends of words, in any case, punctuation trimmed: "Web", "...web--"',
        manifests: m,
        docs: { 'a.mdx': doc('API; and …web-- (Web).') },
      },
      {
        name: 'a UFW rule name with a space, written as it is',
        manifests: { 'u.yaml': spaced },
        docs: { 'a.mdx': doc('The k3s api rule.') },
      },
    ],
    invalid: [
      {
        name: 'a UFW rule name with a space, only in part',
        manifests: { 'u.yaml': spaced },
        docs: { 'a.mdx': doc('The k3s rule lets the api in.') },
        errors: [
          {
            messageId: 'missing',
            message: 'The UFW rule `k3s api` appears nowhere in the book.',
            file: 'u.yaml',
            line: lineOf(spaced, '- name: k3s api'),
          },
        ],
      },
    ],
  });
}

{
  const unused = doc(
    '{/* drift-ignore: history */}\nThe api runs <V k="deployment/api.replicas" /> pods.',
  );
  const last = doc('Text.\n\n{/* drift-ignore hardcoded-value: history */}');
  ruleTester(RUNNER_RULES.unusedDriftIgnore, {
    valid: [
      {
        name: 'a marker that silences a literal',
        manifests: M,
        docs: { 'a.mdx': doc('{/* drift-ignore: history */}\nAt 10.20.30.40.') },
        with: ['hardcoded-value'],
      },
    ],
    invalid: [
      {
        name: 'a marker above a paragraph with nothing to silence (a warning)',
        manifests: M,
        docs: { 'a.mdx': unused },
        with: ['hardcoded-value'],
        errors: [
          { messageId: 'unused', file: 'a.mdx', line: lineOf(unused, 'drift-ignore'), col: 1 },
        ],
      },
      {
        name: 'a marker above nothing',
        manifests: M,
        docs: { 'a.mdx': last },
        errors: [{ messageId: 'nothing', file: 'a.mdx', line: lineOf(last, 'drift-ignore') }],
      },
    ],
  });
}

{
  // Built from parts, so that no scanner mistakes this file for a leak.
  const AWS = 'AKIA' + 'Q7'.repeat(8);
  const GITHUB = 'ghp_' + 'a1B2'.repeat(9);
  const SLACK = 'xoxb-' + '1234567890-abcdefghij';
  const JWT = ['eyJhbGciOiJIUzI1NiJ9', 'eyJzdWIiOiJvcHMifQ', 'c2lnbmF0dXJlLXBhcnQ'].join('.');
  const KEY = '-----BEGIN OPENSSH ' + 'PRIVATE KEY-----';
  const leaky = [
    '---',
    `title: T`,
    `description: Rotate the bot token ${SLACK} every quarter.`,
    '---',
    '',
    `The old access key was ${AWS}.`,
    '',
    `<Cmd title="t" code='git clone https://${GITHUB}@gitea.example/ops/deploy.git' />`,
    '',
    '```sh',
    'psql postgres://app:s3cr3tpw@db.internal/app',
    'REDIS_PASSWORD=hunter22 asynq stats',
    'asynq --password=hunter22 stats',
    'redis-cli --pass s3cr3t-pw9 ping',
    `curl -H "Authorization: Bearer ${JWT}" https://api.example`,
    '```',
    '',
    '```yaml',
    'stringData:',
    '  password: hunter22',
    '```',
    '',
    '```',
    KEY,
    '```',
    '',
  ].join('\n');
  const at = (needle: string, what: string | RegExp) => ({
    messageId: 'found',
    message: what,
    file: 'a.mdx',
    line: lineOf(leaky, needle),
    col: colOf(leaky, needle),
  });
  ruleTester(rule('credential-in-book'), {
    valid: [
      {
        name: 'commands that read a credential where it lives, file names, placeholders and prose',
        manifests: M,
        docs: {
          'a.mdx': doc(
            [
              "<Cmd title='t' code='REDIS_PASSWORD=$(kubectl get secret x -o jsonpath={.data.P} | base64 -d)\\nasynq --password=\"$REDIS_PASSWORD\" stats' />",
              '',
              '```sh',
              'kubectl create secret docker-registry g --docker-password="${GITEA_TOKEN:?read it first}"',
              'kubectl create secret tls t --cert=new.pem --key=new.key',
              'psql "postgres://app:$DB_PASSWORD@db.internal/app"',
              'read -rs CF_API_TOKEN',
              '```',
              '',
              '```yaml',
              'password: ""',
              'token: <your token>',
              'apiKey: "***"',
              '```',
              '',
              'The registry token: it lives in Gitea, and REDIS_PASSWORD is empty per the sources.',
              'Pass --password only when asynq asks for it, and --token never.',
            ].join('\n'),
          ),
        },
      },
    ],
    invalid: [
      {
        name: 'tokens, a private key, a password in a URL and literal values for credential names, wherever they are',
        manifests: M,
        docs: { 'a.mdx': leaky },
        errors: [
          at(SLACK, 'A Slack token is written into the book; the page would publish it.'),
          at(AWS, /^An AWS access key is written/),
          at(GITHUB, /^A GitHub token/),
          at('postgres://app:s3cr3tpw', /^A password in a URL/),
          at('REDIS_PASSWORD=hunter22', /^A literal value for `REDIS_PASSWORD`/),
          at('--password=hunter22', /^A literal value for `password`/),
          at('--pass s3cr3t-pw9', /^A literal value for `pass`/),
          at(JWT, /^A JSON Web Token/),
          at('password: hunter22', /^A literal value for `password`/),
          at(KEY, /^A private key/),
        ],
      },
    ],
  });
}

{
  const page = (body: string) =>
    `---\ntitle: T\n---\n\nimport { V, Diagram } from '../../components';\n\n${body}\n`;
  const expr = page('The home folder is {process.env.HOME} here.');
  const esm = page(
    "import { readFileSync } from 'node:fs';\nexport const secret = readFileSync('/etc/hostname');",
  );
  const attr = page('<V k={process.env.KEY} /> and <Diagram {...props} />');
  ruleTester(rule('code-in-chapter'), {
    valid: [
      {
        name: 'markers, a string expression, a string attribute, a template without ${}',
        docs: {
          'a.mdx': page(
            "{/* assume: deployment/api.replicas == 2 */}\nText{' '}and <V k={'deployment/api.replicas'} />.\n\n<Diagram source={`flowchart TB\n  A --> B`} />",
          ),
        },
      },
      {
        name: "the book's components, imported one by one or through the index",
        docs: {
          'a.mdx': `---\ntitle: T\n---\n\nimport { V } from '../components';\nimport Cmd from '../../components/Cmd.astro';\n\nText.\n`,
        },
      },
    ],
    invalid: [
      {
        name: 'an expression that reads the environment',
        docs: { 'a.mdx': expr },
        errors: [
          {
            messageId: 'expression',
            message: 'The chapter runs code when the site is built: `process.env.HOME`.',
            file: 'a.mdx',
            line: lineOf(expr, 'home folder'),
            col: colOf(expr, '{process'),
          },
        ],
      },
      {
        name: 'an import of a module and an export, each at its own line',
        docs: { 'a.mdx': esm },
        errors: [
          {
            messageId: 'esm',
            message: /`import \{ readFileSync \} from 'node:fs'`/,
            file: 'a.mdx',
            line: lineOf(esm, "from 'node:fs'"),
          },
          {
            messageId: 'esm',
            message: /`export const secret = /,
            file: 'a.mdx',
            line: lineOf(esm, 'export const'),
          },
        ],
      },
      {
        name: 'an attribute that is code, and a spread',
        docs: { 'a.mdx': attr },
        errors: [
          {
            messageId: 'attribute',
            message:
              'The attribute `k` of `<V>` is code the build would run, not a string: `process.env.KEY`.',
            file: 'a.mdx',
            line: lineOf(attr, '<V k='),
            col: colOf(attr, 'k={'),
          },
          {
            messageId: 'attribute',
            message: /`\{…\}` of `<Diagram>`/,
            file: 'a.mdx',
            line: lineOf(attr, '<V k='),
          },
        ],
      },
    ],
  });
}

{
  const noTitle = '---\ndescription: D\n---\n\nText.\n';
  const numeric = '---\ntitle: 42\n---\n\nText.\n';
  const broken = '---\ntitle: T\nsidebar: [unclosed\n---\n\nText.\n';
  ruleTester(rule('page-front-matter'), {
    valid: [
      { name: 'a title', docs: { 'a.mdx': '---\ntitle: "A page: with a colon"\n---\n\nText.\n' } },
      {
        name: 'a partial (`_` file) is no page and needs none',
        docs: { '_shared.mdx': 'Text.\n' },
      },
      {
        name: 'a CRLF file with a byte order mark',
        docs: { 'a.mdx': '\ufeff---\r\ntitle: T\r\n---\r\n\r\nText.\r\n' },
      },
    ],
    invalid: [
      {
        name: 'no front matter',
        docs: { 'a.mdx': '# A heading\n\nText.\n' },
        errors: [
          { messageId: 'problem', message: /has no front matter/, file: 'a.mdx', line: 1, col: 1 },
        ],
      },
      {
        name: 'no title',
        docs: { 'a.mdx': noTitle },
        errors: [
          { messageId: 'problem', message: /has no `title`/, file: 'a.mdx', line: 2, col: 1 },
        ],
      },
      {
        name: 'a title that is not text',
        docs: { 'a.mdx': numeric },
        errors: [
          {
            messageId: 'problem',
            message: /`title` is not a text/,
            file: 'a.mdx',
            line: lineOf(numeric, 'title:'),
            col: 1,
          },
        ],
      },
      {
        name: 'YAML that does not parse, at its line',
        docs: { 'a.mdx': broken },
        errors: [
          {
            messageId: 'problem',
            message: /not valid YAML/,
            file: 'a.mdx',
            line: lineOf(broken, 'sidebar:'),
          },
        ],
      },
    ],
  });
}

{
  const page = (body: string) =>
    `---\ntitle: T\n---\n\nimport { Cmd, Diagram, V } from '../../components';\n\n${body}\n`;
  const noCode = page('<Cmd title="Show the pods" />');
  const typo = page('<Warnings title="Careful">Text</Warnings>');
  ruleTester(rule('component-use'), {
    valid: [
      {
        name: 'imported, with every attribute it needs',
        docs: {
          'a.mdx': page(
            '<Cmd title="t" code="kubectl get pods" />\n\n<Diagram source="flowchart TB" alt="a" fallback="b" />',
          ),
        },
      },
      {
        name: 'a partial is no page: it imports nothing',
        docs: { '_shared.mdx': '<Cmd name="x" title="t" code="ls" />\n' },
      },
      { name: 'a spread may carry any attribute', docs: { 'a.mdx': page('<Cmd {...x} />') } },
    ],
    invalid: [
      {
        name: 'a required attribute left out',
        docs: { 'a.mdx': noCode },
        errors: [
          {
            messageId: 'missing',
            message: '`<Cmd>` needs a `code` attribute.',
            file: 'a.mdx',
            line: lineOf(noCode, '<Cmd'),
            col: 1,
          },
        ],
      },
      {
        name: 'a component the page does not import (a typo)',
        docs: { 'a.mdx': typo },
        errors: [
          {
            messageId: 'unimported',
            message: '`<Warnings>` is not imported on this page, so the build cannot render it.',
            file: 'a.mdx',
            line: lineOf(typo, '<Warnings'),
          },
        ],
      },
    ],
  });
}
