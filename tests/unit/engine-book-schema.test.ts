/**
 * The book's own kinds against their schemas: a malformed inventory entry is
 * bad input (exit 2) at the field's file:line:col — not a fact keyed
 * `node/[object Object]` and exit 0.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { assertReported, folder, posOf, run, where } from '../fixtures/harness.ts';

const NODES = fs.readFileSync('manifests/hosts/nodes.yaml', 'utf8');
const UFW = fs.readFileSync('manifests/hosts/ufw.yaml', 'utf8');
const ZONE = fs.readFileSync('manifests/cloudflare/zone.yaml', 'utf8');

function bad(file: string, text: string) {
  const dir = folder({ [file]: text });
  return { dir, r: run(dir) };
}

describe('NodeInventory', () => {
  test('a node without sshAlias → MISSING_FIELD at that entry', () => {
    const text = NODES.replace('    - sshAlias: hetzner2\n      publicIp', '    - publicIp');
    const { dir, r } = bad('nodes.yaml', text);
    assertReported(
      r,
      'MISSING_FIELD',
      where(dir, 'nodes.yaml', posOf(text, 'publicIp: 178.105.32.198')),
    );
    assert.match(r.stderr, /`sshAlias`/);
    assert.doesNotMatch(r.stdout + r.stderr, /\[object Object\]/);
  });

  test('a node whose sshAlias is a mapping → WRONG_TYPE at the key, as collections are located', () => {
    const text = NODES.replace('sshAlias: hetzner3', 'sshAlias: { name: hetzner3 }');
    const { dir, r } = bad('nodes.yaml', text);
    assertReported(r, 'WRONG_TYPE', where(dir, 'nodes.yaml', posOf(text, 'sshAlias: { name')));
    assert.match(r.stderr, /found a mapping/);
  });

  test('vcpu: "four" in the defaults → WRONG_TYPE at the value', () => {
    const text = NODES.replace('vcpu: 4', 'vcpu: four');
    const { dir, r } = bad('nodes.yaml', text);
    assertReported(r, 'WRONG_TYPE', where(dir, 'nodes.yaml', posOf(text, 'four')));
  });

  test('an impossible public IP → INVALID_FIELD at the value', () => {
    const text = NODES.replace('178.104.249.189', '178.104.249.389');
    const { dir, r } = bad('nodes.yaml', text);
    assertReported(r, 'INVALID_FIELD', where(dir, 'nodes.yaml', posOf(text, '178.104.249.389')));
  });

  test('a field neither the node nor the defaults give → MISSING_FIELD at the node', () => {
    const text = NODES.replace('    k3s: v1.34.6+k3s1\n', '');
    const { dir, r } = bad('nodes.yaml', text);
    assertReported(r, 'MISSING_FIELD', where(dir, 'nodes.yaml', posOf(text, 'sshAlias: hetzner1')));
    assert.match(r.stderr, /`k3s`/);
  });
});

describe('UfwPolicy and CloudflareZone', () => {
  test('a rule without sources → MISSING_FIELD at the rule', () => {
    const text = UFW.replace('      from: [any]\n      comment: ssh\n', '      comment: ssh\n');
    const { dir, r } = bad('ufw.yaml', text);
    assertReported(r, 'MISSING_FIELD', where(dir, 'ufw.yaml', posOf(text, 'name: ssh')));
  });

  test('an SSL mode Cloudflare does not have → INVALID_FIELD at the value', () => {
    const text = ZONE.replace('mode: strict', 'mode: paranoid');
    const { dir, r } = bad('zone.yaml', text);
    assertReported(r, 'INVALID_FIELD', where(dir, 'zone.yaml', posOf(text, 'paranoid')));
  });

  test('proxied: "yes" (a string) → WRONG_TYPE at the value', () => {
    const text = ZONE.replace(
      'content: 178.104.247.152, proxied: true',
      'content: 178.104.247.152, proxied: "yes"',
    );
    const { dir, r } = bad('zone.yaml', text);
    assertReported(r, 'WRONG_TYPE', where(dir, 'zone.yaml', posOf(text, '"yes"')));
  });
});
