/**
 * Redaction is a property of the loaded data: one pass over every parsed
 * document, before the model, excerpts, diagrams, the search index or an
 * error message see it. The loader then parses the redacted text again, so no
 * original byte of a credential is reachable from what it returns (the first
 * parse, which holds them, is dropped).
 *
 * What is blanked (the value becomes `""`, or `[]` for managedFields; the key
 * stays and so do the line numbers):
 * - every non-empty value under `data` / `stringData` of a Secret, wherever
 *   the Secret sits (top level, a `List` item, any nesting, inside an
 *   annotation or an embedded YAML document), in any style (block, flow,
 *   block scalar), through aliases and `<<` merge keys;
 * - `metadata.annotations` holding a serialized object:
 *   `kubectl.kubernetes.io/last-applied-configuration` always (it repeats the
 *   whole object, Secret values included), any other JSON/YAML-object
 *   annotation when it holds a credential;
 * - `managedFields` (server bookkeeping, no configuration);
 * - the `value` of a JSON patch operation (RFC 6902, as Kustomize's patches
 *   write them) on a path under `/data`, `/stringData` or `/binaryData`: the
 *   patch file does not say which kind it targets, so a ConfigMap patch's value
 *   is blanked in its own text too (the rendered ConfigMap still shows it);
 * - a kustomization's generator literals (with or without its `kind`);
 * - an `env` entry's literal `value` and a ConfigMap `data` value whose name
 *   says credential (see isCredentialName), or that is a URL with a password;
 * - inside an embedded document (Helm values, a config file kept in a
 *   ConfigMap) and in a file that is data rather than an object (a chart's
 *   `values.yaml`: no `kind`, no `apiVersion`), any key whose name says
 *   credential (`password:`, `apiToken:`; not `existingSecret:`, which names
 *   a Secret) and any env-like list;
 * - the literal a `command`/`args` item passes to a credential flag
 *   (`--password=…`, `--requirepass …`; the item after a bare `--token`),
 *   which becomes `***` inside the argument or script;
 *   `$VAR`, `${VAR}` and `$(VAR)` are references, not literals.
 *
 * Every redaction is recorded with its position, kind and name, so the drift
 * check can report a literal credential in config; a blanked Secret or ConfigMap
 * value the API server would refuse also records why (engine/secret-data.ts),
 * since nothing after this pass sees the value.
 */
import {
  isAlias,
  isCollection,
  isMap,
  isScalar,
  isSeq,
  type Document,
  type Node as YamlNode,
  type Pair,
  type Scalar,
  type YAMLMap,
} from 'yaml';
import { pointer } from './render/paths.ts';
import { dataRefusal, type DataField, type DataRefusal } from './secret-data.ts';
import { parseKubectlYaml } from './yaml-dialect.ts';

/** What a redaction blanked; the contract's enumeration is this list. */
export const REDACTION_KINDS = [
  'secret-value',
  'env-credential',
  'configmap-credential',
  'arg-credential',
  'embedded-credential',
  'serialized-annotation',
  'managed-fields',
  'patch-value',
] as const;

export type RedactionKind = (typeof REDACTION_KINDS)[number];

export interface Redaction {
  file: string;
  /** Where the blanked value now stands (1-based). */
  line: number;
  col: number;
  kind: RedactionKind;
  /** The Secret key, environment variable, ConfigMap key or annotation that held the value. */
  name: string;
  /** The object it belongs to, as `kind/namespace/name` when known. */
  object: string | null;
  /** True when the value was a credential (not just server bookkeeping or a harmless serialized object). */
  credential: boolean;
  /**
   * Why the API server would refuse the blanked value (a Secret's `data` that is no base64, a
   * value that is no string), for a Secret or ConfigMap written in the file itself; absent when
   * it takes it. Only the offset and the YAML type are kept, never a byte of the value.
   */
  refused?: RefusedValue;
}

/** Why the API server would refuse a blanked value, and where its key is written (1-based, in the file as written). */
export type RefusedValue = DataRefusal & { line: number; col: number };

/** The path of a JSON patch operation whose `value` is blanked at load: under a Secret's or ConfigMap's data. */
export const PATCHED_DATA_PATH = /^\/(data|stringData|binaryData)(?:\/(.*))?$/;

/** A range of the text to replace, with what it records. */
export interface Span {
  start: number;
  end: number;
  /** The text replaced; the loader uses it while it checks the file and then drops it. */
  original: string;
  replacement: string;
  kind: RedactionKind;
  name: string;
  object: string | null;
  credential: boolean;
  /** Why the API server refuses the value, and the offset of its key in the text. */
  refused?: { why: DataRefusal; keyAt: number };
}

/** Words that make a name a credential. */
const CREDENTIAL_WORDS = new Set([
  'PASSWORD',
  'PASSWD',
  'PASS',
  'PWD',
  'PASSPHRASE',
  'SECRET',
  'SECRETS',
  'TOKEN',
  'TOKENS',
  'CREDENTIAL',
  'CREDENTIALS',
  'CREDS',
  'APIKEY',
  'PRIVATEKEY',
  // Redis's `--requirepass` and `--masterauth`.
  'REQUIREPASS',
  'MASTERAUTH',
]);

/** A last word that makes the name point at a credential (where it is, what it is called) rather than hold one. */
const POINTER_WORDS = new Set([
  'NAME',
  'NAMES',
  'REF',
  'FILE',
  'PATH',
  'DIR',
  'ID',
  'URL',
  'URI',
  'ENDPOINT',
  'HOST',
  'PORT',
  'TTL',
  'EXPIRY',
  'EXPIRES',
  'EXPIRATION',
  'TIMEOUT',
  'LENGTH',
  'LEN',
  'SIZE',
  'TYPE',
  'HEADER',
  'ENABLED',
  'DISABLED',
  'MODE',
  'FORMAT',
  'ALGORITHM',
  'VERSION',
  'REGION',
  'ISSUER',
  'AUDIENCE',
  'SCOPE',
  'SCOPES',
  'KIND',
  'NAMESPACE',
  'USER',
  'USERNAME',
  // `secretEnv: OIDC_CLIENT_SECRET` (Dex) names the variable that holds it.
  'ENV',
]);

/**
 * Words that make a name a quantity of what it names: given a whole number, an LLM server's
 * `MAX_TOTAL_TOKENS` and `--max-num-batched-tokens`, a `TOKEN_LIMIT`, count tokens.
 */
const QUANTITY_WORDS = new Set(['MAX', 'MIN', 'NUM', 'NUMBER', 'COUNT', 'LIMIT', 'LIMITS']);

/** Keys that are not key material: `PUBLIC_KEY`, a database's `PARTITION_KEY`, a `CACHE_KEY`. */
const NON_SECRET_KEY_QUALIFIERS = new Set([
  'PUBLIC',
  'PUBLISHABLE',
  'CACHE',
  'PARTITION',
  'SORT',
  'ROUTING',
  'PRIMARY',
  'FOREIGN',
  'HASH',
  'RANGE',
  'SHARD',
  'IDEMPOTENCY',
  // The key of a label or annotation (`REPAIR_BROKEN_POD_LABEL_KEY`), and a structured logger's
  // field names (zap's `timeKey`, `levelKey`, `messageKey`, as Knative's config holds them).
  'LABEL',
  'ANNOTATION',
  'TOPOLOGY',
  'TIME',
  'LEVEL',
  'NAME',
  'CALLER',
  'MESSAGE',
  'STACKTRACE',
  'FUNCTION',
]);

/**
 * Whether an environment variable or ConfigMap key names a credential.
 * The name is split into words (`_`, `-`, `.`, camelCase). It is a credential
 * when a word says so (PASSWORD, SECRET, TOKEN, CREDENTIAL, API_KEY…) or
 * when its last word is KEY (SECRET_KEY, B2_APP_KEY, POSTHOG_API_KEY,
 * PRIVATE_KEY: a trailing KEY names the key material itself), unless the
 * last word says it points at one instead (`*_NAME`, `*_FILE`, `*_PATH`,
 * `*_ID`, `*_URL`…: B2_KEY_ID, APNS_KEY_ID and AWS_ACCESS_KEY_ID are
 * identifiers, APNS_AUTH_KEY_PATH is a path, TOKEN_URL an address) or the
 * key is a public or structural one (PUBLIC_KEY, PARTITION_KEY).
 */
/** A name's words, upper-cased: `maxNumBatchedTokens` and `MAX_NUM_BATCHED_TOKENS` alike. */
const nameWords = (name: string): string[] =>
  name
    .split(/[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])/)
    .filter(Boolean)
    .map((w) => w.toUpperCase());

export function isCredentialName(name: string): boolean {
  const words = nameWords(name);
  const last = words.at(-1);
  if (!last || POINTER_WORDS.has(last)) return false;
  if (last === 'KEY' || last === 'KEYS') return !NON_SECRET_KEY_QUALIFIERS.has(words.at(-2) ?? '');
  return words.some((w) => CREDENTIAL_WORDS.has(w));
}

/**
 * Whether a text holds any word a credential name is made of (isCredentialName's words, and
 * KEY): a text without one holds no credential name, so a scan can pass over it.
 */
export const mayNameCredential = (text: string): boolean => ANY_CREDENTIAL_WORD.test(text);
const ANY_CREDENTIAL_WORD = new RegExp([...CREDENTIAL_WORDS, 'KEY'].join('|'), 'i');

/**
 * Fields beside a bare `key` that make it the name of a label, taint or data key rather than
 * key material: a toleration (`operator`, `effect`), a selector requirement (`operator`,
 * `values`), a Secret or ConfigMap item (`path`). Helm values carry these (Traefik's
 * `tolerations` in k3s's own chart); a TLS `key` beside `cert` stays a credential.
 */
const LOOKUP_KEY_SIBLINGS = ['operator', 'effect', 'values', 'path'];

/** A `secretKeyRef`/`configMapKeyRef` written in Helm values: `name` and `key` (and `optional`), nothing else. */
const KEY_SELECTOR_FIELDS = new Set(['name', 'key', 'optional']);

/** Whether the mapping a bare `key` sits in makes it the name of a label, taint or data key. */
function namesDataKey(map: YAMLMap): boolean {
  if (LOOKUP_KEY_SIBLINGS.some((s) => map.has(s))) return true;
  const fields = map.items.map((p) => (isScalar(p.key) ? String(p.key.value) : ''));
  return map.has('name') && fields.every((f) => KEY_SELECTOR_FIELDS.has(f));
}

/** A switch: what a setting named for a credential holds when it turns one on (`ENABLE_M2M_TOKENS: "true"`). */
const SWITCH = /^\s*(?:true|false|yes|no|on|off)\s*$/i;

/**
 * A file's path, `/usr/local/certificates/key` or `./tls.key`: where a credential is read from
 * (ingress-nginx's `--validating-webhook-key`). An absolute one has two parts at least: a
 * password may start with a slash (`/hunter2`).
 */
const FILE_PATH = /^(?:\/[\w.@-]+){2,}\/?$|^\.\.?\/[\w.@-]+(?:\/[\w.@-]+)*$/;

/** Whether a named value (an env entry, a ConfigMap key) holds a credential: by its name, or a URL's password. */
const holdsCredential = (name: string, value: string): boolean =>
  (isCredentialName(name) && !SWITCH.test(value)) || URL_WITH_PASSWORD.test(value);

/**
 * Whether a value blanked for its credential name is reported as a committed credential
 * (CREDENTIAL_IN_CONFIG): not a file's path, where one is read from (ingress-nginx's
 * `--validating-webhook-key=/usr/local/certificates/key`); not a whole number under a name
 * that counts (`MAX_TOTAL_TOKENS: 4096`); not the value of a phrase (a CRD description whose
 * first words read as `secretRef is Optional: …`). Each is blanked all the same, since a
 * password may look like any of them: only the finding is spared.
 */
/** Whether a value is blanked for its name (not only for a URL's password, always reported). */
const holdsCredentialName = (name: string, value: string): boolean =>
  isCredentialName(name) && !SWITCH.test(value) && !URL_WITH_PASSWORD.test(value);

export function reportable(name: string, value: string): boolean {
  const v = value.trim();
  if (/\s/.test(name.trim()) || FILE_PATH.test(v)) return false;
  return !(/^\d+$/.test(v) && nameWords(name).some((w) => QUANTITY_WORDS.has(w)));
}

/** A URL with a password in it: `postgres://user:pass@host/db`. */
const URL_WITH_PASSWORD = /^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:[^/\s@]+@/i;

/** `$(OTHER_VAR)`: Kubernetes fills it from another variable; no literal to hide. */
const VAR_REFERENCE = /^\$\([A-Za-z_][A-Za-z0-9_]*\)$/;

/** `--name=value` or `--name value` inside one argument or script. */
const FLAG = /(?:^|[\s"'])--?([A-Za-z][\w.-]*)(?:=|\s+)(?!-)([^\s"';]+)/g;
const BARE_FLAG = /^--?([A-Za-z][\w.-]*)$/;
/** A shell or Kubernetes variable reference: the literal lives elsewhere. */
const REFERENCE = /^(?:\$[A-Za-z_{(]|["']\$)/;

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** Looks like a serialized object: JSON braces or brackets, or a multi-line YAML mapping of a manifest. */
const SERIALIZED = /^\s*[[{]|\n\s*(?:apiVersion|kind)\s*:/;

/** Cheap test before an embedded document is parsed: could it hold anything to redact? */
const EMBEDDED_HINT =
  /kind["']?\s*:\s*["']?Secret\b|env\w*["']?\s*:|stringData|annotations|pass|secret|token|key|cred|auth/i;

type Parse = (text: string) => Document.Parsed[];

/** A `<<` merge key (the parser turns its value into a symbol). */
export function isMergeKey(key: unknown): boolean {
  if (!isScalar(key)) return false;
  const v = key.value;
  return v === '<<' || (typeof v === 'symbol' && v.description === '<<');
}
const parseDocs: Parse = (text) => parseKubectlYaml(text).docs;

class Walker {
  readonly spans: Span[] = [];
  private readonly seen = new Set<YamlNode>();
  private readonly walked = new Set<YamlNode>();
  private readonly doc: Document.Parsed;
  /** The text the document was parsed from. */
  private readonly text: string;
  private readonly parse: Parse;
  /** How many serialized or embedded documents this one sits in. */
  private readonly depth: number;
  /** Whether a key's name alone makes its value a credential: in data, not in an object. */
  private readonly byKeyName: boolean;
  constructor(doc: Document.Parsed, text: string, parse: Parse, depth: number) {
    this.doc = doc;
    this.text = text;
    this.parse = parse;
    this.depth = depth;
    this.byKeyName = depth > 0 || isPlainData(doc);
  }

  /** The node an alias names, or the node itself. */
  private deref(node: unknown): YamlNode | null {
    if (isAlias(node)) return (node.resolve(this.doc) as YamlNode | undefined) ?? null;
    return (node as YamlNode | null) ?? null;
  }

  private str(node: unknown): string | null {
    const n = this.deref(node);
    return isScalar(n) && n.value !== null && n.value !== undefined ? String(n.value) : null;
  }

  /**
   * Blanks a value node (following an alias to the anchored node it shares).
   * A block collection is replaced from its key's end (`key: []`): a block
   * sequence may start at its key's indentation, where a lone `[]` would
   * read as a new key.
   */
  private blank(
    node: unknown,
    kind: RedactionKind,
    name: string,
    object: string | null,
    credential = true,
    pair?: Pair,
    refused?: Span['refused'] | null,
  ): void {
    const n = this.deref(node);
    if (!n?.range || this.seen.has(n)) return;
    if (isScalar(n) && (n.value === null || n.value === '')) return;
    this.seen.add(n);
    const blankValue = kind === 'managed-fields' ? '[]' : '""';
    const keyEnd = (pair?.key as YamlNode | undefined)?.range?.[1];
    const fromKey = isCollection(n) && !n.flow && keyEnd !== undefined && pair?.value === node;
    const start = fromKey ? keyEnd : n.range[0];
    const end = n.range[1];
    const replacement = fromKey ? `: ${blankValue}` : blankValue;
    const original = this.text.slice(start, end);
    const span: Span = { start, end, original, replacement, kind, name, object, credential };
    if (refused) span.refused = refused;
    this.spans.push(span);
  }

  /**
   * Why the API server refuses a value under `field`, judged where kubectl applies it: in an
   * object of the file itself, not one embedded in an annotation or a Helm values string.
   */
  private refusal(
    kind: 'Secret' | 'ConfigMap',
    field: DataField,
    pair: Pair,
  ): Span['refused'] | null {
    if (this.depth > 0) return null;
    const n = this.deref(pair.value);
    const value = isMap(n) ? {} : isSeq(n) ? [] : isScalar(n) ? n.value : null;
    const why = dataRefusal(kind, field, value);
    const keyAt = (pair.key as YamlNode | null)?.range?.[0] ?? n?.range?.[0];
    return why && keyAt !== undefined ? { why, keyAt } : null;
  }

  /**
   * The pairs of a mapping, with `<<` merges followed into the mappings they
   * name; its own pairs come first, because a key written in the mapping
   * wins over a merged one.
   */
  private pairs(map: YAMLMap, guard = new Set<YamlNode>()): Pair[] {
    if (guard.has(map)) return [];
    guard.add(map);
    const own: Pair[] = [];
    const merged: Pair[] = [];
    for (const pair of map.items) {
      if (!isMergeKey(pair.key)) {
        own.push(pair as Pair);
        continue;
      }
      const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
      for (const src of sources) {
        const m = this.deref(src);
        if (isMap(m)) merged.push(...this.pairs(m, guard));
      }
    }
    return [...own, ...merged];
  }

  private objectName(map: YAMLMap, kind: string): string {
    const md = this.deref(map.get('metadata', true));
    const name = isMap(md) ? this.str(md.get('name', true)) : null;
    const ns = isMap(md) ? this.str(md.get('namespace', true)) : null;
    return `${kind.toLowerCase()}/${ns ?? 'default'}/${name ?? ''}`;
  }

  /**
   * `inherited`: the kind of a typed list's items (`SecretList` items carry no `kind`);
   * `owner`: the object the node is part of (a container's env is its workload's).
   */
  walk(node: unknown, inherited: string | null = null, owner: string | null = null): void {
    // An anchored node is walked where it is written; walking it again at every alias
    // would expand an alias bomb.
    if (isAlias(node) || !node || this.walked.has(node as YamlNode)) return;
    const n = node as YamlNode;
    this.walked.add(n);
    if (isSeq(n)) {
      for (const item of n.items) this.walk(item, inherited, owner);
      return;
    }
    if (!isMap(n)) {
      if (isScalar(n) && typeof n.value === 'string' && /\n|^\s*[[{]/.test(n.value))
        this.embedded(n);
      return;
    }
    const kind = this.str(n.get('kind', true)) ?? inherited;
    if (!kind && this.patchOperation(n)) return;
    const object = kind ? this.objectName(n, kind) : owner;
    const itemKind = kind?.endsWith('List') && kind !== 'List' ? kind.slice(0, -4) : null;
    for (const pair of this.pairs(n)) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      const value = this.deref(pair.value);
      if (kind === 'Secret' && (key === 'data' || key === 'stringData')) {
        if (isMap(value))
          for (const p of this.pairs(value))
            this.blank(
              p.value,
              'secret-value',
              isScalar(p.key) ? String(p.key.value) : '',
              object,
              true,
              p,
              this.refusal(kind, key, p),
            );
        else this.blank(pair.value, 'secret-value', key, object, true, pair);
        continue;
      }
      if (kind === 'ConfigMap' && (key === 'data' || key === 'binaryData') && isMap(value)) {
        for (const p of this.pairs(value)) {
          const k = isScalar(p.key) ? String(p.key.value) : '';
          const v = this.str(p.value) ?? '';
          if (!holdsCredential(k, v)) continue;
          // Judged here as it is blanked: the model sees "" (a `data` value that is no string is
          // its WRONG_TYPE otherwise, a `binaryData` value the check's).
          const refused = this.refusal(kind, key, p);
          const credential = !holdsCredentialName(k, v) || reportable(k, v);
          this.blank(p.value, 'configmap-credential', k, object, credential, undefined, refused);
        }
      }
      if (/env/i.test(key) && isSeq(value)) this.env(value.items, object);
      else if (this.byKeyName && isScalar(value) && this.embeddedCredential(key, value, n)) {
        this.blank(value, 'embedded-credential', key, object, reportable(key, String(value.value)));
        continue;
      }
      if ((key === 'args' || key === 'command') && isSeq(value)) this.args(value.items, object);
      if (this.kustomization(n, kind) && isSeq(value))
        if (key === 'secretGenerator' || key === 'configMapGenerator')
          this.generators(value.items, key === 'secretGenerator');
      if (key === 'annotations' && isMap(value)) this.annotations(value, object);
      if (key === 'managedFields' && value && !isScalar(value)) {
        this.blank(pair.value, 'managed-fields', 'managedFields', object, false, pair);
        continue;
      }
      this.walk(value, key === 'items' ? itemKind : null, object);
    }
  }

  /** A kustomization or component: by its kind, or a document's root written without one (Kustomize reads both). */
  private kustomization(map: YAMLMap, kind: string | null): boolean {
    if (kind === 'Kustomization' || kind === 'Component') return true;
    return kind === null && map === this.doc.contents && isPlainData(this.doc);
  }

  /**
   * A JSON patch operation (`op`, `path`, `value`) that writes a Secret's or
   * ConfigMap's data. Which kind it patches is written elsewhere (the
   * kustomization's `target`), so every such value is blanked; it counts as a
   * credential when the key is written as a string or its name says so.
   */
  private patchOperation(map: YAMLMap): boolean {
    const op = this.str(map.get('op', true));
    const path = this.str(map.get('path', true));
    if (op === null || path === null) return false;
    const at = PATCHED_DATA_PATH.exec(path);
    const value = map.items.find((p) => isScalar(p.key) && p.key.value === 'value');
    if (!at || !value) return true;
    const segs = pointer(path);
    const name = segs.length > 1 ? segs.slice(1).join('/') : segs[0];
    const credential = at[1] === 'stringData' || isCredentialName(name);
    this.blank(value.value, 'patch-value', name, null, credential, value as Pair);
    return true;
  }

  private env(items: unknown[], object: string | null): void {
    for (const item of items) {
      const e = this.deref(item);
      if (!isMap(e)) continue;
      // Through `<<` too: a merged entry's value may come from an anchor with another name.
      const field = (k: string) =>
        this.pairs(e).find((p) => isScalar(p.key) && p.key.value === k)?.value ?? null;
      const name = this.str(field('name')) ?? '';
      const value = this.str(field('value'));
      if (value === null || value === '' || VAR_REFERENCE.test(value)) continue;
      if (holdsCredential(name, value)) {
        const credential = !holdsCredentialName(name, value) || reportable(name, value);
        this.blank(field('value'), 'env-credential', name, object, credential);
      }
    }
  }

  /**
   * A kustomization's generator literals, `KEY=value`: every value of a
   * secretGenerator, a configMapGenerator's when its key says credential.
   * Only the value becomes `***`, so the key stays where a fact points.
   */
  private generators(items: unknown[], secret: boolean): void {
    for (const item of items) {
      const g = this.deref(item);
      if (!isMap(g)) continue;
      const name = this.str(g.get('name', true)) ?? '';
      const kind = secret ? 'secret' : 'configmap';
      const literals = this.deref(g.get('literals', true));
      if (!isSeq(literals)) continue;
      for (const lit of literals.items) {
        const n = this.deref(lit);
        const text = this.str(n);
        if (text === null || !isScalar(n)) continue;
        const eq = text.indexOf('=');
        const key = eq < 0 ? text : text.slice(0, eq);
        if (eq < 0 || eq === text.length - 1) continue;
        if (!secret && !holdsCredential(key, text.slice(eq + 1))) continue;
        const what = secret ? 'secret-value' : 'configmap-credential';
        const object = `${kind}/default/${name}`;
        const value = text.slice(eq + 1);
        const credential = secret || !holdsCredentialName(key, value) || reportable(key, value);
        const at = this.inScalar(n, text, eq + 1, text.length);
        if (at) this.partial(at, what, key, object, credential);
        else this.blank(n, what, key, object, credential);
      }
    }
  }

  /** In an embedded config, `password: x`; a key naming where a credential is (`existingSecret`) is not one. */
  private embeddedCredential(key: string, value: Scalar, map: YAMLMap): boolean {
    return (
      typeof value.value === 'string' &&
      value.value !== '' &&
      !/^existing/i.test(key) &&
      !REFERENCE.test(value.value) &&
      isCredentialName(key) &&
      !SWITCH.test(value.value) &&
      !(key === 'key' && namesDataKey(map))
    );
  }

  /**
   * A credential flag's literal inside an argument or a script: only the value
   * becomes `***` when the scalar's text maps onto its value (plain, simple
   * quotes, a literal block), so the rest of the script and its other flags
   * stay readable; otherwise the whole item is blanked.
   */
  private args(items: unknown[], object: string | null): void {
    items.forEach((item, i) => {
      const n = this.deref(item);
      const arg = this.str(n);
      if (arg === null || !isScalar(n)) return;
      const parts: { start: number; end: number; name: string; credential: boolean }[] = [];
      for (const m of arg.matchAll(FLAG)) {
        const [whole, name, value] = m;
        if (!isCredentialName(name) || REFERENCE.test(value)) continue;
        const start = m.index + whole.length - value.length;
        parts.push({ start, end: start + value.length, name, credential: reportable(name, value) });
      }
      if (parts.length) {
        const mapped = parts.map((p) => this.inScalar(n, arg, p.start, p.end));
        if (mapped.every((x) => x !== null)) {
          parts.forEach((p, k) =>
            this.partial(mapped[k]!, 'arg-credential', p.name, object, p.credential),
          );
          return;
        }
        const credential = parts.some((p) => p.credential);
        this.blank(n, 'arg-credential', parts[0].name, object, credential);
        return;
      }
      const bare = BARE_FLAG.exec(arg);
      const next = this.str(items[i + 1]);
      if (
        bare &&
        isCredentialName(bare[1]) &&
        next &&
        !next.startsWith('-') &&
        !REFERENCE.test(next)
      )
        this.blank(items[i + 1], 'arg-credential', bare[1], object, reportable(bare[1], next));
    });
  }

  /** File offsets of a part of a scalar's value, when its text shows the value as is. */
  private inScalar(n: Scalar, value: string, start: number, end: number): [number, number] | null {
    const [from, to] = n.range!;
    const src = this.text.slice(from, to);
    if (n.type === 'BLOCK_LITERAL') {
      const span = { start, end } as Span;
      const mapped = mapBlockSpans(this.text, from, value, [span]);
      return mapped ? [mapped[0].start, mapped[0].end] : null;
    }
    if (src.includes('\n')) return null;
    if (n.type === 'PLAIN') return src === value ? [from + start, from + end] : null;
    if ((n.type === 'QUOTE_SINGLE' || n.type === 'QUOTE_DOUBLE') && src.slice(1, -1) === value)
      return [from + 1 + start, from + 1 + end];
    return null;
  }

  private partial(
    [start, end]: [number, number],
    kind: RedactionKind,
    name: string,
    object: string | null,
    credential = true,
  ): void {
    const original = this.text.slice(start, end);
    this.spans.push({
      start,
      end,
      original,
      replacement: '***',
      kind,
      name,
      object,
      credential,
    });
  }

  private annotations(map: YAMLMap, object: string | null): void {
    for (const pair of this.pairs(map)) {
      const name = isScalar(pair.key) ? String(pair.key.value) : '';
      const value = this.str(pair.value);
      if (value === null) continue;
      const always = name === LAST_APPLIED;
      if (!always && !SERIALIZED.test(value)) continue;
      const inner = this.innerSpans(value);
      if (always || inner.length)
        this.blank(
          pair.value,
          'serialized-annotation',
          name,
          object,
          inner.some((s) => s.credential),
        );
    }
  }

  /** Spans a serialized or embedded document would need; parse failures hold nothing readable. */
  private innerSpans(text: string): Span[] {
    if (this.depth >= 3) return [];
    const out: Span[] = [];
    for (const doc of this.parse(text)) {
      if (doc.errors.length) continue;
      const w = new Walker(doc, text, this.parse, this.depth + 1);
      w.walk(doc.contents);
      out.push(...w.spans);
    }
    return out;
  }

  /**
   * A multi-line string that is itself a YAML document (a Helm `valuesContent`,
   * a manifest kept in a ConfigMap). In a literal block scalar each line of the
   * embedded document is a line of the file, so the inner values are blanked
   * in place; in any other style the whole string is.
   */
  private embedded(scalar: Scalar): void {
    const text = String(scalar.value);
    if (!EMBEDDED_HINT.test(text)) return;
    const inner = this.innerSpans(text).filter((s) => s.credential || s.kind === 'patch-value');
    if (!inner.length) return;
    if (scalar.type === 'BLOCK_LITERAL') {
      const mapped = mapBlockSpans(this.text, scalar.range![0], text, inner);
      if (mapped) {
        this.spans.push(...mapped);
        return;
      }
    }
    this.blank(scalar, inner[0].kind, inner[0].name, inner[0].object);
  }
}

/**
 * Spans found in the content of a literal block scalar, moved to offsets of
 * the file: content line i is file line i + 1 after the `|` header, less its
 * indentation. Null when the lines do not match up (then the whole value goes).
 */
function mapBlockSpans(
  text: string,
  headerStart: number,
  content: string,
  inner: Span[],
): Span[] | null {
  const headerEnd = text.indexOf('\n', headerStart);
  if (headerEnd < 0) return null;
  const contentLines = content.split('\n');
  const outerStarts: number[] = [];
  const innerStarts: number[] = [];
  let lineStart = headerEnd + 1;
  let innerAt = 0;
  for (const cl of contentLines) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const outerLine = text.slice(lineStart, lineEnd).replace(/\r$/, '');
    if (cl !== '' && !outerLine.endsWith(cl)) return null;
    outerStarts.push(lineStart + (cl === '' ? 0 : outerLine.length - cl.length));
    innerStarts.push(innerAt);
    innerAt += cl.length + 1;
    lineStart = lineEnd + 1;
  }
  const toOuter = (p: number) => {
    let i = innerStarts.length - 1;
    while (i > 0 && innerStarts[i] > p) i--;
    return outerStarts[i] + (p - innerStarts[i]);
  };
  return inner.map((s) => ({ ...s, start: toOuter(s.start), end: toOuter(s.end) }));
}

/**
 * A document that is data, not a Kubernetes object: a mapping with neither
 * `kind` nor `apiVersion` (a chart's values, a config file kept beside the
 * manifests). Its keys are read as an embedded document's are.
 */
function isPlainData(doc: Document.Parsed): boolean {
  const root = doc.contents;
  return isMap(root) && !root.has('kind') && !root.has('apiVersion');
}

/** Every span to blank in the documents of one file, outermost first where they overlap. */
export function findSpans(docs: Document.Parsed[], text: string, parse: Parse): Span[] {
  const spans: Span[] = [];
  for (const doc of docs) {
    const w = new Walker(doc, text, parse, 0);
    w.walk(doc.contents);
    spans.push(...w.spans);
  }
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Span[] = [];
  for (const s of spans) if (!out.length || s.start >= out[out.length - 1].end) out.push(s);
  return out;
}

/**
 * The text with every span replaced. The newlines a span covered are kept,
 * so every line after it keeps its number; returns where each replacement now starts.
 * What follows a blanked value on its line keeps its column too (`{password: "",  user: …}`):
 * the blank is padded with spaces to the width the value took on that line, so a position
 * reported after it (a later value, a finding) points where the file has it. Only a
 * one-character value, narrower than `""`, still moves the rest of its line by one. A `***`
 * inside an argument is not padded: that would change the argument as shown.
 */
export function applySpans(text: string, spans: Span[]): { text: string; starts: number[] } {
  let out = '';
  let at = 0;
  const starts: number[] = [];
  for (const s of spans) {
    out += text.slice(at, s.start);
    starts.push(out.length);
    const covered = text.slice(s.start, s.end);
    const newlines = (covered.match(/\r?\n/g) ?? []).join('');
    out += s.replacement + newlines;
    const lineEnd = text.indexOf('\n', s.end);
    const rest = text.slice(s.end, lineEnd === -1 ? text.length : lineEnd);
    if (s.replacement !== '***' && rest.trim()) {
      const width = covered.length - (covered.lastIndexOf('\n') + 1);
      out += ' '.repeat(Math.max(0, newlines ? width : width - s.replacement.length));
    }
    at = s.end;
  }
  return { text: out + text.slice(at), starts };
}

/**
 * For an error excerpt from a file that could not be parsed (so could not be
 * redacted by structure): the value after `key:` is hidden when the file
 * holds a Secret or the key names a credential.
 */
export function maskExcerptLine(line: string, fileHasSecret: boolean): string {
  // The key starts and ends with a non-space, so no two quantifiers share a run of spaces and
  // the match stays linear in the line (a broken file may indent a line thousands deep).
  const m =
    /^(\s*(?:-\s+)?(?:["']\s*)?([^"':#\s](?:[^"':#]*[^"':#\s])?)(?:\s*["'])?\s*:\s+)(.+)$/.exec(
      line,
    );
  if (!m)
    return fileHasSecret && line.trim() && !/^\s*#/.test(line) ? line.replace(/\S/g, '•') : line;
  const [, head, key, value] = m;
  if (fileHasSecret || isCredentialName(key) || URL_WITH_PASSWORD.test(value.trim()))
    return `${head}${value.replace(/\S/g, '•')}`;
  return line;
}

export const HAS_SECRET = /^\s*["']?kind["']?\s*:\s*["']?Secret["']?\s*(?:#.*)?$/m;

/**
 * A YAML text with everything above blanked, line numbers kept: what the
 * loader stores for a file, from the text alone.
 */
export function redactSecretValues(text: string, parse: Parse = parseDocs): string {
  const docs = parse(text);
  if (docs.some((d) => d.errors.length)) {
    const secret = HAS_SECRET.test(text);
    return text.replace(/[^\n]*/g, (l) => maskExcerptLine(l, secret));
  }
  return applySpans(text, findSpans(docs, text, parse)).text;
}
