/**
 * Appendix B's command index: every tool invocation in every procedure, named
 * by tool and subcommand (`kubectl drain`, `hcloud server reset`, `k3s crictl rmi`),
 * each linked to the command blocks that use it. The index names commands; the
 * blocks themselves live once, on their procedure's page. The naming and the tools'
 * ids are mdx/commands.ts's, which the drift check uses too.
 */
import { commandInvocations, commandTool } from '../../mdx/index.ts';
import { procedures, type Procedure, type ProcedureCommand } from './procedures.ts';
import { facts } from './facts.ts';
import { memoOn } from './process-store.ts';

export interface IndexEntry {
  command: string;
  /** Every block that runs the command, in Runbooks order. */
  uses: { procedure: Procedure; block: ProcedureCommand }[];
}

/** The procedures that run a command, each with the first of its blocks that does. */
export function byProcedure(
  e: IndexEntry,
): { procedure: Procedure; block: ProcedureCommand; count: number }[] {
  const out = new Map<string, { procedure: Procedure; block: ProcedureCommand; count: number }>();
  for (const u of e.uses) {
    const seen = out.get(u.procedure.id);
    if (seen) seen.count++;
    else out.set(u.procedure.id, { ...u, count: 1 });
  }
  return [...out.values()];
}

/**
 * Every command name, alphabetically within its tool, with the blocks that run it; computed
 * once per procedures and facts (Appendix B's table of contents and its page both read it).
 */
export const commandIndex: () => { tool: string; entries: IndexEntry[] }[] = memoOn(
  () => [procedures(), facts()],
  computeCommandIndex,
);

function computeCommandIndex(): { tool: string; entries: IndexEntry[] }[] {
  const byCommand = new Map<string, IndexEntry>();
  for (const p of procedures())
    for (const block of p.commands)
      for (const command of commandInvocations(block.code)) {
        const e =
          byCommand.get(command) ?? byCommand.set(command, { command, uses: [] }).get(command)!;
        e.uses.push({ procedure: p, block });
      }
  const tools = new Map<string, IndexEntry[]>();
  for (const e of [...byCommand.values()].sort((a, b) => a.command.localeCompare(b.command))) {
    const tool = commandTool(e.command);
    (tools.get(tool) ?? tools.set(tool, []).get(tool)!).push(e);
  }
  return [...tools.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([tool, entries]) => ({ tool, entries }));
}
