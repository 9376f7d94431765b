/**
 * The settings a container is given: the ConfigMap entries it reads (every key through
 * `envFrom`, one key through `configMapKeyRef`), its literal env values and its command-line
 * flags, each with the config line it comes from.
 */
import type { ConfigMap, Container, Source } from '../../engine/index.ts';
import type { Visitors } from '../rule.ts';

export interface Setting {
  /** How a message names it: "`REDIS_URL` in ConfigMap `honeydue-config`", "env `UPSTREAM`". */
  label: string;
  key: string;
  value: string;
  /** The ConfigMap it comes from; null for a literal env value. */
  configMap: string | null;
  source: Source;
}

/** The ConfigMap entries a container reads, through envFrom or configMapKeyRef. */
export function configMapReads(c: Container, ns: string, maps: readonly ConfigMap[]) {
  const map = (name: string) => maps.find((m) => m.namespace === ns && m.name === name);
  return [
    ...c.envFromConfigMaps.flatMap((cm) => (map(cm)?.data ?? []).map((d) => ({ cm, d }))),
    ...c.configMapKeyRefs.flatMap((ref) =>
      (map(ref.configMap)?.data ?? [])
        .filter((d) => d.key === ref.key)
        .map((d) => ({ cm: ref.configMap, d })),
    ),
  ];
}

/** Every setting a container reads: its ConfigMap entries, then its literal env values. */
export function settingsOf(c: Container, ns: string, maps: readonly ConfigMap[]): Setting[] {
  return [
    ...configMapReads(c, ns, maps).map(({ cm, d }) => ({
      label: `\`${d.key}\` in ConfigMap \`${cm}\``,
      key: d.key,
      value: d.value,
      configMap: cm,
      source: d.source,
    })),
    ...c.env
      .filter((e) => e.from === 'value' && e.value !== null)
      .map((e) => ({
        label: `env \`${e.name}\``,
        key: e.name,
        value: e.value!,
        configMap: null,
        source: e.source,
      })),
  ];
}

/** A container's command-line flags as settings (`-promscrape.config=/config/scrape.yaml`). */
export function flagSettings(c: Container): Setting[] {
  return c.flags.map((f) => ({
    label: `flag \`${f.flag}\``,
    key: f.flag,
    value: f.value,
    configMap: null,
    source: f.source,
  }));
}

/**
 * Visitors that hand every value written into the applied config to `visit`: each ConfigMap
 * entry once (whoever reads it), then each container's literal env values, with how a
 * message names it.
 */
export function configValueVisitors(
  visit: (value: string, where: string, at: Source) => void,
): Pick<Visitors, 'configMap' | 'container'> {
  return {
    configMap(m) {
      if (!m.applied) return;
      for (const d of m.data) visit(d.value, `ConfigMap \`${m.name}\` key \`${d.key}\``, d.source);
    },
    container(c, w) {
      if (!w.applied) return;
      for (const s of settingsOf(c, w.namespace, []))
        visit(s.value, `Container \`${w.name}/${c.name}\` ${s.label}`, s.source);
    },
  };
}
