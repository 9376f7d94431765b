/**
 * A RoleBinding whose roleRef names a Role grants nothing when no Role of that name is in the
 * binding's namespace: the RBAC authorizer resolves a Role in the binding's own namespace only
 * (plugin/pkg/auth/authorizer/rbac: GetRoleReferenceRules). Judged when the manifests define
 * roles at all, in a namespace they own (kube-system's own Roles, such as
 * `extension-apiserver-authentication-reader`, always exist). A ClusterRole may come with the cluster (`view`, `edit`, `admin`,
 * `cluster-admin`, `system:*`) or another install, so a ref to one is judged only when it is
 * not built in and the manifests define a ClusterRole of a name one or two letters off.
 */
import { distance, nearest, type Role, type RoleBinding } from '../../engine/index.ts';
import { defineRule } from '../rule.ts';

const BUILT_IN = new Set(['view', 'edit', 'admin', 'cluster-admin']);

/**
 * The Roles the API server makes in its own namespaces
 * (plugin/pkg/auth/authorizer/rbac/bootstrappolicy/namespace_policy.go).
 */
const builtInRole = (namespace: string, name: string) =>
  (namespace === 'kube-system' || namespace === 'kube-public') &&
  (name === 'extension-apiserver-authentication-reader' || name.startsWith('system:'));

export default defineRule({
  meta: {
    id: 'dangling-role-ref',
    code: 'INCONSISTENT',
    description:
      'A RoleBinding names a Role its namespace does not define, or a binding names a ClusterRole one or two letters off one the manifests define.',
    messages: {
      role: '{{kind}} `{{name}}` grants Role `{{role}}`, which no manifest defines in {{namespace}}.',
      clusterRole:
        '{{kind}} `{{name}}` grants ClusterRole `{{role}}`, which is not built in and no manifest defines; the manifests define `{{closest}}`.',
    },
    hints: {
      role: 'Name a Role of the namespace ({{roles}}), or define `{{role}}` there (and list it in kustomization.yaml).',
      clusterRole: 'Name `{{closest}}`, or define `{{role}}` (and list it in kustomization.yaml).',
    },
    fix: 'Name a role the manifests define in the binding’s namespace.',
    docs: '#rule-dangling-role-ref',
  },
  create(context) {
    const { ex } = context;
    const applied = ex.roles.filter((r) => r.applied);
    /** At the roleRef's name; the other side is the role of the closest name, if any. */
    const report = (
      b: RoleBinding,
      messageId: string,
      data: Record<string, string>,
      at: Role | undefined,
    ) =>
      context.report({
        messageId,
        data: { kind: b.kind, name: b.name, role: b.roleRef.name, ...data },
        ...b.roleRef.source,
        ...(at ? { config: at.source } : {}),
      });
    return {
      roleBinding(b) {
        if (!b.applied || !ex.roles.length || !b.roleRef.name) return;
        const ref = b.roleRef;
        if (ref.kind === 'Role' && b.namespace !== null) {
          if (!context.shared.ownedNamespaces().has(b.namespace)) return;
          if (builtInRole(b.namespace, ref.name)) return;
          const here = applied.filter((r) => r.kind === 'Role' && r.namespace === b.namespace);
          if (here.some((r) => r.name === ref.name)) return;
          const [closest] = nearest(
            ref.name,
            here.map((r) => r.name),
            1,
          );
          report(
            b,
            'role',
            { namespace: b.namespace, roles: here.map((r) => r.name).join(', ') || 'none yet' },
            here.find((r) => r.name === closest),
          );
        } else if (ref.kind === 'ClusterRole') {
          if (BUILT_IN.has(ref.name) || ref.name.startsWith('system:')) return;
          const cluster = applied.filter((r) => r.kind === 'ClusterRole');
          if (cluster.some((r) => r.name === ref.name)) return;
          const [closest] = nearest(
            ref.name,
            cluster.map((r) => r.name),
            1,
          );
          if (closest === undefined || distance(ref.name, closest, 3) > 2) return;
          report(
            b,
            'clusterRole',
            { closest },
            cluster.find((r) => r.name === closest),
          );
        }
      },
    };
  },
});
