/**
 * The renderers the engine runs and never re-implements: Kustomize (as
 * `kubectl kustomize`, the one `kubectl apply -k` embeds, or a standalone
 * `kustomize build`) and Helm (`helm template`). Found on the PATH; a
 * variable names one explicitly (BOOK_KUSTOMIZE, BOOK_HELM).
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { basename, delimiter, join } from 'node:path';

export interface Tool {
  /** What the message names: `kubectl kustomize`, `kustomize build`, `helm template`. */
  name: 'kubectl kustomize' | 'kustomize build' | 'helm template';
  bin: string;
  /** Arguments before the ones the caller adds. */
  args: string[];
}

function executable(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first executable of that name on the PATH (as the shell would find it), or null. */
export function onPath(name: string, path = process.env.PATH ?? ''): string | null {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const full = join(dir, name);
    if (executable(full)) return full;
  }
  return null;
}

/** A path given in a variable, or a name on the PATH. */
function named(value: string): string | null {
  return value.includes('/') ? (executable(value) ? value : null) : onPath(value);
}

/**
 * Kustomize: `BOOK_KUSTOMIZE` (a kubectl or a kustomize binary) when set,
 * else kubectl, whose embedded Kustomize is the one `kubectl apply -k` uses,
 * else a standalone kustomize.
 */
export function findKustomize(env = process.env): Tool | null {
  const as = (bin: string): Tool =>
    basename(bin).startsWith('kustomize')
      ? { name: 'kustomize build', bin, args: ['build'] }
      : { name: 'kubectl kustomize', bin, args: ['kustomize'] };
  if (env.BOOK_KUSTOMIZE) {
    const bin = named(env.BOOK_KUSTOMIZE);
    return bin ? as(bin) : null;
  }
  const kubectl = onPath('kubectl', env.PATH);
  if (kubectl) return as(kubectl);
  const kustomize = onPath('kustomize', env.PATH);
  return kustomize ? as(kustomize) : null;
}

/** Helm: `BOOK_HELM` when set, else `helm` on the PATH. */
export function findHelm(env = process.env): Tool | null {
  const bin = named(env.BOOK_HELM || 'helm');
  return bin ? { name: 'helm template', bin, args: ['template'] } : null;
}

/** What a renderer printed and whether it succeeded. */
export interface RunResult {
  ok: boolean;
  stdout: string;
  /** The renderer's own error message, without logging prefixes; bounded. */
  error: string;
}

/** Rendered output larger than this is not a manifests folder (the API server refuses 3 MiB objects). */
const MAX_OUTPUT = 256 * 2 ** 20;

/**
 * The renderers get no network, whatever a base outside the folder asks for (the walk reports the
 * remote entries it can see as REMOTE_RESOURCE; one in a base outside the manifests folder is
 * out of its sight): git may use no transport but local files, and HTTP goes to a proxy address
 * that refuses at once. https://git-scm.com/docs/git#Documentation/git.txt-codeGITALLOWPROTOCOLcode
 */
const NO_NETWORK = {
  GIT_ALLOW_PROTOCOL: 'file',
  HTTPS_PROXY: 'http://127.0.0.1:9',
  HTTP_PROXY: 'http://127.0.0.1:9',
  https_proxy: 'http://127.0.0.1:9',
  http_proxy: 'http://127.0.0.1:9',
  NO_PROXY: '',
  no_proxy: '',
};

/** Runs a renderer synchronously: extract() is synchronous, and a render takes well under a second. */
export function run(tool: Tool, args: string[], cwd?: string): RunResult {
  const r = spawnSync(tool.bin, [...tool.args, ...args], {
    cwd,
    env: { ...process.env, ...NO_NETWORK },
    encoding: 'utf8',
    maxBuffer: MAX_OUTPUT,
    timeout: 120_000,
    // Helm and kubectl read no terminal; a prompt would hang the build.
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (r.error) return { ok: false, stdout: '', error: r.error.message };
  if (r.status === 0) return { ok: true, stdout: r.stdout, error: '' };
  return { ok: false, stdout: '', error: toolMessage(r.stderr || r.stdout || '') };
}

/**
 * The message of a failed run: kubectl logs it as
 * `E1201 10:57:16.103727 10292 run.go:72] "command failed" err="…"` (a Go
 * quoted string), kustomize and helm as `Error: …`.
 */
function toolMessage(stderr: string): string {
  const quoted = /\berr="((?:[^"\\]|\\.)*)"/.exec(stderr);
  // A multi-line value is logged as `err=<` then tab-indented lines, then ` >`.
  const block = /\berr=<\n([\s\S]*?)\n\s*>\s*$/m.exec(stderr);
  let text = quoted ? unquoteGo(quoted[1]) : block ? block[1] : stderr;
  text = text
    .split(/\r?\n/)
    .map((l) => l.replace(/^Error:\s*/, '').trim())
    .filter(Boolean)
    .join(' ');
  return text;
}

function unquoteGo(s: string): string {
  try {
    return JSON.parse(`"${s.replace(/\\'/g, "'")}"`) as string;
  } catch {
    return s.replace(/\\"/g, '"');
  }
}
