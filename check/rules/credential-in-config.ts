/**
 * A credential written into the manifests: a Secret with real values, an env
 * value, ConfigMap entry or argument whose name says credential, a password
 * inside a URL, or an annotation that carries a Secret. The engine blanks
 * each one at load (so the site never shows it) and lists it in
 * `redactions`; this rule makes each one a finding at the manifest line.
 */
import type { RedactionKind } from '../../engine/index.ts';
import { defineRule } from '../rule.ts';

const MESSAGE: Record<RedactionKind, string> = {
  'secret-value': 'secret',
  'env-credential': 'env',
  'configmap-credential': 'configMap',
  'arg-credential': 'arg',
  'embedded-credential': 'embedded',
  'serialized-annotation': 'annotation',
  'managed-fields': 'annotation',
  'patch-value': 'patch',
};

export default defineRule({
  meta: {
    id: 'credential-in-config',
    code: 'CREDENTIAL_IN_CONFIG',
    description:
      'A literal credential in the manifests: a Secret with real values, a credential in an env value, ConfigMap entry, argument or URL, or an annotation that carries a Secret. The site never shows it (the engine blanks it at load), but it is committed.',
    messages: {
      secret:
        'A Secret{{where}} holds a real value for `{{name}}`; the templates in the repository hold key names only.',
      env: 'The env variable `{{name}}`{{where}} holds a literal credential.',
      configMap: 'A ConfigMap{{where}} holds a credential in `{{name}}`.',
      arg: 'An argument{{where}} passes a literal credential (`{{name}}`).',
      embedded:
        '`{{name}}`{{where}} holds a literal credential inside an embedded document (Helm values, a config file).',
      annotation: 'The annotation `{{name}}`{{where}} carries a Secret with its values.',
      patch: 'A patch writes a literal value into `{{name}}` of a Secret or ConfigMap.',
    },
    hints: {
      secret:
        'Blank the value (`{{name}}: ""`) and create the real Secret on the cluster (kubectl create secret … --dry-run=client -o yaml | kubectl apply -f -); rotate the credential, it is in the history.',
      env: 'Put the value in a Secret and read it with `valueFrom: { secretKeyRef: { name: …, key: {{name}} } }`; rotate the credential, it is in the history.',
      configMap:
        'Move the entry into a Secret and read it with `secretKeyRef` (or `envFrom: secretRef`); rotate the credential.',
      arg: 'Read the credential from an env variable filled by `secretKeyRef` and pass `$(VAR)` in the argument; rotate the credential.',
      embedded:
        'Put the value in a Secret and point the chart or program at it (an `existingSecret`-style setting, or a file mounted from the Secret); rotate the credential.',
      annotation:
        'Delete the annotation (`kubectl get -o yaml` writes it; it is not config) and keep the Secret a key-name template.',
      patch:
        'Keep credentials out of patches: create the Secret on the cluster (or with a secretGenerator from a file that is not committed) and rotate the value.',
    },
    fix: 'Move the value into a Secret created on the cluster and read it with `secretKeyRef`; rotate it.',
    docs: '#rule-credential-in-config',
  },
  create(context) {
    return {
      configEnd() {
        for (const r of context.result.redactions ?? []) {
          if (!r.credential) continue;
          context.report({
            messageId: MESSAGE[r.kind] ?? 'env',
            data: { name: r.name, where: r.object ? ` of \`${r.object}\`` : '' },
            file: r.file,
            line: r.line,
            col: r.col,
          });
        }
      },
    };
  },
});
