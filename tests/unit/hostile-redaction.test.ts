/**
 * Nothing secret survives the load: credentials planted in every form
 * (tests/fixtures/hostile/planted.ts) appear nowhere in the extract result's
 * object graph, in any extract or check output, in any excerpt, or in an
 * error that quotes a broken file; each blank is recorded where it stands.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import util from 'node:util';
import { runCheck } from '../../cli/check.ts';
import { runExtract } from '../../cli/extract.ts';
import { DEPLOYMENT, folder, posOf } from '../fixtures/harness.ts';
import {
  extract,
  isCredentialName,
  reportable,
  resolveManifestPath,
  type ExtractResult,
} from '../../engine/index.ts';
import {
  BROKEN_PLANTS,
  plant,
  PLANTS,
  REAL_PLANTS,
  SENTINELS,
  VISIBLE,
} from '../fixtures/hostile/planted.ts';

const temps: string[] = [];
after(() => {
  for (const t of temps) fs.rmSync(t, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hd-planted-'));
  temps.push(dir);
  return dir;
}

/** 1-based line of the first occurrence of needle in text. */
const lineOf = (text: string, needle: string): number => posOf(text, needle).line;

function leaks(blob: string): string[] {
  return SENTINELS.filter((s) => blob.includes(s));
}

/** Everything reachable from the result: own and hidden properties, any depth, whole strings. */
function everything(result: ExtractResult): string {
  return util.inspect(result, {
    depth: Infinity,
    showHidden: true,
    maxArrayLength: Infinity,
    maxStringLength: Infinity,
    breakLength: Infinity,
  });
}

describe('planted credentials: the real manifests plus every variant', () => {
  let dir: string;
  let result: ExtractResult;
  before(() => {
    dir = tempDir();
    fs.cpSync('manifests', dir, { recursive: true });
    plant(dir);
    result = extract(dir);
  });

  test('the planted folder extracts (planting breaks nothing)', () => {
    assert.ok(result.load.objects.some((o) => o.name === 'env-literals'));
    assert.ok(result.extracted.secrets.some((s) => s.name === 'forms'));
  });

  test('no sentinel is reachable from the result object graph', () => {
    const blob = everything(result);
    assert.ok(blob.length > 10_000, 'the inspection saw the result');
    assert.deepEqual(leaks(blob), []);
    assert.deepEqual(leaks(JSON.stringify(result.extracted)), []);
  });

  test('what only looks like a credential stays visible', () => {
    const blob = everything(result);
    for (const v of VISIBLE) assert.ok(blob.includes(v), `${v} was blanked`);
  });

  for (const p of PLANTS) {
    test(`${p.file}: every blank is recorded with its kind, name and line`, () => {
      const mine = result.redactions.filter((r) => r.file.endsWith(p.file));
      for (const e of p.expect) {
        const line = lineOf(p.text, e.needle);
        const hit = mine.find((r) => r.kind === e.kind && r.name === e.name && r.line === line);
        assert.ok(
          hit,
          `no ${e.kind} ${e.name} at line ${line}; got ${JSON.stringify(mine.map((r) => [r.kind, r.name, r.line]))}`,
        );
        assert.equal(hit.credential, e.credential);
      }
      assert.equal(mine.length, p.expect.length, JSON.stringify(mine));
    });
  }

  test('a redaction column points at the blank: `""`, or `***` inside an argument', () => {
    for (const r of result.redactions.filter((x) => x.kind !== 'managed-fields')) {
      const file = result.load.files.find((f) => f.file === r.file)!;
      const at = file.lines[r.line - 1].slice(r.col - 1);
      assert.ok(
        at.startsWith(r.kind === 'arg-credential' ? '***' : '""') || at.startsWith('""'),
        JSON.stringify(r),
      );
    }
  });

  test('credentials planted in the real manifests are recorded, and their facts still build', () => {
    const real = result.redactions.filter((r) => !r.file.includes('/planted/'));
    assert.equal(real.filter((r) => r.credential).length, REAL_PLANTS.length);
    // A flag's value is masked inside the Redis script, so the script's other flags stay facts.
    assert.equal(result.registry.get('deployment/redis.flags.maxmemory')?.value, '256mb');
    assert.equal(result.registry.get('traefik.hostNetwork')?.value, true);
  });

  test('excerpts of every planted object keep their lines and show no value', () => {
    for (const p of PLANTS) {
      const views = result.load.objects.filter((o) => o.source.rel === p.file);
      for (const v of views) {
        const x = resolveManifestPath(result, `${p.file}#${v.name}`, null);
        assert.ok(!('error' in x), JSON.stringify(x));
        assert.deepEqual(leaks(x.text), []);
        assert.equal(x.endLine - x.startLine + 1, x.text.split('\n').length);
      }
    }
  });

  for (const format of ['json', 'text', 'keys']) {
    test(`extract --format ${format} shows no sentinel`, () => {
      const r = runExtract(['--manifests', dir, '--format', format]);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(leaks(r.stdout + r.stderr), []);
    });
  }

  for (const format of ['json', 'human', 'github']) {
    test(`check --format ${format} shows no sentinel`, () => {
      const r = runCheck(['--manifests', dir, '--format', format]);
      assert.notEqual(r.code, 2, r.stderr);
      assert.deepEqual(leaks(r.stdout + r.stderr), []);
    });
  }
});

describe('a broken file that holds a credential', () => {
  for (const p of BROKEN_PLANTS) {
    test(`${p.file}: exit 2, positioned, and the value is not quoted`, () => {
      const dir = tempDir();
      fs.mkdirSync(path.join(dir, path.dirname(p.file)), { recursive: true });
      fs.writeFileSync(path.join(dir, p.file), p.text);
      const r = runExtract(['--manifests', dir, '--format', 'json']);
      assert.equal(r.code, 2, r.stdout);
      assert.match(r.stderr, /:\d+:\d+\s+[A-Z_]+\s/);
      assert.deepEqual(leaks(r.stderr + r.stdout), []);
      for (const format of ['json', 'human', 'github']) {
        const c = runCheck(['--manifests', dir, '--format', format]);
        assert.equal(c.code, 2);
        assert.deepEqual(leaks(c.stdout + c.stderr), [], format);
      }
    });
  }

  test('two different passwords under one key are still DUPLICATE_KEY, not the same blank', () => {
    const dir = tempDir();
    const p = BROKEN_PLANTS.find((x) => x.file === 'broken/duplicate.yaml')!;
    fs.mkdirSync(path.join(dir, 'broken'));
    fs.writeFileSync(path.join(dir, p.file), p.text);
    const r = runExtract(['--manifests', dir]);
    const second = lineOf(p.text, 'PASSWORD: SNTL-dup2');
    assert.match(r.stderr, new RegExp(`duplicate\\.yaml:${second}:3\\s+DUPLICATE_KEY`));
  });
});

describe('the real manifests', () => {
  test('hold no credential: their Secrets are key-name templates', () => {
    const r = extract('manifests');
    assert.deepEqual(
      r.redactions.filter((x) => x.credential),
      [],
    );
    assert.ok(r.extracted.secrets.length > 0);
  });
});

describe('isCredentialName', () => {
  const credentials = [
    'DB_PASSWORD',
    'POSTGRES_PASSWORD',
    'SECRET_KEY',
    'B2_APP_KEY',
    'POSTHOG_API_KEY',
    'AWS_SECRET_ACCESS_KEY',
    'GITHUB_TOKEN',
    'JWT_SECRET',
    'SMTP_PASS',
    'redis-password',
    'adminPassword',
    'PRIVATE_KEY',
    'SECRET_KEY_BASE',
    'CLIENT_CREDENTIALS',
    'requirepass',
    'remoteWrite.bearerToken',
    'HF_TOKEN',
    'MAXMIND_LICENSE_TOKEN',
  ];
  const notCredentials = [
    'B2_KEY_ID',
    'APNS_KEY_ID',
    'AWS_ACCESS_KEY_ID',
    'APNS_AUTH_KEY_PATH',
    'TOKEN_URL',
    'SECRET_NAME',
    'PASSWORD_FILE',
    'PASSWORD_MIN_LENGTH',
    'VAPID_PUBLIC_KEY',
    'DYNAMO_PARTITION_KEY',
    'secretName',
    'remoteWrite.bearerTokenFile',
    'POSTGRES_USER',
    'DB_HOST',
    'LOG_LEVEL',
    // Istio's CNI settings, Knative's logger fields, Dex's pointer to a variable.
    'REPAIR_BROKEN_POD_LABEL_KEY',
    'timeKey',
    'messageKey',
    'stacktraceKey',
    'secretEnv',
    'topologyKey',
  ];
  for (const n of credentials)
    test(`${n} names a credential`, () => assert.ok(isCredentialName(n)));
  for (const n of notCredentials) test(`${n} does not`, () => assert.ok(!isCredentialName(n)));
});

describe('values blanked for their name but reported as no committed credential', () => {
  // A file's path, a count under a name that counts (TGI's, vLLM's token budgets), a phrase.
  for (const [name, value] of [
    ['--validating-webhook-key', '/usr/local/certificates/key'],
    ['TLS_KEY', './certs/tls.key'],
    ['MAX_TOTAL_TOKENS', '4096'],
    ['max-num-batched-tokens', '8192'],
    ['TOKEN_LIMIT', '100'],
    ['secretRef is Optional', 'SecretRef is reference to the authentication secret'],
  ])
    test(`${name}: ${value}`, () => {
      assert.ok(isCredentialName(name), 'still blanked: the name says credential');
      assert.ok(!reportable(name, value));
    });
  // Anything else under such a name is a credential to report: a password may start with a
  // slash, a token may sit under a name with a count word in it.
  for (const [name, value] of [
    ['DB_PASSWORD', 'hunter2-planted'],
    ['DB_PASSWORD', '/hunter2'],
    ['RATE_LIMIT_TOKEN', 'tok-planted-42'],
    ['ADMIN_PASSWORD', '123456'],
  ])
    test(`${name}: ${value} is reported`, () => assert.ok(reportable(name, value)));

  test('such a value is blanked in what the engine returns, and reported by no finding', () => {
    const dep = DEPLOYMENT.replace(
      /(image: [^\n]+\n)/,
      '$1          args: ["--validating-webhook-key=/usr/local/planted/key"]\n          env:\n            - name: MAX_TOTAL_TOKENS\n              value: "4096"\n',
    );
    const dir = folder({ 'good.yaml': dep });
    const r = extract(dir);
    const all =
      JSON.stringify(r.load.files.map((f) => f.text)) +
      JSON.stringify(r.registry.keys().map((k) => r.registry.get(k)?.value));
    assert.doesNotMatch(all, /planted/);
    const json = runCheck(['--manifests', dir, '--format', 'json']);
    const findings = (JSON.parse(json.stdout) as { findings: { ruleId: string }[] }).findings;
    assert.deepEqual(
      findings.filter((f) => f.ruleId === 'credential-in-config'),
      [],
    );
  });
});

describe('a switch named for a credential', () => {
  const cm = `apiVersion: v1
kind: ConfigMap
metadata:
  name: flags
data:
  ENABLE_M2M_TOKENS: "true"
  API_TOKEN: "tok-planted-42"
`;
  const dep = DEPLOYMENT.replace(
    /(image: [^\n]+\n)/,
    '$1          env:\n            - name: ENABLE_SECRET_FILTERING\n              value: "false"\n',
  );
  const k =
    'resources:\n  - good.yaml\n  - flags.yaml\nconfigMapGenerator:\n  - name: gen\n    literals:\n      - USE_TOKENS=on\n      - CLIENT_SECRET=planted-42\n';

  test('is no credential in a ConfigMap, an env value or a generator literal; a value beside it is', () => {
    const r = extract(folder({ 'flags.yaml': cm, 'good.yaml': dep, 'kustomization.yaml': k }));
    assert.deepEqual(r.redactions.map((x) => x.name).sort(), ['API_TOKEN', 'CLIENT_SECRET']);
  });
});
