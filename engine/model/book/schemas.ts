/**
 * Schemas of the book's own kinds (`apiVersion: book.honeydue.dev/v1`), with
 * zod's tree-shakable build (zod/mini: the check loads its English messages and
 * the schemas below, not the whole library). A violation is bad input at the
 * field's file:line:col: a missing field is MISSING_FIELD, a value of the wrong
 * type WRONG_TYPE, anything else INVALID_FIELD. The spec types the modules read
 * are inferred from these.
 */
import * as z from 'zod/mini';
import { en } from 'zod/locales';
import { inputError, type InputError } from '../../errors.ts';
import type { ObjectView, PathSeg } from '../../load.ts';

// The messages of INVALID_FIELD (`Too small: expected …`), as zod's full build words them.
z.config(en());

const text = z.string().check(z.minLength(1));
/** A quantity as YAML gives it: `8Gi`, or a bare number. */
const quantity = z.union([text, z.number()]);
const price = z.object({
  amount: z.number().check(z.nonnegative()),
  currency: z.optional(z.string().check(z.length(3))),
  asOf: z.optional(z.union([z.string(), z.number()])),
});
const port = z.union([
  z.int().check(z.gte(0), z.lte(65535)),
  z.string().check(z.regex(/^\d+(:\d+)?$/)),
]);

/** What every node has, from its own entry or the inventory's defaults. */
const nodeFields = {
  instanceType: text,
  vcpu: z.int().check(z.positive()),
  memory: quantity,
  disk: quantity,
  diskType: text,
  monthlyPrice: price,
  os: text,
  k3s: text,
  containerd: text,
  roles: z.array(text),
  sshUser: text,
  sshPort: z.int().check(z.positive()),
};
/** A node is not complete without these, once defaults are applied. */
const REQUIRED_PER_NODE = [
  'instanceType',
  'vcpu',
  'memory',
  'disk',
  'os',
  'k3s',
  'containerd',
] as const;

const partialNode = z.partial(z.object(nodeFields));

export const NodeInventorySpec = z
  .object({
    provider: text,
    location: z.object({ code: text, city: z.optional(text), country: z.optional(text) }),
    defaults: z._default(partialNode, {}),
    nodes: z
      .array(
        z.object({
          sshAlias: z
            .string()
            .check(
              z.regex(/^[A-Za-z0-9][\w.-]*$/, 'an SSH host alias (letters, digits, `.`, `-`, `_`)'),
            ),
          publicIp: z.ipv4(),
          hostname: text,
          labels: z.optional(z.record(z.string(), z.string())),
          ...partialNode.shape,
        }),
      )
      .check(z.minLength(1)),
    hostListeners: z.optional(
      z.array(z.object({ name: text, port, protocol: z.optional(z.enum(['tcp', 'udp'])) })),
    ),
    clusterCidr: z.optional(z.cidrv4()),
    serviceCidr: z.optional(z.cidrv4()),
    kubeconfig: z.optional(text),
    sysctls: z.optional(z.record(z.string(), z.union([z.string(), z.number()]))),
  })
  .check(
    z.superRefine((spec, ctx) => {
      spec.nodes.forEach((node, i) => {
        for (const f of REQUIRED_PER_NODE)
          if (node[f] === undefined && spec.defaults[f] === undefined)
            ctx.addIssue({
              code: 'custom',
              path: ['nodes', i, f],
              message: 'missing',
              params: { missing: true },
            });
      });
    }),
  );

export const UfwPolicySpec = z.object({
  appliesTo: z.optional(z.union([z.literal('all'), z.array(text)])),
  defaults: z._default(z.record(z.string(), z.string()), {}),
  rules: z.array(
    z.object({
      name: z.optional(text),
      port: z.optional(z.union([port, z.literal('any')])),
      protocol: z.optional(z.enum(['tcp', 'udp', 'any'])),
      from: z.array(text).check(z.minLength(1)),
      comment: z.optional(z.string()),
      why: z.optional(z.string()),
    }),
  ),
});

export const CloudflareZoneSpec = z.object({
  zone: text,
  plan: text,
  ssl: z.object({
    mode: z.enum(['off', 'flexible', 'full', 'strict', 'origin_pull']),
    minTlsVersion: z.optional(z.string()),
    alwaysUseHttps: z.optional(z.boolean()),
  }),
  originCertificate: z.optional(z.record(z.string(), z.union([z.string(), z.array(z.string())]))),
  dns: z.array(
    z.object({
      type: z.enum(['A', 'AAAA', 'CNAME', 'TXT', 'MX', 'NS', 'CAA', 'SRV']),
      name: text,
      content: text,
      proxied: z.optional(z.boolean()),
    }),
  ),
});

const item = z.looseObject({
  id: z.string().check(z.regex(/^[a-z0-9][a-z0-9-]*$/, 'a lower-case id')),
});
export const ExternalServicesSpec = z.looseObject({
  services: z.optional(z.array(item)),
  software: z.optional(z.array(item)),
  alternativesPriced: z.optional(z.array(item)),
});

export type NodeInventory = z.infer<typeof NodeInventorySpec>;
export type NodeFieldName = keyof typeof nodeFields;

/** Validates an object's `spec`; each issue becomes an error at the field it names. */
export function validateSpec(v: ObjectView, schema: z.ZodMiniType, errors: InputError[]): boolean {
  const result = schema.safeParse(v.get(['spec']) ?? {}, { reportInput: true });
  if (result.success) return true;
  for (const issue of result.error.issues) {
    const path: PathSeg[] = ['spec', ...(issue.path as PathSeg[])];
    const field = path.join('.');
    const pos = v.loc(path);
    const missing =
      (issue.code === 'invalid_type' && issue.input === undefined) ||
      (issue.code === 'custom' && (issue.params as { missing?: boolean } | undefined)?.missing);
    if (missing) {
      const what = `This ${v.kind} ${typeof path[2] === 'number' ? `entry (${path[1]}[${path[2]}])` : 'spec'}`;
      errors.push(
        inputError('MISSING_FIELD', pos, { field: String(path.at(-1)), what }, v.linesAt(path)),
      );
    } else if (issue.code === 'invalid_type') {
      const input = issue.input;
      const found =
        input !== null && typeof input === 'object'
          ? `a ${Array.isArray(input) ? 'list' : 'mapping'}`
          : `\`${v.text(path) ?? JSON.stringify(input)}\``;
      const params = { field, expected: `a ${issue.expected}`, found, shape: issue.expected };
      errors.push(inputError('WRONG_TYPE', pos, params, v.linesAt(path)));
    } else {
      const problem = issue.message.replace(/^Invalid input: /, '');
      errors.push(inputError('INVALID_FIELD', pos, { field, problem }, v.linesAt(path)));
    }
  }
  return false;
}
