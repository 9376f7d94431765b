/** What every command returns, and the argument parser they share (node:util parseArgs). */
import { parseArgs as parse } from 'node:util';

export interface CliResult {
  code: 0 | 1 | 2;
  stdout: string;
  stderr: string;
  /** Markdown for the CI job summary (`$GITHUB_STEP_SUMMARY`); bin.ts appends it there. */
  summary?: string;
}

export interface ParsedArgs {
  manifests: string;
  format: string;
  rest: Record<string, string | true>;
}

/**
 * Parses `--flag value` / `--flag=value` arguments. Unknown flags, positional
 * arguments and missing values are usage errors, returned as the message.
 */
export function parseArgs(
  argv: string[],
  flags: Record<string, 'value' | 'switch'>,
): ParsedArgs | string {
  const options = Object.fromEntries(
    Object.entries(flags).map(([name, kind]) => [
      name,
      { type: kind === 'value' ? ('string' as const) : ('boolean' as const) },
    ]),
  );
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parse({ args: argv, options, strict: true, allowPositionals: false }));
  } catch (e) {
    return usageError(e as Error & { code?: string }, argv, flags);
  }
  const rest: Record<string, string | true> = {};
  for (const [name, v] of Object.entries(values)) {
    if (v === undefined || v === false) continue;
    // `--docs --format json`: a flag where a value belongs is a missing value, not a value.
    if (typeof v === 'string' && (v === '' || v.startsWith('--')))
      return `\`--${name}\` needs a value`;
    rest[name] = v === true ? true : v;
  }
  return {
    manifests: String(rest.manifests ?? 'manifests'),
    format: String(rest.format ?? 'text'),
    rest,
  };
}

/** node:util's errors, in the words the commands have always used. */
function usageError(
  e: Error & { code?: string },
  argv: string[],
  flags: Record<string, string>,
): string {
  if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const name = /'--?([\w-]+)/.exec(e.message)?.[1] ?? '';
    // `--verbose=1`: a switch given a value.
    if (flags[name] === 'switch') return `\`--${name}\` takes no value`;
    return flags[name] === 'value'
      ? `\`--${name}\` needs a value`
      : `unknown argument \`--${name}\``;
  }
  const bad =
    argv.find((a) => {
      const m = /^--([^=]+)/.exec(a);
      return m ? !(m[1] in flags) : true;
    }) ?? argv[0];
  return `unknown argument \`${bad}\``;
}
