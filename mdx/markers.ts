/**
 * Markers are MDX expression comments, on one line or spread over several:
 *
 *   {/* assume: deployment/worker.replicas == 1 *\/}
 *   {/* drift-ignore: Swarm-era value, history *\/}
 *   {/* drift-ignore hardcoded-value, hardcoded-port: the scaffold's port, history *\/}
 *
 * The bare drift-ignore form names no rule (the check decides what it covers).
 */

export type ParsedMarker =
  | { kind: 'assume'; expr: string }
  | { kind: 'ignore'; rules: string[]; reason: string }
  | { kind: 'bad'; text: string }
  | null;

/** The comment inside an expression that holds only a comment, or null. */
export function commentBody(expression: string): string | null {
  const m = /^\s*\/\*([\s\S]*?)\*\/\s*$/.exec(expression);
  return m && !m[1].includes('*/') ? m[1] : null;
}

/** Reads a marker from a comment's body; null when the comment is not a marker. */
export function parseMarker(body: string): ParsedMarker {
  const b = body.replace(/\s+/g, ' ').trim();
  const assume = /^assume\s*:\s*(.*)$/.exec(b);
  if (assume) return { kind: 'assume', expr: assume[1].trim() };
  if (!/^drift-ignore\b/.test(b)) return null;
  const ignore = /^drift-ignore((?:\s+[a-z0-9-]+\s*,?)*)\s*:\s*(.*)$/.exec(b);
  if (!ignore)
    return b === 'drift-ignore'
      ? { kind: 'ignore', rules: [], reason: '' }
      : { kind: 'bad', text: b };
  const rules = ignore[1]
    .split(/[\s,]+/)
    .map((r) => r.trim())
    .filter(Boolean);
  return { kind: 'ignore', rules, reason: ignore[2].trim() };
}
