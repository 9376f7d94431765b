import type { DnsRecord, Extracted } from '../../engine/index.ts';

/** The zone's A records grouped by host name, in file order. */
export function aRecordsByHost(ex: Extracted): Map<string, DnsRecord[]> {
  const byHost = new Map<string, DnsRecord[]>();
  for (const d of ex.cloudflare?.dns ?? [])
    if (d.type === 'A') (byHost.get(d.name) ?? byHost.set(d.name, []).get(d.name)!).push(d);
  return byHost;
}
