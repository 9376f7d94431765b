/**
 * A deploy that bumps the api image the way CI does (`kustomize edit set
 * image`: an `images:` entry in kustomization.yaml) and pins a pull policy
 * with a patch: the book built from that copy shows the new tag, traced to
 * the `newTag:` line, and the excerpt of the file says what is applied instead.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { posOf } from '../fixtures/harness.ts';
import { buildPreview, builtPage, shownFacts } from './preview-build.ts';

const work = mkdtempSync(join(tmpdir(), 'hd-kustomize-'));
const manifests = join(work, 'manifests');
const out = join(work, 'dist');
const kustomization = join(manifests, 'kustomization.yaml');

const api = parse(readFileSync('manifests/api/deployment.yaml', 'utf8'));
const [repository, oldTag] = (api.spec.template.spec.containers[0].image as string).split(':');
const newTag = 'c0ffee1';

/** The line of `needle` in `text`; a missing needle fails the test. */
const lineOf = (text: string, needle: string) => posOf(text, needle).line;

before(() => {
  cpSync('manifests', manifests, { recursive: true });
  appendFileSync(
    kustomization,
    [
      'images:',
      `  - name: ${repository}`,
      `    newTag: ${newTag}`,
      'patches:',
      '  - target:',
      '      kind: Deployment',
      '      name: api',
      '    patch: |-',
      '      - op: replace',
      '        path: /spec/template/spec/containers/0/imagePullPolicy',
      '        value: Always',
      '',
    ].join('\n'),
  );
  buildPreview(manifests, out);
});

after(() => rmSync(work, { recursive: true, force: true }));

const page = (slug: string) => builtPage(out, slug);
const facts = shownFacts;

test('the api tag the book shows is the overlay’s, at its newTag line', () => {
  const at = `${kustomization}:${lineOf(readFileSync(kustomization, 'utf8'), `newTag: ${newTag}`)}`;
  for (const slug of ['00-overview', '11-registry']) {
    const shown = facts(page(slug), 'deployment/honeydue/api.imageTag');
    assert.ok(shown.length > 0, `${slug} renders the api tag`);
    for (const f of shown) assert.deepEqual(f, { source: at, value: newTag }, slug);
  }
  // The worker, whose image has no override, keeps the file's tag.
  assert.deepEqual(
    facts(page('11-registry'), 'deployment/honeydue/worker.imageTag').map((f) => f.value),
    [oldTag],
  );
});

test('the excerpt of the file says what kubectl apply -k applies instead, and where it is set', () => {
  const html = page('11-registry');
  const k = readFileSync(kustomization, 'utf8');
  const note = /<p class="hd-manifest-applied">([\s\S]*?)<\/p>/.exec(html);
  assert.ok(note, 'the imagePullPolicy excerpt carries a note');
  const text = note[1].replace(/<[^>]+>/g, '');
  assert.match(text, /^kubectl apply -k applies Always \(set in \S+\) instead\.$/);
  assert.ok(text.includes(`${kustomization}:${lineOf(k, 'value: Always')}`), text);
  // The prose renders the patched value, traced to the patch line.
  assert.deepEqual(facts(html, 'deployment/honeydue/api.imagePullPolicy'), [
    { source: `${kustomization}:${lineOf(k, 'value: Always')}`, value: 'Always' },
  ]);
  // The excerpt itself stays the file's text.
  assert.match(html, /imagePullPolicy<\/span>[\s\S]{0,200}IfNotPresent/);
});
