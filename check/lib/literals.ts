/**
 * Config values typed into the book by hand. A literal is found by what it
 * states, not only by its shape: the values the facts hold (images, versions,
 * prices, hosts, URLs, paths, enumerated settings, ports) are looked for as
 * written, and numbers are read in the phrasings that give them a meaning
 * ("3 replicas", "three api pods", "listens on 6379", ":443", "port 8000",
 * "five Secrets"). Shapes that are config whatever their value (IPv4
 * addresses and CIDRs, binary quantities, `replicas: 3` settings) are kept.
 * Which fact a literal states is decided by lib/facts-index.ts.
 */
import type { ExtractResult, Fact } from '../../engine/index.ts';

export type LiteralKind =
  | 'ip'
  | 'quantity'
  | 'setting'
  | 'image'
  | 'version'
  | 'price'
  | 'replicas'
  | 'port'
  | 'count'
  | 'host'
  | 'path'
  | 'enum';

export interface Literal {
  /** 1-based column of the match in the scanned text. */
  col: number;
  /** The match as written. */
  text: string;
  /** What it is, for messages ("IP address", "port"…). */
  what: string;
  kind: LiteralKind;
  /** The value it states: `3` for "three replicas", `6379` for "listens on 6379", the text itself for exact values. */
  value: string;
  /** Where the value sits inside the match (for the column of a finding). */
  valueAt: number;
  /** For counts, the noun counted (`nodes`, `Secrets`); for settings, the field (`replicas`). */
  noun?: string;
}

export interface Matcher {
  scan(text: string): Literal[];
}

const WORDS: Record<string, number> = {
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
};
const NUMBER = `\\d+|${Object.keys(WORDS).join('|')}`;
/** A number word anywhere in a text: without one (or a digit), no NUMBER pattern can match. */
const NUMBER_WORD = new RegExp(`\\b(?:${Object.keys(WORDS).join('|')})\\b`, 'i');
/** `3`, `three`, `Three` → 3; anything else → null. */
export const numberValue = (s: string): number | null =>
  /^\d+$/.test(s) ? Number(s) : (WORDS[s.toLowerCase()] ?? null);

const CONFIG_FIELDS =
  'replicas|minAvailable|maxUnavailable|maxSurge|minReplicas|maxReplicas|containerPort|targetPort|nodePort|hostPort|port|failureThreshold|periodSeconds|initialDelaySeconds|timeoutSeconds|averageUtilization';

/** Nouns a count of objects is written with; lib/facts-index.ts maps them to count facts. */
export const COUNT_NOUNS =
  'nodes|servers|machines|Secrets|NetworkPolicies|network policies|IngressRoutes|Middlewares|middlewares|UFW rules|allow rules|entrypoints|DNS records|A records|public hosts|hosts|workloads|Deployments';

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A fact's values as text: each item of a list, or the one value. */
export const values = (f: Fact): string[] =>
  (Array.isArray(f.value) ? f.value : [f.value]).map(String);

/**
 * The other forms a version value is typed in: `v1.34.6+k3s1` as `1.34.6` and `v1.34.6`,
 * `v1.34.6` as `1.34.6`; none for a value that does not start with a version.
 */
export function versionForms(v: string): string[] {
  const core = /^v?(\d+\.\d+\.\d+)/.exec(v)?.[1];
  return core ? [core, `v${core}`].filter((c) => c !== v) : [];
}

/** Keys whose values come from a closed set: the setting named by its value. */
const ENUM_KEY =
  /\.(type|strategy|kind|mode|plan|storageClass|storageClassName|accessModes|policy)$/;

/** A fact value an enumerated setting can take, distinctive enough to look for as written. */
function enumerated(f: Fact, v: string): boolean {
  if (f.class !== 'text' || v.length < 4 || !ENUM_KEY.test(f.key)) return false;
  return (
    /^[A-Z][a-z]+(?:[A-Z][a-z]*)+$/.test(v) || // RollingUpdate, ClusterIP
    /^[a-z]+[A-Z]\w*$/.test(v) || // httpGet
    /^[A-Z][\w-]* \([\w ]+\)$/.test(v) || // Full (strict)
    /^[A-Z][a-z]+$/.test(v) || // Recreate
    /^[a-z]+-[a-z-]+$/.test(v) // local-path
  );
}

/** Exact values to look for, by kind. */
function exactValues(facts: Fact[]): Map<string, LiteralKind> {
  const out = new Map<string, LiteralKind>();
  const put = (v: string, k: LiteralKind) => {
    if (!out.has(v)) out.set(v, k);
  };
  for (const f of facts)
    for (const v of values(f)) {
      if (f.class === 'image' && v.includes(':')) put(v, 'image');
      else if (f.class === 'version' && /\d\.\d/.test(v) && v.length >= 3) put(v, 'version');
      else if (f.class === 'version' && f.key.endsWith('.imageTag') && v.length >= 5)
        put(v, 'version');
      else if (f.class === 'price' && /\d/.test(v)) put(v, 'price');
      else if (
        f.class === 'domain' ||
        f.class === 'url' ||
        (f.class === 'hostname' && v.length >= 6)
      ) {
        for (const h of v.split(/,\s*/))
          if (h.includes('.') || f.class === 'hostname') put(h, 'host');
      } else if (
        f.class === 'path' &&
        !f.key.startsWith('notApplied.') &&
        /^~?\/[^/\s]+\/\S/.test(v)
      )
        put(v, 'path');
      else if (enumerated(f, v)) put(v, 'enum');
      if (f.class === 'price') put(f.display, 'price');
      if (f.class === 'version') for (const c of versionForms(v)) put(c, 'version');
    }
  return out;
}

const WHAT: Record<LiteralKind, string> = {
  ip: 'IP address',
  quantity: 'resource quantity',
  setting: 'setting',
  image: 'config value',
  version: 'config value',
  price: 'config value',
  replicas: 'replica count',
  port: 'port',
  count: 'count',
  host: 'host name',
  path: 'path',
  enum: 'setting',
};

interface Pattern {
  re: RegExp;
  kind: LiteralKind;
  what?: string;
  /** The capture group holding the value (default: the whole match). */
  group?: number;
  keep?: (m: RegExpMatchArray) => boolean;
  /** The pattern matches digits only: texts without one are skipped. */
  digits?: boolean;
  /** The pattern needs a number, digits or a word (NUMBER): texts with neither are skipped. */
  number?: boolean;
}

function patterns(ports: Set<string>, cpu: Set<string>): Pattern[] {
  const known = (g: number) => (m: RegExpMatchArray) => ports.has(m[g]);
  return [
    // Loopback and the documentation ranges (RFC 5737) are examples, not config.
    {
      re: /(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?:\/\d{1,2})?(?!\w|\.\d)/g,
      kind: 'ip',
      digits: true,
      keep: (m) => !/^(127\.|192\.0\.2\.|198\.51\.100\.|203\.0\.113\.)/.test(m[0]),
    },
    { re: /(?<![\w.])\d+(?:\.\d+)?(?:Ki|Mi|Gi|Ti|Pi|Ei)(?![\w])/g, kind: 'quantity', digits: true },
    {
      re: /(?<![\w.])\d+(?:\.\d+)?m(?![\w])/g,
      kind: 'quantity',
      digits: true,
      what: 'CPU quantity',
      keep: (m) => cpu.has(m[0]),
    },
    { re: /--replicas[= ](\d+)\b/g, kind: 'replicas', digits: true, group: 1 },
    {
      re: new RegExp(`\\b(?:${CONFIG_FIELDS})\\s*[:=]\\s*(\\d+)\\b`, 'g'),
      kind: 'setting',
      digits: true,
      group: 1,
    },
    {
      re: new RegExp(`\\b(${NUMBER})\\s+(?:[a-z][\\w-]*\\s+)?(?:replicas?|pods?)\\b`, 'gi'),
      kind: 'replicas',
      number: true,
      group: 1,
    },
    // "one api pod of three": the total is the count.
    {
      re: new RegExp(`\\b(?:replicas?|pods?)\\s+of\\s+(${NUMBER})\\b`, 'gi'),
      kind: 'replicas',
      number: true,
      group: 1,
    },
    {
      re: /(?<![\w/.])(?:port|Port|PORT)s?\s+(\d{2,5})\b/g,
      kind: 'port',
      digits: true,
      group: 1,
      keep: known(1),
    },
    { re: /(?<=[\s(`"'=]|^):(\d{2,5})\b/g, kind: 'port', digits: true, group: 1, keep: known(1) },
    {
      re: /\b(\d{2,5})\/(?:tcp|udp|TCP|UDP)\b/g,
      kind: 'port',
      digits: true,
      group: 1,
      keep: known(1),
    },
    {
      re: /\b(?:listens?|listening|serves?|served|bound|binds?|answers?|reachable|opens?|opened|exposes?|exposed|dials?|connects?)\s+(?:[\w-]+\s+){0,3}?(?:on|to|at)\s+(\d{2,5})\b/g,
      kind: 'port',
      digits: true,
      group: 1,
      keep: known(1),
    },
    // A port of four or five digits the manifests use is distinctive in any phrasing (a bare
    // number with no words around it, such as a search keyword, says nothing about the config).
    {
      re: /(?<![\w.:/$-])(\d{4,5})(?![\w%]|\.\d)/g,
      kind: 'port',
      digits: true,
      group: 1,
      keep: (m) => ports.has(m[1]) && m.input?.trim() !== m[1],
    },
    {
      re: new RegExp(`\\b(${NUMBER})\\s+(${COUNT_NOUNS})\\b`, 'gi'),
      kind: 'count',
      number: true,
      group: 1,
      keep: (m) => (numberValue(m[1]) ?? 0) >= 2,
    },
  ];
}

/** Builds the matcher once per check run from the facts. */
export function literalMatcher(result: ExtractResult): Matcher {
  const facts = [...result.registry.facts.values()];
  const ports = new Set(
    facts
      .filter((f) => f.class === 'port')
      .flatMap((f) => String(f.value).split(/[:–-]/))
      .filter((p) => /^\d{2,5}$/.test(p)),
  );
  const cpu = new Set(
    facts
      .filter((f) => f.class === 'quantity' && /^\d+(\.\d+)?m$/.test(String(f.value)))
      .map((f) => String(f.value)),
  );
  const exact = exactValues(facts);
  const exactRe = exact.size
    ? new RegExp(
        `(?<![\\w.-])(${[...exact.keys()]
          .sort((a, b) => b.length - a.length)
          .map(escapeRe)
          .join('|')})(?![\\w-]|\\.\\d)`,
        'g',
      )
    : null;
  const pats = patterns(ports, cpu);
  return {
    scan(text: string): Literal[] {
      const out: Literal[] = [];
      const taken: [number, number][] = [];
      const add = (
        index: number,
        t: string,
        kind: LiteralKind,
        value: string,
        valueAt: number,
        what?: string,
        noun?: string,
      ) => {
        if (taken.some(([a, b]) => index < b && index + t.length > a)) return;
        taken.push([index, index + t.length]);
        out.push({ col: index + 1, text: t, what: what ?? WHAT[kind], kind, value, valueAt, noun });
      };
      if (exactRe)
        for (const m of text.matchAll(exactRe)) add(m.index ?? 0, m[0], exact.get(m[0])!, m[0], 0);
      // Most prose has no digit, and no number word: the patterns that need one are skipped there.
      const digits = /\d/.test(text);
      const number = digits || NUMBER_WORD.test(text);
      for (const p of pats) {
        if ((p.digits && !digits) || (p.number && !number)) continue;
        for (const m of text.matchAll(p.re)) {
          if (p.keep && !p.keep(m)) continue;
          const value = p.group ? m[p.group] : m[0];
          const at = p.group ? m[0].indexOf(value) : 0;
          const n = p.kind === 'replicas' || p.kind === 'count' ? numberValue(value) : null;
          const noun =
            p.kind === 'count' ? m[2] : p.kind === 'setting' ? /^\w+/.exec(m[0])?.[0] : undefined;
          add(m.index ?? 0, m[0], p.kind, n !== null ? String(n) : value, at, p.what, noun);
        }
      }
      return out.sort((a, b) => a.col - b.col);
    },
  };
}
