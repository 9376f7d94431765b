/**
 * The frontmatter of a procedure page (`src/content/docs/runbooks/*.mdx`), one
 * schema for the content collection and for the Node-side reader in book.ts.
 */
import { z } from 'astro/zod';

/** The symptom groups of the Runbooks page, in the order an operator scans them. */
export const PROCEDURE_GROUPS = [
  { id: 'start', title: 'Start here' },
  { id: 'errors', title: 'Users see errors' },
  { id: 'pods', title: 'Pods do not run' },
  { id: 'nodes', title: 'A node is in trouble' },
  { id: 'data', title: 'Redis, jobs and the database' },
  { id: 'network', title: 'Network and edge' },
  { id: 'changes', title: 'Planned changes' },
  { id: 'checks', title: 'Checks and look-ups' },
] as const;

export type ProcedureGroup = (typeof PROCEDURE_GROUPS)[number]['id'];

const groupIds = PROCEDURE_GROUPS.map((g) => g.id) as [ProcedureGroup, ...ProcedureGroup[]];

export const PROCEDURE_KINDS = ['incident', 'change', 'check'] as const;
export type ProcedureKind = (typeof PROCEDURE_KINDS)[number];

/** How each kind is named: in the Runbooks page's list (short) and on the procedure's page. */
export const KIND_LABELS: Record<ProcedureKind, { short: string; long: string }> = {
  incident: { short: 'Incident', long: 'Incident: diagnose first, then act' },
  change: { short: 'Planned change', long: 'Planned change' },
  check: { short: 'Read-only', long: 'Read-only check' },
};

export const procedureSchema = z.object({
  /** Which symptom group of the Runbooks page lists the procedure. */
  group: z.enum(groupIds),
  /** Position inside its group; lower comes first. */
  order: z.number().int(),
  /**
   * `incident`: something is wrong now (diagnosis first, then steps, verify, back out).
   * `change`: planned work (steps, verify, back out). `check`: read-only look-ups.
   */
  kind: z.enum(PROCEDURE_KINDS),
  /** What the operator sees that sends them here, in their words. */
  symptoms: z.array(z.string().min(1)).min(1),
  /** The words operators type into search for this incident (502, locked out, disk full…); YAML numbers count as words. */
  keywords: z.array(z.coerce.string().min(1)).default([]),
});

export type ProcedureData = z.infer<typeof procedureSchema>;
