/** Rules over the external-services inventory against the config the cluster runs with. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RULES } from '../../../check/index.ts';
import { leadingVersion, versionsAgree } from '../../../check/rules/software-version-not-image.ts';
import { configMap, deployment, secret } from './fixtures.ts';
import { lineOf, ruleTester } from './tester.ts';

const rule = (id: string) => RULES.find((r) => r.meta.id === id)!;

/** The inventory, with `services` and `software` entries as YAML list items. */
const inventory = (services: string, software = '') => `apiVersion: book.honeydue.dev/v1
kind: ExternalServices
metadata:
  name: honeydue
spec:
  services:
${services}  software:
${software || '    - { id: go, name: Go, version: "1.25" }\n'}`;

/** A Deployment running `image`, with the api's name. */
const running = (image: string, name = 'cache') =>
  deployment({ name }).replace(`registry.example.com/${name}:1.0.0`, image);

test('a tag is read for its leading version; dates and commit ids are none', () => {
  assert.deepEqual(leadingVersion('7-alpine'), [7]);
  assert.deepEqual(leadingVersion('7.4.1'), [7, 4, 1]);
  assert.deepEqual(leadingVersion('v3.1'), [3, 1]);
  assert.deepEqual(leadingVersion('7.2.4-debian-12-r0'), [7, 2, 4]);
  assert.equal(leadingVersion('latest'), null);
  assert.equal(leadingVersion('237c6b8'), null);
  assert.equal(leadingVersion('20240101'), null);
  assert.equal(leadingVersion('2024.01.05-alpine'), null);
  assert.ok(versionsAgree([7], [7, 4]));
  assert.ok(versionsAgree([7, 4], [7]));
  assert.ok(!versionsAgree([7, 2], [7, 4]));
  assert.ok(!versionsAgree([8], [7]));
});

{
  const redis = '    - { id: redis, name: Redis, version: "7" }\n';
  const inv = inventory('    - { id: neon, name: Neon }\n', redis);
  const eight = running('redis:8-alpine');
  const minor = inventory(
    '    - { id: neon, name: Neon }\n',
    '    - { id: redis, name: Redis, version: "7.2" }\n',
  );
  ruleTester(rule('software-version-not-image'), {
    valid: [
      {
        name: 'a floating tag within the version, from any registry',
        manifests: { 'i.yaml': inv, 'a.yaml': running('docker.io/library/redis:7.4-alpine') },
      },
      {
        name: 'tags that name no version',
        manifests: {
          'i.yaml': inv,
          'a.yaml': running('redis:latest'),
          'b.yaml': running('redis:20240101', 'cache2'),
        },
      },
      {
        name: 'another image whose name only starts alike',
        manifests: { 'i.yaml': inv, 'a.yaml': running('oliver006/redis_exporter:v1.62.0') },
      },
      {
        name: 'software the cluster does not run from an image',
        manifests: { 'i.yaml': inventory('    - { id: neon, name: Neon }\n'), 'a.yaml': eight },
      },
    ],
    invalid: [
      {
        name: 'the image moved to another major version: at the inventory, the image as the other side',
        manifests: { 'i.yaml': inv, 'a.yaml': eight },
        errors: [
          {
            messageId: 'differs',
            message:
              'The inventory says Redis 7, but container `cache/cache` runs `redis:8-alpine`, version 8.',
            file: 'i.yaml',
            line: lineOf(inv, 'id: redis'),
            config: { file: 'a.yaml', line: lineOf(eight, 'image: redis') },
          },
        ],
      },
      {
        name: 'a minor version both give, and they differ',
        manifests: {
          'i.yaml': minor,
          'a.yaml': running('bitnami/redis:7.4.1-debian-12-r0'),
        },
        errors: [
          {
            messageId: 'differs',
            message: /, version 7\.4\.1\.$/,
            file: 'i.yaml',
            line: lineOf(minor, 'id: redis'),
          },
        ],
      },
    ],
  });
}

{
  const services =
    '    - { id: posthog, name: PostHog, host: analytics.example.com }\n' +
    '    - { id: gitea, name: Gitea, host: git.example.com }\n';
  const inv = inventory(services);
  const cm = (host: string) => configMap('app', { POSTHOG_HOST: `https://${host}` });
  const fromGitea = running('git.example.com/team/api:1.0.0', 'api');
  const moved = cm('eu.posthog.com');
  ruleTester(rule('external-host-unused'), {
    valid: [
      {
        name: 'a URL and an image registry name the hosts',
        manifests: { 'i.yaml': inv, 'c.yaml': cm('analytics.example.com'), 'a.yaml': fromGitea },
      },
      {
        name: 'a Secret that may hold the address, and no setting named after the service',
        manifests: {
          'i.yaml': inv,
          'c.yaml': configMap('app', { LOG_LEVEL: 'info' }),
          's.yaml': secret('app-secrets', ['ANALYTICS_URL']),
          'a.yaml': fromGitea,
        },
      },
      {
        name: 'a host in another case, with a port and a path',
        manifests: {
          'i.yaml': inv,
          'c.yaml': configMap('app', { POSTHOG_HOST: 'https://Analytics.Example.com:443/ingest' }),
          'a.yaml': fromGitea,
        },
      },
    ],
    invalid: [
      {
        name: 'the config moved to another host: at the inventory, the setting as the other side',
        // The setting named after the service says where it went, whatever the Secrets hold.
        manifests: {
          'i.yaml': inv,
          'c.yaml': moved,
          's.yaml': secret('app-secrets', ['ANALYTICS_URL']),
          'a.yaml': fromGitea,
        },
        errors: [
          {
            messageId: 'unused',
            message:
              'The inventory puts PostHog at `analytics.example.com`, but no value of the config names that host (`POSTHOG_HOST` is `https://eu.posthog.com`).',
            file: 'i.yaml',
            line: lineOf(inv, 'id: posthog'),
            config: { file: 'c.yaml', line: lineOf(moved, 'POSTHOG_HOST') },
          },
        ],
      },
      {
        name: 'a longer host that only contains it does not name it',
        manifests: {
          'i.yaml': inv,
          'c.yaml': cm('analytics.example.com.evil.test'),
          'a.yaml': running('mirror.git.example.com/team/api:1.0.0', 'api'),
        },
        errors: [
          {
            messageId: 'unused',
            message: /PostHog at/,
            file: 'i.yaml',
            line: lineOf(inv, 'id: posthog'),
          },
          {
            messageId: 'unused',
            message:
              'The inventory puts Gitea at `git.example.com`, but no value of the config names that host.',
            file: 'i.yaml',
            line: lineOf(inv, 'id: gitea'),
          },
        ],
      },
    ],
  });
}
