import type { Pdb, Workload } from '../../engine/index.ts';

/** The pods a budget keeps available, as a count: minAvailable as a number or a share of replicas (rounded up, as the disruption controller does). */
export function minAvailable(p: Pdb, replicas: number): number | null {
  if (typeof p.minAvailable === 'number') return p.minAvailable;
  if (typeof p.minAvailable === 'string' && p.minAvailable.endsWith('%'))
    return Math.ceil((replicas * Number(p.minAvailable.slice(0, -1))) / 100);
  return null;
}

export const totalReplicas = (ws: Workload[]): number =>
  ws.reduce((s, w) => s + (w.replicas ?? 0), 0);
