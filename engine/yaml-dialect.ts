/**
 * kubectl's YAML dialect, on top of the `yaml` package.
 *
 * `kubectl apply -f` reads manifests with sigs.k8s.io/yaml, which decodes each
 * document with go-yaml v2 (a port of libyaml) and converts the result to JSON
 * (https://github.com/kubernetes-sigs/yaml, `yamlToJSON`; go-yaml v2
 * `resolve.go`). The `yaml` package follows the YAML 1.2 specification more
 * strictly. Where the two disagree, extract follows kubectl, so that whatever
 * kubectl applies is read with the meaning kubectl gives it:
 *
 * - Continuation lines of a multi-line quoted scalar or flow collection may sit
 *   at any indentation (libyaml does not check it; the spec asks for more than
 *   the parent's). Only a document marker at column 1 ends them.
 * - Plain scalars resolve as go-yaml v2 resolves them: YAML 1.1 booleans
 *   (`yes`/`no`/`on`/`off`/`y`/`n`), integers as Go's `strconv.ParseInt` with
 *   base 0 reads them after dropping `_` (`0644` and `0o644` are octal 420,
 *   `0x1F` is 31, `0b101` is 5), floats (`1e3`, `.5`, `08`), `~`/`null`. No
 *   sexagesimal numbers and no timestamps: `12:30` and `2024-01-01` stay strings,
 *   as go-yaml hands them to JSON.
 * - `<<` merge keys are applied.
 * - Keys repeated in one mapping are found by the loader (engine/load.ts), which
 *   decides between a warning (same value) and an error (different values).
 */
import { Composer, Lexer, LineCounter, Parser, type Document, type ScalarTag } from 'yaml';

/** Parse options shared by every YAML the engine reads (manifests and embedded Helm values). */
const YAML_OPTIONS = {
  schema: 'failsafe',
  merge: true,
  uniqueKeys: false,
  strict: true,
  prettyErrors: false,
} as const;

const MAX_INT64 = 2n ** 63n - 1n;
const MIN_INT64 = -(2n ** 63n);
const MAX_UINT64 = 2n ** 64n - 1n;

/** What Go's strconv.ParseInt(s, 0, 64) accepts, after go-yaml removed the underscores. */
const GO_INT = /^[-+]?(?:0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/;
/** go-yaml v2's `yamlStyleFloat`, tried on a digit- or sign-led scalar that is no integer. */
const GO_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
/** strconv.ParseFloat on a `.`-led scalar (go-yaml's '.' hint): `.5`, `.5e3`. */
const DOT_FLOAT = /^\.[0-9]+(?:[eE][-+]?[0-9]+)?$/;

/** Go's base-0 integer, or null when it is out of the int64/uint64 range or not an integer. */
function goInt(plain: string): bigint | null {
  if (!GO_INT.test(plain)) return null;
  const neg = plain.startsWith('-');
  let body = plain.replace(/^[-+]/, '');
  if (/^0[0-7]+$/.test(body)) body = `0o${body.slice(1)}`;
  const n =
    (neg ? -1n : 1n) * BigInt(body.replace(/^0([XOB])/, (_, p: string) => `0${p.toLowerCase()}`));
  return n >= MIN_INT64 && n <= MAX_UINT64 && (n <= MAX_INT64 || !neg) ? n : null;
}

const numberLead = (s: string) => /^[-+0-9]/.test(s);

/** A tag whose `test` is a function: the schema only ever calls `test.test(source)`. */
const tester = (test: (s: string) => boolean) => ({ test }) as unknown as RegExp;

const STR_INFINITY = /^(?:[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

/** go-yaml v2's implicit scalar types (resolve.go), in the order it tries them. */
const GO_YAML_V2_TAGS: ScalarTag[] = [
  {
    tag: 'tag:yaml.org,2002:null',
    default: true,
    test: /^(?:~|null|Null|NULL)?$/,
    resolve: () => null,
  },
  {
    tag: 'tag:yaml.org,2002:bool',
    default: true,
    test: /^(?:y|Y|yes|Yes|YES|true|True|TRUE|on|On|ON|n|N|no|No|NO|false|False|FALSE|off|Off|OFF)$/,
    resolve: (s) => /^(?:y|Y|yes|Yes|YES|true|True|TRUE|on|On|ON)$/.test(s),
  },
  {
    tag: 'tag:yaml.org,2002:float',
    default: true,
    test: STR_INFINITY,
    resolve: (s) => (/nan/i.test(s) ? NaN : s.startsWith('-') ? -Infinity : Infinity),
  },
  {
    tag: 'tag:yaml.org,2002:int',
    default: true,
    test: tester((s) => numberLead(s) && goInt(s.replace(/_/g, '')) !== null),
    resolve: (s) => Number(goInt(s.replace(/_/g, ''))),
  },
  {
    tag: 'tag:yaml.org,2002:float',
    default: true,
    test: tester((s) => (numberLead(s) && GO_FLOAT.test(s.replace(/_/g, ''))) || DOT_FLOAT.test(s)),
    resolve: (s) => Number(s.replace(/_/g, '')),
  },
];

interface LexerInternals {
  indentNext: number;
  parseQuotedScalar: () => Generator<string, string>;
  parseFlowCollection: () => Generator<string, string>;
}

/**
 * A lexer that, like libyaml, does not end a quoted scalar or a flow collection
 * at a line indented less than its parent. The `yaml` lexer ends them when
 * `indentNext` says the line is out of the block; with it at 0 only a
 * document marker at column 1 does. The value is the same either way: line
 * folding drops the leading spaces of continuation lines.
 */
function kubectlLexer(): Lexer {
  const lexer = new Lexer();
  const inner = lexer as unknown as LexerInternals;
  for (const method of ['parseQuotedScalar', 'parseFlowCollection'] as const) {
    const base = inner[method];
    inner[method] = function* (this: LexerInternals) {
      const indent = this.indentNext;
      this.indentNext = 0;
      try {
        return yield* base.call(this);
      } finally {
        // Block context resumes where it was; a new document resets it at its first line start.
        this.indentNext = indent;
      }
    };
  }
  return lexer;
}

/**
 * Every document of a YAML stream, read as kubectl reads it, with a line
 * counter for positions. Parsing costs about a microsecond and a few hundred
 * bytes per lexeme, so `maxLexemes` bounds a file by work, not by size: past
 * it the parse stops and `stoppedAt` is the offset reached.
 */
export function parseKubectlYaml(
  text: string,
  maxLexemes = Infinity,
): { docs: Document.Parsed[]; lineCounter: LineCounter; stoppedAt: number | null } {
  const lineCounter = new LineCounter();
  const parser = new Parser(lineCounter.addNewLine);
  const lexer = kubectlLexer();
  let stoppedAt: number | null = null;
  function* tokens() {
    lineCounter.addNewLine(0);
    let count = 0;
    let offset = 0;
    for (const lexeme of lexer.lex(text)) {
      if (++count > maxLexemes) {
        stoppedAt = offset;
        return;
      }
      offset += lexeme.length;
      yield* parser.next(lexeme);
    }
    yield* parser.end();
  }
  const composer = new Composer({ ...YAML_OPTIONS, customTags: GO_YAML_V2_TAGS });
  const docs = Array.from(composer.compose(tokens())) as Document.Parsed[];
  return { docs, lineCounter, stoppedAt };
}
