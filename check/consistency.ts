/**
 * Rule INCONSISTENT: config sources that must agree with each other.
 * Each finding points at the config line that is out of step and names the
 * other side in the message.
 */
import type { ExtractResult } from '../engine/index.ts';
import type { Source, Workload } from '../engine/index.ts';
import type { Finding } from './finding.ts';

const ipv4 = /^(\d{1,3}\.){3}\d{1,3}$/;

function portRange(p: string): [number, number] | null {
  const m = /^(\d+)(?:[:-](\d+))?$/.exec(p);
  return m ? [Number(m[1]), Number(m[2] ?? m[1])] : null;
}

function matches(
  labels: Record<string, string>,
  selector: Record<string, string>,
  exprs: { key: string; operator: string; values: string[] }[] = [],
): boolean {
  if (!Object.entries(selector).every(([k, v]) => labels[k] === v)) return false;
  return exprs.every((e) =>
    e.operator === 'In'
      ? e.values.includes(labels[e.key])
      : e.operator === 'NotIn'
        ? !e.values.includes(labels[e.key])
        : e.operator === 'Exists'
          ? e.key in labels
          : e.operator === 'DoesNotExist'
            ? !(e.key in labels)
            : true,
  );
}

export function checkConsistency(result: ExtractResult): Finding[] {
  const ex = result.extracted;
  const out: Finding[] = [];
  const add = (src: Source, message: string, hint: string, other?: Source) =>
    out.push({
      code: 'INCONSISTENT',
      file: src.file,
      line: src.line,
      col: 1,
      message,
      hint,
      config: other,
    });
  const nodeIps = new Set(ex.nodes.map((n) => n.publicIp));
  const entry = ex.traefik?.entrypoints ?? [];

  // UFW open ports vs what listens: host listeners and exposed Traefik entrypoints.
  if (ex.ufw) {
    for (const r of ex.ufw.rules) {
      const range = portRange(r.port);
      if (!range) continue;
      const proto = r.protocol.toLowerCase();
      const listener = ex.hostListeners.find((l) => {
        const lr = portRange(l.port);
        return (
          lr &&
          lr[0] <= range[0] &&
          range[1] <= lr[1] &&
          (proto === 'any' || l.protocol.toLowerCase() === proto)
        );
      });
      const ep = entry.find((e) => e.port >= range[0] && e.port <= range[1]);
      if (!listener && !ep)
        add(
          r.source,
          `UFW rule \`${r.name}\` opens ${r.port}/${r.protocol}, but no Traefik entrypoint or host listener uses that port.`,
          'Close the port (remove the rule) or add the service that listens on it to the Traefik values or the node inventory.',
        );
      if (ep && !ep.exposed)
        add(
          r.source,
          `UFW rule \`${r.name}\` opens ${r.port}/${r.protocol} for Traefik's \`${ep.name}\` entrypoint, which is not exposed.`,
          'Expose the entrypoint in the HelmChartConfig or remove the UFW rule.',
          ep.source,
        );
      // Inter-node rules: single addresses must be node IPs, and every node must be allowed.
      const singles = r.from.filter((f) => ipv4.test(f.replace(/\/32$/, '')));
      if (singles.length) {
        for (const ip of singles)
          if (!nodeIps.has(ip.replace(/\/32$/, '')))
            add(
              r.source,
              `UFW rule \`${r.name}\` allows ${ip}, which is not the public IP of any node in the inventory.`,
              "Update the rule to the nodes' current IPs (hosts/nodes.yaml).",
              ex.nodes[0]?.source,
            );
        for (const n of ex.nodes)
          if (!singles.some((s) => s.replace(/\/32$/, '') === n.publicIp))
            add(
              r.source,
              `UFW rule \`${r.name}\` does not allow node \`${n.sshAlias}\` (${n.publicIp}).`,
              "Add the node's IP to the rule's sources, or the cluster will not be able to reach it on this port.",
              n.source,
            );
      }
    }
    for (const e of entry) {
      if (!e.exposed) continue;
      const allowed = ex.ufw.rules.some((r) => {
        const range = portRange(r.port);
        return range && range[0] <= e.port && e.port <= range[1];
      });
      if (!allowed)
        add(
          e.source,
          `Traefik entrypoint \`${e.name}\` is exposed on port ${e.port}, but UFW does not allow that port.`,
          "Add a UFW rule for the port (from Cloudflare's ranges for public traffic) or stop exposing the entrypoint.",
          ex.ufw.source,
        );
    }
  }

  // Cloudflare DNS vs node IPs, and DNS hosts vs ingress hosts.
  if (ex.cloudflare) {
    const byHost = new Map<string, string[]>();
    for (const d of ex.cloudflare.dns) {
      if (d.type === 'A') {
        (byHost.get(d.name) ?? byHost.set(d.name, []).get(d.name)!).push(d.content);
        if (ex.nodes.length && !nodeIps.has(d.content))
          add(
            d.source,
            `DNS record ${d.name} → ${d.content} points at no node in the inventory.`,
            'Point the record at a current node IP (hosts/nodes.yaml) or delete it.',
            ex.nodes[0].source,
          );
      }
    }
    for (const [host, ips] of byHost) {
      for (const n of ex.nodes)
        if (!ips.includes(n.publicIp))
          add(
            ex.cloudflare.dns.find((d) => d.name === host)!.source,
            `${host} has no A record for node \`${n.sshAlias}\` (${n.publicIp}).`,
            'Add the record so Cloudflare spreads requests over every node.',
            n.source,
          );
    }
    for (const r of ex.routes)
      if (r.applied && !byHost.has(r.host) && !ex.cloudflare.dns.some((d) => d.name === r.host))
        add(
          r.source,
          `Ingress host ${r.host} has no DNS record in the ${ex.cloudflare.zone} zone.`,
          'Add a proxied DNS record for the host, or remove the route.',
          ex.cloudflare.source,
        );
    for (const host of byHost.keys())
      if (ex.routes.length && !ex.routes.some((r) => r.host === host))
        add(
          ex.cloudflare.dns.find((d) => d.name === host)!.source,
          `DNS host ${host} is routed by no Ingress or IngressRoute.`,
          'Add a route for the host or delete the DNS records.',
        );
  }

  const podsOf = (
    ns: string,
    selector: Record<string, string>,
    exprs: { key: string; operator: string; values: string[] }[] = [],
  ) =>
    ex.workloads.filter(
      (w) => w.namespace === ns && w.applied && matches(w.podLabels, selector, exprs),
    );
  const containerPorts = (ws: Workload[]) =>
    new Set(
      ws.flatMap((w) =>
        w.containers.flatMap((c) =>
          c.ports.flatMap((p) => [String(p.containerPort), p.name ?? '']),
        ),
      ),
    );

  // Services whose selector matches no pod; routes to missing Services or ports.
  for (const s of ex.services) {
    if (!s.applied || !Object.keys(s.selector).length) continue;
    const pods = podsOf(s.namespace, s.selector);
    if (!pods.length)
      add(
        s.source,
        `Service \`${s.name}\` selects ${Object.entries(s.selector)
          .map(([k, v]) => `${k}=${v}`)
          .join(', ')}, which matches no pod.`,
        'Fix the selector or the pod template labels; the Service has no endpoints.',
      );
    else
      for (const p of s.ports)
        if (!containerPorts(pods).has(String(p.targetPort)))
          add(
            s.source,
            `Service \`${s.name}\` targets port ${p.targetPort}, which no selected container exposes.`,
            'Match targetPort to a containerPort (or its name).',
            pods[0].source,
          );
  }
  for (const r of ex.routes) {
    if (!r.applied) continue;
    const s = ex.services.find((x) => x.namespace === r.namespace && x.name === r.service);
    if (!s)
      add(
        r.source,
        `Route for ${r.host} sends traffic to Service \`${r.service}\`, which does not exist.`,
        "Create the Service or fix the route's service name.",
      );
    else if (r.port !== null && !s.ports.some((p) => p.port === r.port || p.name === r.port))
      add(
        r.source,
        `Route for ${r.host} uses port ${r.port} of Service \`${r.service}\`, which has ports ${s.ports.map((p) => p.port).join(', ')}.`,
        "Use one of the Service's ports.",
        s.source,
      );
    for (const m of r.middlewares)
      if (
        r.kind === 'IngressRoute' &&
        !ex.middlewares.some((x) => x.name === m && x.namespace === r.namespace)
      )
        add(
          r.source,
          `Route for ${r.host} uses middleware \`${m}\`, which is not defined in namespace ${r.namespace}.`,
          'Define the Middleware or remove it from the route.',
        );
    if (
      r.tlsSecret &&
      ex.secrets.length &&
      !ex.secrets.some((x) => x.name === r.tlsSecret && x.namespace === r.namespace)
    )
      add(
        r.source,
        `Route for ${r.host} uses TLS secret \`${r.tlsSecret}\`, which no Secret template declares.`,
        'Add the Secret template (key names only) or fix the name.',
      );
  }

  // NetworkPolicy ports vs the ports the selected (or peer) pods expose.
  for (const p of ex.networkPolicies) {
    if (!p.applied) continue;
    const selected = podsOf(p.namespace, p.podSelector, p.podSelectorExpressions);
    for (const rule of p.ingress) {
      const have = containerPorts(selected);
      for (const port of rule.ports)
        if (port.port !== null && selected.length && !have.has(String(port.port)))
          add(
            rule.source,
            `NetworkPolicy \`${p.name}\` allows ingress on port ${port.port}, which none of the pods it selects (${selected.map((w) => w.name).join(', ')}) listens on.`,
            'Match the policy port to the container or Service target port.',
            selected[0].source,
          );
    }
    for (const rule of p.egress) {
      for (const peer of rule.peers) {
        if (!peer.podSelector || peer.namespaceSelector) continue;
        const peers = podsOf(p.namespace, peer.podSelector, peer.podSelectorExpressions);
        const have = containerPorts(peers);
        for (const port of rule.ports)
          if (port.port !== null && peers.length && !have.has(String(port.port)))
            add(
              rule.source,
              `NetworkPolicy \`${p.name}\` allows egress to ${peers.map((w) => w.name).join(', ')} on port ${port.port}, which they do not listen on.`,
              "Match the policy port to the peer's container port.",
              peers[0].source,
            );
      }
    }
  }

  // Ports the app is configured to dial (ConfigMap keys ending in _PORT) vs the egress
  // NetworkPolicies that select its pods: a port nobody allows is a connection that hangs.
  for (const w of ex.workloads) {
    if (!w.applied) continue;
    const egress = ex.networkPolicies.filter(
      (p) =>
        p.applied &&
        p.namespace === w.namespace &&
        p.policyTypes.includes('Egress') &&
        matches(w.podLabels, p.podSelector, p.podSelectorExpressions),
    );
    if (!egress.length) continue;
    const rules = egress.flatMap((p) => p.egress);
    const allowed = (port: number) =>
      rules.some((r) => r.ports.length === 0 || r.ports.some((x) => x.port === port));
    const reported = new Set<string>();
    for (const c of w.containers) {
      const reads = [
        ...c.envFromConfigMaps.flatMap((name) =>
          (
            ex.configMaps.find((m) => m.namespace === w.namespace && m.name === name)?.data ?? []
          ).map((d) => ({ cm: name, d })),
        ),
        ...c.configMapKeyRefs.flatMap((ref) =>
          (
            ex.configMaps.find((m) => m.namespace === w.namespace && m.name === ref.configMap)
              ?.data ?? []
          )
            .filter((d) => d.key === ref.key)
            .map((d) => ({ cm: ref.configMap, d })),
        ),
      ];
      for (const { cm, d } of reads) {
        if (!/_PORT$/i.test(d.key) || !/^\d{1,5}$/.test(d.value) || reported.has(d.key)) continue;
        if (allowed(Number(d.value))) continue;
        reported.add(d.key);
        add(
          d.source,
          `\`${d.key}\` in ConfigMap \`${cm}\` is ${d.value}, which ${w.name} dials, but no egress NetworkPolicy selecting ${w.name} (${egress.map((p) => p.name).join(', ')}) allows port ${d.value}.`,
          "Allow the port in the workload's egress policy, or correct the setting.",
          (egress.find((p) => p.egress.length) ?? egress[0]).source,
        );
      }
    }
  }

  // nodeSelector labels vs node labels.
  if (ex.nodes.length) {
    for (const w of ex.workloads) {
      if (!w.applied || !Object.keys(w.nodeSelector).length) continue;
      if (!ex.nodes.some((n) => matches(n.labels, w.nodeSelector)))
        add(
          w.source,
          `${w.kind} \`${w.name}\` requires nodes labelled ${Object.entries(w.nodeSelector)
            .map(([k, v]) => `${k}=${v}`)
            .join(', ')}, and no node in the inventory has that label.`,
          'Label a node (kubectl label node …) and record it in hosts/nodes.yaml, or change the nodeSelector; otherwise the pod stays Pending.',
          ex.nodes[0].source,
        );
    }
  }

  // PDBs vs replicas; HPA bounds vs replicas.
  for (const p of ex.pdbs) {
    if (!p.applied) continue;
    const ws = podsOf(p.namespace, p.selector);
    if (!ws.length) {
      add(
        p.source,
        `PodDisruptionBudget \`${p.name}\` selects no pods.`,
        'Fix the selector, or delete the budget.',
      );
      continue;
    }
    const replicas = ws.reduce((s, w) => s + (w.replicas ?? 0), 0);
    const min =
      typeof p.minAvailable === 'string' && p.minAvailable.endsWith('%')
        ? Math.ceil((replicas * Number(p.minAvailable.slice(0, -1))) / 100)
        : typeof p.minAvailable === 'number'
          ? p.minAvailable
          : null;
    if (min !== null && replicas > 0 && min >= replicas)
      add(
        p.source,
        `PodDisruptionBudget \`${p.name}\` keeps ${min} of ${replicas} pod${replicas === 1 ? '' : 's'} available, so no pod can ever be evicted and every drain of its node blocks.`,
        `Lower minAvailable below the replica count (${Math.max(0, replicas - 1)} or less), or add replicas.`,
        ws[0].source,
      );
  }
  for (const h of ex.hpas) {
    if (h.minReplicas > h.maxReplicas)
      add(
        h.source,
        `HPA \`${h.name}\` has minReplicas ${h.minReplicas} above maxReplicas ${h.maxReplicas}.`,
        'Swap or fix the bounds.',
      );
    const w = ex.workloads.find(
      (x) => x.namespace === h.namespace && x.kind === h.target.kind && x.name === h.target.name,
    );
    if (!w)
      add(
        h.source,
        `HPA \`${h.name}\` scales ${h.target.kind} \`${h.target.name}\`, which does not exist.`,
        'Point scaleTargetRef at an existing workload.',
      );
    else if (w.replicas !== null && (w.replicas < h.minReplicas || w.replicas > h.maxReplicas))
      add(
        h.source,
        `HPA \`${h.name}\` keeps ${h.target.name} between ${h.minReplicas} and ${h.maxReplicas} replicas, but the ${w.kind} asks for ${w.replicas}.`,
        "Bring the Deployment's replicas inside the HPA bounds, or change the bounds.",
        w.source,
      );
  }

  // Config and secrets that pods reference must be defined.
  for (const w of ex.workloads) {
    if (!w.applied) continue;
    for (const c of w.containers) {
      for (const cm of c.envFromConfigMaps)
        if (!ex.configMaps.some((x) => x.namespace === w.namespace && x.name === cm))
          add(
            c.source,
            `Container \`${w.name}/${c.name}\` reads ConfigMap \`${cm}\`, which is not defined.`,
            'Define the ConfigMap or fix the name.',
          );
      for (const ref of c.configMapKeyRefs) {
        const cm = ex.configMaps.find(
          (x) => x.namespace === w.namespace && x.name === ref.configMap,
        );
        if (cm && !cm.data.some((d) => d.key === ref.key))
          add(
            c.source,
            `Container \`${w.name}/${c.name}\` reads key \`${ref.key}\` of ConfigMap \`${ref.configMap}\`, which has no such key.`,
            'Add the key to the ConfigMap or fix the reference.',
            cm.source,
          );
      }
      for (const ref of c.secretKeyRefs) {
        const s = ex.secrets.find((x) => x.namespace === w.namespace && x.name === ref.secret);
        if (ex.secrets.length && !s)
          add(
            c.source,
            `Container \`${w.name}/${c.name}\` reads Secret \`${ref.secret}\`, which no template declares.`,
            'Add the Secret template (key names only) or fix the name.',
          );
        else if (s && !s.keys.some((k) => k.key === ref.key))
          add(
            c.source,
            `Container \`${w.name}/${c.name}\` reads key \`${ref.key}\` of Secret \`${ref.secret}\`, which the template does not declare.`,
            'Add the key name to the Secret template or fix the reference.',
            s.source,
          );
      }
    }
  }
  return out;
}
