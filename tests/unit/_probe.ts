import { extract } from '../../scripts/extract/index.ts';
import { resolveManifestPath } from '../../scripts/extract/manifest-path.ts';
const r = extract('manifests');
for (const [f, p] of [['api/deployment.yaml', 'spec.template.spec.containers[name=api].resources'], ['network-policies.yaml#allow-egress-from-web', null], ['api/deploymnt.yaml', null], ['network-policies.yaml#nope', null], ['api/deployment.yaml', 'spec.template.spec.containers[name=nope]'], ['api/deployment.yaml', 'spec.replicaz'], ['network-policies.yaml', 'spec'], ['api/deployment.yaml', 'spec.replicas'], ['secrets.yaml#honeydue-secrets', 'stringData.POSTGRES_PASSWORD'], ['api/deployment.yaml', 'spec.template.spec.containers[0].ports[0]']] as const) {
  const x = resolveManifestPath(r, f, p);
  console.log(f, p, 'error' in x ? x : { file: x.file, s: x.startLine, e: x.endLine, text: x.text });
}
console.log(r.registry.closest('deployment/api.replicaz'));
