/**
 * Schemas of the book's own kinds (`apiVersion: book.honeydue.dev/v1`), with
 * zod. A violation is bad input at the field's file:line:col: a missing field
 * is MISSING_FIELD, a value of the wrong type WRONG_TYPE, anything else
 * INVALID_FIELD. The spec types the modules read are inferred from these.
 */
import { z } from 'zod';
import { inputError, type InputError } from '../../errors.ts';
import type { ObjectView, PathSeg } from '../../load.ts';

const text = z.string().min(1);
/** A quantity as YAML gives it: `8Gi`, or a bare number. */
const quantity = z.union([z.string().min(1), z.number()]);
const price = z.object({
  amount: z.number().nonnegative(),
  currency: z.string().length(3).optional(),
  asOf: z.union([z.string(), z.number()]).optional(),
});
const port = z.union([z.number().int().min(0).max(65535), z.string().regex(/^\d+(:\d+)?$/)]);

/** What every node has, from its own entry or the inventory's defaults. */
const nodeFields = {
  instanceType: text,
  vcpu: z.number().int().positive(),
  memory: quantity,
  disk: quantity,
  diskType: text,
  monthlyPrice: price,
  os: text,
  k3s: text,
  containerd: text,
  roles: z.array(text),
  sshUser: text,
  sshPort: z.number().int().positive(),
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

export const NodeInventorySpec = z
  .object({
    provider: text,
    location: z.object({ code: text, city: text.optional(), country: text.optional() }),
    defaults: z.object(nodeFields).partial().default({}),
    nodes: z
      .array(
        z.object({
          sshAlias: z
            .string()
            .regex(/^[A-Za-z0-9][\w.-]*$/, 'an SSH host alias (letters, digits, `.`, `-`, `_`)'),
          publicIp: z.ipv4(),
          hostname: text,
          labels: z.record(z.string(), z.string()).optional(),
          ...z.object(nodeFields).partial().shape,
        }),
      )
      .min(1),
    hostListeners: z
      .array(z.object({ name: text, port, protocol: z.enum(['tcp', 'udp']).optional() }))
      .optional(),
    clusterCidr: z.cidrv4().optional(),
    serviceCidr: z.cidrv4().optional(),
    kubeconfig: text.optional(),
    sysctls: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  })
  .superRefine((spec, ctx) => {
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
  });

export const UfwPolicySpec = z.object({
  appliesTo: z.union([z.literal('all'), z.array(text)]).optional(),
  defaults: z.record(z.string(), z.string()).default({}),
  rules: z.array(
    z.object({
      name: text.optional(),
      port: z.union([port, z.literal('any')]).optional(),
      protocol: z.enum(['tcp', 'udp', 'any']).optional(),
      from: z.array(text).min(1),
      comment: z.string().optional(),
      why: z.string().optional(),
    }),
  ),
});

export const CloudflareZoneSpec = z.object({
  zone: text,
  plan: text,
  ssl: z.object({
    mode: z.enum(['off', 'flexible', 'full', 'strict', 'origin_pull']),
    minTlsVersion: z.string().optional(),
    alwaysUseHttps: z.boolean().optional(),
  }),
  originCertificate: z.record(z.string(), z.union([z.string(), z.array(z.string())])).optional(),
  dns: z.array(
    z.object({
      type: z.enum(['A', 'AAAA', 'CNAME', 'TXT', 'MX', 'NS', 'CAA', 'SRV']),
      name: text,
      content: text,
      proxied: z.boolean().optional(),
    }),
  ),
});

const item = z.looseObject({ id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'a lower-case id') });
export const ExternalServicesSpec = z.looseObject({
  services: z.array(item).optional(),
  software: z.array(item).optional(),
  alternativesPriced: z.array(item).optional(),
});

export type NodeInventory = z.infer<typeof NodeInventorySpec>;
export type NodeFieldName = keyof typeof nodeFields;

/** Validates an object's `spec`; each issue becomes an error at the field it names. */
export function validateSpec(v: ObjectView, schema: z.ZodType, errors: InputError[]): boolean {
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
