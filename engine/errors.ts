/**
 * The catalogue of bad-input errors and warnings, in the manner of Astro's
 * `core/errors/errors-data.ts`: each code has a title, a message built from
 * parameters and a hint; a throw site passes parameters only. Codes are
 * permanent once published: add new ones, never rename. Messages say what
 * happened (the value in backticks), the hint says what to do, the position
 * says where. Every message stays short whatever the input: parameters are
 * clipped and excerpts are cut to a window around the column.
 */

export interface Position {
  /** Path relative to the working directory, with forward slashes. */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  col: number;
}

/** A value quoted in a message, cut to a readable length. */
/**
 * Control characters, and the marks that reorder text on screen (bidirectional overrides and
 * isolates, as "Trojan Source" hides code with), written as their code points, so a value
 * quoted in a message reads as what it is and cannot rearrange or break the report's line.
 */
const HIDDEN =
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

/** A value as a message quotes it: a line break as ⏎, every other hidden character as `U+XXXX`. */
export function visible(value: unknown): string {
  return String(value)
    .replace(/\r?\n/g, '⏎')
    .replace(HIDDEN, (c) => `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
}

export function clip(value: unknown, max = 160): string {
  const s = visible(value);
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

type Params = Record<string, string | number>;

interface Entry<P extends Params> {
  title: string;
  message: (p: P) => string;
  hint: string | ((p: P) => string);
}

const entry = <P extends Params>(e: Entry<P>) => e;

/** What a field must hold, in words, and how to write it. */
const SHAPES: Record<string, (field: string, found: string) => string> = {
  string: () => 'Write a single string value here.',
  integer: (f) => `Write an integer without quotes, e.g. \`${f}: 3\`.`,
  'integer-range': (f) =>
    `Write a whole number within that range, without quotes; the API server refuses \`${f}\` outside it.`,
  'int-or-string': () => 'Write a whole number (e.g. 2) or a percentage string (e.g. "50%").',
  boolean: () => 'Write true or false without quotes.',
  'string-map': () => 'Write `key: value` pairs under this field.',
  'quoted-string': (f, found) =>
    `Quote the value (\`${f}: "${found.replace(/^`|`$/g, '')}"\`): the API server takes only a string here.`,
  list: () => 'Write each entry on its own line starting with `- `.',
  mapping: () => 'Write `key: value` pairs under this field.',
};

export const INPUT_ERRORS = {
  PATH_NOT_FOUND: entry<{ path: string }>({
    title: 'The manifests path does not exist.',
    message: (p) => `The path \`${p.path}\` does not exist.`,
    hint: 'Pass an existing folder with --manifests DIR (the default is ./manifests).',
  }),
  UNREADABLE_FILE: entry<{ file: string; reason: string }>({
    title: 'A file or folder of the manifests (or of the book) cannot be read.',
    message: (p) => `\`${p.file}\` cannot be read: ${p.reason}.`,
    hint: 'Let the user running this read it (`chmod a+r FILE`, `a+rx` for a folder), or move it out of the folder that is read.',
  }),
  BINARY_FILE: entry<{ file: string }>({
    title: 'A file with a YAML name holds binary data.',
    message: (p) => `\`${p.file}\` holds binary data, so it cannot be a manifest.`,
    hint: 'Move the file out of the manifests folder or give it a name that does not end in .yaml/.yml.',
  }),
  INVALID_ENCODING: entry<{ file: string; what: string }>({
    title: 'A manifest is text in an encoding other than UTF-8.',
    message: (p) => `\`${p.file}\` is not UTF-8: ${p.what}.`,
    hint: (p) =>
      /UTF-16|UTF-32/.test(p.what)
        ? `Convert it to UTF-8, e.g. \`iconv -f ${/UTF-32/.test(p.what) ? 'UTF-32' : 'UTF-16'} -t UTF-8 FILE\`; kubectl reads only UTF-8 (and UTF-16 with a byte order mark).`
        : 'Save the file as UTF-8; if it was written as Latin-1 or Windows-1252, `iconv -f WINDOWS-1252 -t UTF-8 FILE` converts it.',
  }),
  CONTROL_CHARACTER: entry<{ char: string }>({
    title: 'A manifest holds a control character YAML does not allow.',
    message: (p) => `The file holds the control character ${p.char}, which YAML does not allow.`,
    hint: 'Delete the character (often a paste or an editor accident); write it as an escape such as "\\0" inside a double-quoted string if it is meant to be there.',
  }),
  FILE_TOO_LARGE: entry<{ file: string; size: string; limit: string }>({
    title: 'A manifest file is larger than the engine reads.',
    message: (p) => `\`${p.file}\` is ${p.size}, more than the ${p.limit} a manifest file may be.`,
    hint: 'Split the file, or move generated data (dashboards, bundles) out of the manifests folder; the API server refuses objects over 3 MiB anyway.',
  }),
  TOO_MANY_TOKENS: entry<{ file: string; limit: number }>({
    title: 'A manifest file holds more YAML than the engine reads.',
    message: (p) =>
      `\`${p.file}\` holds more than ${p.limit} YAML tokens (it stops here), more than any manifest needs.`,
    hint: 'Split the file, or move generated data (dashboards, bundles, dumps) out of the manifests folder.',
  }),
  YAML_SYNTAX: entry<{ reason: string }>({
    title: 'The YAML cannot be parsed.',
    message: (p) => p.reason,
    hint: 'Fix the YAML at this position; `npx yaml valid < FILE` shows the same error.',
  }),
  DUPLICATE_KEY: entry<{ key: string; first: number }>({
    title: 'A mapping has the same key twice, with different values.',
    message: (p) =>
      `The key \`${p.key}\` appears twice in the same mapping (first on line ${p.first}) with different values; kubectl keeps one of them or refuses the file, depending on its version and validation mode.`,
    hint: 'Delete or rename one of the two keys.',
  }),
  TAB_INDENT: entry<Params>({
    title: 'A tab is used for indentation.',
    message: () => 'A tab character is used for indentation; YAML allows only spaces.',
    hint: 'Replace the tabs at the start of the line with spaces (configure your editor to insert spaces in YAML files).',
  }),
  UNRENDERED_TEMPLATE: entry<{ expr: string }>({
    title: 'A template expression stands where YAML structure is expected.',
    message: (p) =>
      `The template expression \`${p.expr}\` was never rendered, so this is not valid manifest YAML.`,
    hint: 'Render the chart or template first (`helm template`, `kustomize build`) and point the extractor at the output, or quote the value if it is meant to be a literal string.',
  }),
  ALIAS_LIMIT: entry<{ alias: string; expanded: number; limit: number }>({
    title: 'Aliases expand a document beyond the limit.',
    message: (p) =>
      `The alias \`*${p.alias}\` makes the document expand to ${p.expanded} nodes, more than the ${p.limit} allowed (an alias bomb).`,
    hint: 'Write the repeated structure out, or use fewer nested aliases; no real manifest needs this much repetition.',
  }),
  ALIAS_CYCLE: entry<{ alias: string }>({
    title: 'An alias refers to the node that contains it.',
    message: (p) =>
      `The alias \`*${p.alias}\` is inside the node its anchor names, so it never ends.`,
    hint: 'Point the alias at an anchor outside the node, or write the value out.',
  }),
  TOO_DEEP: entry<{ limit: number }>({
    title: 'The YAML nests deeper than the engine reads.',
    message: (p) => `The YAML nests more than ${p.limit} levels deep here.`,
    hint: 'No Kubernetes object nests this deep; look for a runaway generator or unbalanced brackets.',
  }),
  WRONG_TYPE: entry<{ field: string; expected: string; found: string; shape: string }>({
    title: 'A field has a value of the wrong type.',
    message: (p) => `\`${p.field}\` must be ${p.expected}${p.found ? `, found ${p.found}` : ''}.`,
    hint: (p) => (SHAPES[p.shape] ?? SHAPES.string)(p.field, p.found),
  }),
  INVALID_QUANTITY: entry<{ raw: string }>({
    title: 'A resource quantity is not in the Kubernetes quantity grammar.',
    message: (p) => `\`${p.raw}\` is not a Kubernetes quantity.`,
    hint: 'Use a number with an optional suffix: m (milli) for CPU, Ki/Mi/Gi (powers of 1024) or k/M/G (powers of 1000) for memory, e.g. `250m` or `512Mi`.',
  }),
  MISSING_FIELD: entry<{ field: string; what: string }>({
    title: 'A required field is missing.',
    message: (p) => `${p.what} has no \`${p.field}\`.`,
    hint: (p) => `Add \`${p.field}\`; it is required.`,
  }),
  INVALID_NAME: entry<{ name: string; kind: string; rule: string }>({
    title: 'An object name breaks the Kubernetes naming rules.',
    message: (p) =>
      `\`${p.name}\` is not a valid ${p.kind} name: it must be ${p.rule}, so the API server would refuse it.`,
    hint: 'Use lower-case letters, digits and `-` (and `.` where the kind allows it), starting and ending with a letter or digit.',
  }),
  INVALID_FIELD: entry<{ field: string; problem: string }>({
    title: 'A field of the book’s own kinds breaks its schema.',
    message: (p) => `\`${p.field}\`: ${p.problem}.`,
    hint: 'See the schema of this kind in engine/model/book/schemas.ts and the example in manifests/.',
  }),
  MISSING_RESOURCE: entry<{ entry: string; field: string }>({
    title: 'A kustomization lists a file or folder that does not exist.',
    message: (p) => `\`${p.field}\` lists \`${p.entry}\`, which does not exist.`,
    hint: 'Fix the path (relative to the kustomization file) or remove the entry; `kubectl apply -k` stops at it too.',
  }),
  REMOTE_RESOURCE: entry<{ entry: string; field: string }>({
    title: 'A kustomization reads a resource from the network.',
    message: (p) =>
      `\`${p.field}\` lists \`${p.entry}\`, which Kustomize would fetch from the network; the book reads only the files of the manifests folder, so that every value keeps its file and line and a build needs no network.`,
    hint: 'Vendor it: download the file or base (at a pinned version) into the manifests folder and list its local path instead; write the URL it came from in a comment beside the entry.',
  }),
  DUPLICATE_OBJECT: entry<{ id: string; first: string }>({
    title: 'A kustomization would apply the same object twice.',
    message: (p) =>
      `\`${p.id}\` is defined twice among the resources (first at ${p.first}); Kustomize refuses to add an object it already has.`,
    hint: 'Delete one of the two, or rename one.',
  }),
  RENDERER_NOT_FOUND: entry<{ file: string; fields: string }>({
    title: 'A kustomization needs Kustomize to be read, and none is installed.',
    message: (p) =>
      `\`${p.file}\` uses ${p.fields}, which only Kustomize can apply, and neither \`kubectl\` nor \`kustomize\` is on the PATH.`,
    hint: 'Install kubectl (it includes Kustomize: https://kubernetes.io/docs/tasks/tools/) or the standalone kustomize (https://kubectl.docs.kubernetes.io/installation/kustomize/), or set BOOK_KUSTOMIZE to the path of either.',
  }),
  HELM_NOT_FOUND: entry<{ file: string }>({
    title: 'A Helm chart needs Helm to be read, and it is not installed.',
    message: (p) =>
      `\`${p.file}\` makes this folder a Helm chart, which only \`helm template\` can render, and \`helm\` is not on the PATH.`,
    hint: 'Install Helm 3 (https://helm.sh/docs/intro/install/), or set BOOK_HELM to its path.',
  }),
  RENDER_FAILED: entry<{ tool: string; details: string }>({
    title: 'Kustomize or Helm refused to render the manifests.',
    message: (p) => `\`${p.tool}\` failed: ${p.details}`,
    hint: (p) =>
      `Fix what the message names; \`${p.tool}\` on the folder shows the same error, and \`kubectl apply\` would stop at it too.`,
  }),
} as const;

/** Why a symbolic link was not followed (engine/load.ts `walkFiles`), in words. */
const LINK_PROBLEMS: Record<string, string> = {
  'outside-file': 'to a file outside the manifests folder',
  'outside-folder': 'to a folder outside the manifests folder',
  missing: 'to a path that does not exist',
  loop: 'in a loop of links that never reaches a file',
  unresolvable: 'that cannot be resolved',
};

/** Warnings: printed and kept on the result, never a reason to stop. */
export const INPUT_WARNINGS = {
  REPEATED_KEY: entry<{ key: string; first: number }>({
    title: 'A mapping repeats a key with the same value.',
    message: (p) =>
      `The key \`${p.key}\` appears twice in the same mapping (first on line ${p.first}), with the same value.`,
    hint: 'Delete one of the two; kubectl applies the file, but stricter tools refuse it.',
  }),
  REPEATED_OBJECT: entry<{ id: string; earlier: string }>({
    title: 'A folder read as files defines the same object twice.',
    message: (p) =>
      `\`${p.id}\` is defined again here (before at ${p.earlier}); \`kubectl apply -R -f\` applies both in turn, so the cluster ends with this one.`,
    hint: 'Delete the copy you do not mean, or rename one of the two; the book reads only this last one, as the cluster keeps it.',
  }),
  SYMLINK_NOT_FOLLOWED: entry<{ link: string; why: string }>({
    title: 'A symbolic link points outside the manifests folder, or nowhere.',
    message: (p) =>
      `\`${p.link}\` is a symbolic link ${LINK_PROBLEMS[p.why] ?? LINK_PROBLEMS.unresolvable}, so it was not read.`,
    hint: (p) =>
      p.why.startsWith('outside')
        ? 'Copy what it points at into the manifests folder, or point the link inside the folder: the book reads and publishes only what the folder holds, and a link out of it could reach a file that must never be published (a secrets file).'
        : 'Point the link at a file inside the manifests folder, or delete the link.',
  }),
  NESTED_CHART: entry<{ chart: string }>({
    title: 'A folder inside the manifests is a Helm chart, and is not read.',
    message: (p) =>
      `\`${p.chart}\` holds a \`Chart.yaml\`: it is a Helm chart, whose templates become manifests only through \`helm template\`, so its files were not read.`,
    hint: 'To read the chart, point --manifests at its folder (Helm renders it); to leave it out of the report, move it out of the manifests folder.',
  }),
} as const;

export type InputErrorCode = keyof typeof INPUT_ERRORS;
export type InputWarningCode = keyof typeof INPUT_WARNINGS;
type Catalogue = typeof INPUT_ERRORS & typeof INPUT_WARNINGS;
type ParamsOf<C extends keyof Catalogue> = Parameters<Catalogue[C]['message']>[0];

export interface InputError extends Position {
  code: InputErrorCode;
  message: string;
  hint: string;
  /** The offending source line (redacted, cut to a window around the column), for a caret display. */
  excerpt?: string;
  /** 1-based column of the caret within `excerpt`, when the excerpt is a window of the line. */
  excerptCol?: number;
}

export interface InputWarning extends Omit<InputError, 'code'> {
  code: InputWarningCode;
}

/** Characters of a source line shown around the column. */
const WINDOW = 100;

function excerptOf(
  lines: readonly string[] | undefined,
  pos: Position,
): Pick<InputError, 'excerpt' | 'excerptCol'> {
  const text = lines?.[pos.line - 1];
  if (text === undefined) return {};
  if (text.length <= 2 * WINDOW) return { excerpt: text };
  const start = Math.max(0, Math.min(pos.col - 1 - WINDOW / 2, text.length - 2 * WINDOW));
  const cut = text.slice(start, start + 2 * WINDOW);
  const lead = start > 0 ? '…' : '';
  const tail = start + 2 * WINDOW < text.length ? '…' : '';
  return { excerpt: `${lead}${cut}${tail}`, excerptCol: pos.col - start + lead.length };
}

function build<C extends keyof Catalogue>(code: C, params: ParamsOf<C>) {
  const spec = { ...INPUT_ERRORS, ...INPUT_WARNINGS }[code] as Entry<Params>;
  const p = Object.fromEntries(
    // A renderer's own message (`details`) is longer than a quoted value, but still bounded.
    Object.entries(params as Params).map(([k, v]) => [
      k,
      typeof v === 'string' ? clip(v, k === 'details' ? 600 : 160) : v,
    ]),
  );
  return {
    message: spec.message(p),
    hint: typeof spec.hint === 'string' ? spec.hint : spec.hint(p),
  };
}

/** One positioned error from the catalogue; `lines` gives the excerpt. */
export function inputError<C extends InputErrorCode>(
  code: C,
  pos: Position,
  params: ParamsOf<C>,
  lines?: readonly string[],
): InputError {
  return { code, ...pos, ...build(code, params), ...excerptOf(lines, pos) };
}

export function inputWarning<C extends InputWarningCode>(
  code: C,
  pos: Position,
  params: ParamsOf<C>,
  lines?: readonly string[],
): InputWarning {
  return { code, ...pos, ...build(code, params), ...excerptOf(lines, pos) };
}

/** Thrown when loading cannot go on; carries every error found so far. */
export class InputErrors extends Error {
  readonly errors: InputError[];
  constructor(errors: InputError[]) {
    super(errors.map((e) => `${e.file}:${e.line}:${e.col} ${e.code} ${e.message}`).join('\n'));
    this.name = 'InputErrors';
    this.errors = errors;
  }
}

/** How many problems a report for people lists before it only counts the rest. */
export const SHOWN_PROBLEMS = 50;

/**
 * The first `limit` items, each formatted, then one line counting the `noun`s left out and
 * saying where every one is listed: a report for people stays readable however many problems
 * there are. Only the items shown are formatted.
 */
export function firstOf<T>(
  items: readonly T[],
  format: (item: T) => string,
  noun: 'finding' | 'problem',
  limit = SHOWN_PROBLEMS,
): string[] {
  const shown = items.slice(0, limit).map(format);
  const left = items.length - shown.length;
  return left > 0 ? [...shown, notListed(left, noun)] : shown;
}

/** The line that ends a shortened list: how many are left out, and where every one is listed. */
export function notListed(left: number, noun: 'finding' | 'problem'): string {
  return `… and ${left} more ${noun}${left === 1 ? '' : 's'}, not listed here; \`npm run check -- --format json\` lists every one.`;
}

/** `file:line:col  CODE  message`, the offending line with a caret, and the hint. */
export function formatInputError(e: InputError | InputWarning): string {
  const lines = [`${visible(e.file)}:${e.line}:${e.col}  ${e.code}  ${e.message}`];
  if (e.excerpt !== undefined) {
    const gutter = `${e.line} | `;
    // One character for one, so the caret stays under its column.
    lines.push(`  ${gutter}${e.excerpt.replace(/\t/g, '→').replace(HIDDEN, '�')}`);
    lines.push(`  ${' '.repeat(gutter.length + Math.max(0, (e.excerptCol ?? e.col) - 1))}^`);
  }
  lines.push(`  hint: ${e.hint}`);
  return lines.join('\n');
}
