/** What every command returns, and the argument parser they share. */

export interface CliResult {
  code: 0 | 1 | 2;
  stdout: string;
  stderr: string;
}

export interface ParsedArgs {
  manifests: string;
  format: string;
  rest: Record<string, string | true>;
}

/** Parses `--flag value` / `--flag=value` arguments; unknown flags are usage errors. */
export function parseArgs(
  argv: string[],
  flags: Record<string, 'value' | 'switch'>,
): ParsedArgs | string {
  const out: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!m || !(m[1] in flags)) return `unknown argument \`${arg}\``;
    if (flags[m[1]] === 'switch') out[m[1]] = true;
    else {
      const value = m[2] ?? argv[++i];
      if (value === undefined || value === '' || value.startsWith('--'))
        return `\`--${m[1]}\` needs a value`;
      out[m[1]] = value;
    }
  }
  return {
    manifests: String(out.manifests ?? 'manifests'),
    format: String(out.format ?? 'text'),
    rest: out,
  };
}
