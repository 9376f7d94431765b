/**
 * Every Kubernetes object in manifests/ (and in the public-demo fixture) is
 * valid against the Kubernetes OpenAPI schema (kubernetes-models) or, for
 * Traefik CRDs, against Traefik's CRD schema (@kubernetes-models/traefik).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { StatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import { DaemonSet } from 'kubernetes-models/apps/v1/DaemonSet';
import { CronJob } from 'kubernetes-models/batch/v1/CronJob';
import { Service } from 'kubernetes-models/v1/Service';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { Role } from 'kubernetes-models/rbac.authorization.k8s.io/v1/Role';
import { RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding';
import { IngressRoute } from '@kubernetes-models/traefik/traefik.io/v1alpha1/IngressRoute';
import { Middleware } from '@kubernetes-models/traefik/traefik.io/v1alpha1/Middleware';

const ROOT = path.resolve(import.meta.dirname, '../..');

type Model = new (data: any) => { validate(): void };

const MODELS: Record<string, Model> = {
  'apps/v1/Deployment': Deployment,
  'apps/v1/StatefulSet': StatefulSet,
  'apps/v1/DaemonSet': DaemonSet,
  'batch/v1/CronJob': CronJob,
  'v1/Service': Service,
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Namespace': Namespace,
  'v1/ServiceAccount': ServiceAccount,
  'v1/PersistentVolumeClaim': PersistentVolumeClaim,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'networking.k8s.io/v1/Ingress': Ingress,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'rbac.authorization.k8s.io/v1/Role': Role,
  'rbac.authorization.k8s.io/v1/RoleBinding': RoleBinding,
  'traefik.io/v1alpha1/IngressRoute': IngressRoute,
  'traefik.io/v1alpha1/Middleware': Middleware,
};

interface Doc {
  file: string;
  line: number;
  obj: Record<string, any>;
}

function load(dir: string): Doc[] {
  const out: Doc[] = [];
  const walk = (d: string) => {
    for (const e of fs
      .readdirSync(d, { withFileTypes: true })
      .sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(e.name)) {
        const text = fs.readFileSync(p, 'utf8');
        for (const doc of parseAllDocuments(text)) {
          assert.equal(doc.errors.length, 0, `${p}: ${doc.errors.join('; ')}`);
          const obj = doc.toJS();
          if (!obj) continue;
          const line = text.slice(0, doc.contents?.range?.[0] ?? 0).split('\n').length;
          out.push({ file: path.relative(ROOT, p), line, obj });
        }
      }
    }
  };
  walk(dir);
  return out;
}

const typeOf = (d: Doc) => `${d.obj.apiVersion}/${d.obj.kind}`;

function validateAll(docs: Doc[]): { validated: string[]; unmodelled: string[] } {
  const validated: string[] = [];
  const unmodelled: string[] = [];
  for (const d of docs) {
    const Model = MODELS[typeOf(d)];
    if (!Model) {
      unmodelled.push(typeOf(d));
      continue;
    }
    try {
      new Model(structuredClone(d.obj)).validate();
    } catch (e) {
      assert.fail(
        `${d.file}:${d.line} ${typeOf(d)} ${d.obj.metadata?.name}: ${(e as Error).message}`,
      );
    }
    validated.push(typeOf(d));
  }
  return { validated, unmodelled };
}

describe('manifests/ against the Kubernetes schema', () => {
  const docs = load(path.join(ROOT, 'manifests'));

  test('every Kubernetes object validates', () => {
    const { validated } = validateAll(docs);
    assert.ok(validated.includes('apps/v1/Deployment'));
    assert.ok(validated.includes('traefik.io/v1alpha1/IngressRoute'));
    assert.ok(validated.includes('traefik.io/v1alpha1/Middleware'));
    assert.ok(validated.length >= 40, `validated ${validated.length} objects`);
  });

  test('the kinds with no schema model are exactly the known non-Kubernetes-core list', () => {
    const { unmodelled } = validateAll(docs);
    const known = new Set([
      'helm.cattle.io/v1/HelmChartConfig',
      'kustomize.config.k8s.io/v1beta1/Kustomization',
      'book.honeydue.dev/v1/NodeInventory',
      'book.honeydue.dev/v1/UfwPolicy',
      'book.honeydue.dev/v1/CloudflareZone',
      'book.honeydue.dev/v1/ExternalServices',
    ]);
    assert.deepEqual([...new Set(unmodelled)].sort(), [...known].sort());
  });

  test('every object has apiVersion, kind and (except Kustomization) metadata.name', () => {
    for (const d of docs) {
      assert.equal(typeof d.obj.apiVersion, 'string', `${d.file}:${d.line}`);
      assert.equal(typeof d.obj.kind, 'string', `${d.file}:${d.line}`);
      if (d.obj.kind !== 'Kustomization')
        assert.equal(typeof d.obj.metadata?.name, 'string', `${d.file}:${d.line}`);
    }
  });

  test('every file kustomization.yaml lists exists', () => {
    const k = docs.find((d) => d.obj.kind === 'Kustomization')!;
    for (const r of k.obj.resources as string[])
      assert.ok(fs.existsSync(path.join(ROOT, 'manifests', r)), r);
  });
});

describe('the public-demo fixture against the Kubernetes schema', () => {
  test('every Kubernetes object validates; only the CRD object has no model', () => {
    const { validated, unmodelled } = validateAll(
      load(path.join(ROOT, 'tests/fixtures/public-demo')),
    );
    for (const t of [
      'apps/v1/StatefulSet',
      'apps/v1/DaemonSet',
      'batch/v1/CronJob',
      'networking.k8s.io/v1/Ingress',
    ])
      assert.ok(validated.includes(t), t);
    assert.deepEqual(unmodelled, ['monitoring.coreos.com/v1/ServiceMonitor']);
  });
});

describe('the schema check can fail', () => {
  const docs = load(path.join(ROOT, 'manifests'));
  const api = docs.find((d) => d.obj.kind === 'Deployment' && d.obj.metadata.name === 'api')!;

  test('replicas: "three" is refused', () => {
    const bad = structuredClone(api.obj);
    bad.spec.replicas = 'three';
    assert.throws(() => new Deployment(bad).validate(), /replicas/);
  });

  test('a container without a name is refused', () => {
    const bad = structuredClone(api.obj);
    delete bad.spec.template.spec.containers[0].name;
    assert.throws(() => new Deployment(bad).validate(), /name/);
  });

  test('a Deployment without a selector is refused', () => {
    const bad = structuredClone(api.obj);
    delete bad.spec.selector;
    assert.throws(() => new Deployment(bad).validate(), /selector/);
  });

  test('an IngressRoute route without `match` is refused by the Traefik schema', () => {
    const ir = docs.find((d) => d.obj.kind === 'IngressRoute')!;
    const bad = structuredClone(ir.obj);
    delete bad.spec.routes[0].match;
    assert.throws(() => new (IngressRoute as Model)(bad).validate(), /match/);
  });

  test('the unmutated copy still validates', () => {
    assert.doesNotThrow(() => new Deployment(structuredClone(api.obj)).validate());
  });
});
