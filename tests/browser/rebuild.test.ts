/**
 * No value is typed by hand: change a node IP, a replica count and a memory
 * limit in a copy of the manifests, rebuild, and every page that showed them
 * shows the new values — and the old IP is gone from the whole site.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { buildPreview, builtFiles, builtPage, shownFacts } from './preview-build.ts';

const work = mkdtempSync(join(tmpdir(), 'hd-rebuild-'));
const manifests = join(work, 'manifests');
const out = join(work, 'dist');

const inventory = parse(readFileSync('manifests/hosts/nodes.yaml', 'utf8'));
const oldIp: string = inventory.spec.nodes[0].publicIp;
const newIp = '203.0.113.77';
const apiYaml = readFileSync('manifests/api/deployment.yaml', 'utf8');
const oldReplicas: number = parse(apiYaml).spec.replicas;
const newReplicas = oldReplicas + 2;

before(() => {
  cpSync('manifests', manifests, { recursive: true });
  // An operator moving a node changes its IP everywhere the config names it.
  for (const f of builtFiles(manifests, /\.ya?ml$/))
    writeFileSync(f, readFileSync(f, 'utf8').split(oldIp).join(newIp));
  const api = join(manifests, 'api/deployment.yaml');
  writeFileSync(
    api,
    readFileSync(api, 'utf8')
      .replace(/^(\s+replicas:\s*)\d+/m, `$1${newReplicas}`)
      .replace(/(limits:\s*\n\s*cpu:.*\n\s*memory:\s*)\S+/, '$1640Mi'),
  );
  buildPreview(manifests, out);
});

after(() => rmSync(work, { recursive: true, force: true }));

const page = (slug: string) => builtPage(out, slug);
const factText = (html: string, key: string) => shownFacts(html, key).map((f) => f.value);

test('the old node IP is gone from every page and the new one is shown', () => {
  const html = builtFiles(out, /\.html$/).map((f) => readFileSync(f, 'utf8'));
  assert.equal(html.filter((h) => h.includes(oldIp)).length, 0);
  assert.ok(page('').includes(newIp), 'the index node table shows the new IP');
});

test('the api replica count changes wherever it is rendered', () => {
  const shown = ['', '07-services'].flatMap((s) =>
    factText(page(s), 'deployment/honeydue/api.replicas'),
  );
  assert.ok(shown.length > 0, 'the replica count is rendered');
  assert.deepEqual([...new Set(shown)], [String(newReplicas)]);
});

test('the api memory limit changes in the resource summary', () => {
  const shown = factText(
    page('07-services'),
    'deployment/honeydue/api.containers.api.limits.memory',
  );
  assert.ok(shown.length > 0);
  assert.deepEqual([...new Set(shown)], ['640Mi']);
});
