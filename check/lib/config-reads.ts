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
  /**
   * The name the container reads it by: the env variable, which a configMapKeyRef may call
   * otherwise than its key and envFrom may prefix (`prefix: API_`); the flag for a flag.
   */
  name: string;
  value: string;
  /** The ConfigMap it comes from; null for a literal env value. */
  configMap: string | null;
  source: Source;
}

/** The ConfigMap entries a container reads, through envFrom or configMapKeyRef. */
export function configMapReads(c: Container, ns: string, maps: readonly ConfigMap[]) {
  const map = (name: string) => maps.find((m) => m.namespace === ns && m.name === name);
  return [
    ...c.envFrom
      .filter((e) => e.from === 'configMapRef')
      .flatMap(({ name: cm, prefix }) =>
        (map(cm)?.data ?? []).map((d) => ({ cm, d, env: `${prefix ?? ''}${d.key}` })),
      ),
    ...c.configMapKeyRefs.flatMap((ref) =>
      (map(ref.configMap)?.data ?? [])
        .filter((d) => d.key === ref.key)
        .map((d) => ({ cm: ref.configMap, d, env: ref.env })),
    ),
  ];
}

/** Every setting a container reads: its ConfigMap entries, then its literal env values. */
export function settingsOf(c: Container, ns: string, maps: readonly ConfigMap[]): Setting[] {
  return [
    ...configMapReads(c, ns, maps).map(({ cm, d, env }) => ({
      label: `\`${d.key}\` in ConfigMap \`${cm}\``,
      key: d.key,
      name: env,
      value: d.value,
      configMap: cm,
      source: d.source,
    })),
    ...c.env
      .filter((e) => e.from === 'value' && e.value !== null)
      .map((e) => ({
        label: `env \`${e.name}\``,
        key: e.name,
        name: e.name,
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
    name: f.flag,
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

/** The words of a setting's name: `CSRF_TRUSTED_ORIGINS`, `web.external-url`, `remoteWrite.url`. */
const nameWords = (key: string): string[] =>
  key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);

/**
 * The word before `URL` in the name of an address the app gives out rather than dials: its
 * own public address, where a browser is sent back to, a page its users are linked to.
 */
const GIVEN_OUT = new Set([
  // The app's own address, printed into e-mails and pages.
  ...['public', 'site', 'frontend', 'front', 'client', 'web', 'webapp', 'app', 'external'],
  ...['root', 'canonical', 'home', 'homepage'],
  // Where an OAuth provider, a payment page or a login sends the browser back to.
  ...['redirect', 'callback', 'return', 'success', 'cancel'],
  // Pages linked from the app's e-mails and footers, and images the mail client loads.
  ...['support', 'help', 'faq', 'docs', 'feedback', 'legal', 'unsubscribe'],
  ...['logo', 'favicon', 'icon'],
]);
/** Words that make any address a page linked to (`PRIVACY_POLICY_URL`, `TERMS_OF_SERVICE_URL`). */
const LINKED_PAGE = new Set(['privacy', 'terms', 'tos', 'imprint']);
const ADDRESS = new Set(['url', 'urls', 'uri', 'uris', 'link', 'links']);
/** The word before `ORIGINS` in a list of origins browsers may call the app from. */
const ALLOWED = new Set(['allowed', 'allow', 'trusted', 'permitted', ...GIVEN_OUT]);

/**
 * Whether a setting's name says the app hands its value to others rather than connects to
 * it: its own public address, which it prints into e-mails and pages (`BASE_URL`, `PUBLIC_URL`,
 * `SITE_URL`, `FRONTEND_URL`, Grafana's `GF_SERVER_ROOT_URL`, Prometheus' `--web.external-url`),
 * the origins browsers may call it from (`CORS_ALLOWED_ORIGINS`, `CSRF_TRUSTED_ORIGINS`,
 * SvelteKit's `ORIGIN`), where a browser is sent back to (`OAUTH_REDIRECT_URI`,
 * `STRIPE_SUCCESS_URL`), a page or image it links to (`PRIVACY_POLICY_URL`, `EMAIL_LOGO_URL`),
 * or a source its Content-Security-Policy lets browsers load (`CSP_CONNECT_SRC`). A `BASE_URL`
 * after another word is the base of something the app calls (`OPENAI_BASE_URL`,
 * `API_BASE_URL`) unless that word names the app's own address (`PUBLIC_BASE_URL`); `API_URL`,
 * `WEBHOOK_URL`, `S3_ENDPOINT`, `DATABASE_URL` and the like are connections.
 */
export function handedOut(key: string): boolean {
  const words = nameWords(key);
  // Cross-origin and content-security policies are headers for browsers (`CSP_CONNECT_SRC`).
  if (['cors', 'csrf', 'csp'].some((w) => words.includes(w))) return true;
  const last = words.at(-1);
  // `ORIGINS`, `ALLOWED_ORIGINS`, `FRONTEND_ORIGIN`; a CDN's `ORIGIN` is a server it fetches from.
  if (last === 'origin' || last === 'origins')
    return words.length === 1 || ALLOWED.has(words[words.length - 2]);
  if (!last || !ADDRESS.has(last)) return false;
  if (words.some((w) => LINKED_PAGE.has(w))) return true;
  let before = words.length - 2;
  if (words[before] === 'base') {
    if (before === 0) return true;
    before--;
  }
  return before >= 0 && GIVEN_OUT.has(words[before]);
}
