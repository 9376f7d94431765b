/** Port ranges as UFW and the node inventory write them: `443`, `6443`, `30000:32767`, `8000-8080`. */
export function portRange(p: string): [number, number] | null {
  const m = /^(\d+)(?:[:-](\d+))?$/.exec(p);
  return m ? [Number(m[1]), Number(m[2] ?? m[1])] : null;
}

export const IPV4 = /^(\d{1,3}\.){3}\d{1,3}$/;

/** The single addresses of a UFW rule's sources (`10.0.0.1`, `10.0.0.1/32`). */
export const singleAddresses = (from: string[]): string[] =>
  from.map((f) => f.replace(/\/32$/, '')).filter((f) => IPV4.test(f));
