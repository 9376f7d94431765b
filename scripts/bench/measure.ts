/**
 * Timing for the benchmarks: one command run as a child process, its wall
 * time and (where GNU time is installed) the CPU time it used, which a busy
 * machine inflates far less than the wall time. Medians over several runs.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Sample {
  /** Wall time, ms. */
  wall: number;
  /** User + system CPU time of the command and its children, ms (NaN without GNU time). */
  cpu: number;
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Exit codes that count as success (the check exits 1 on drift). */
  ok?: number[];
}

const GNU_TIME = '/usr/bin/time';
const hasGnuTime = existsSync(GNU_TIME);
let timeDir: string | null = null;
/** Where GNU time writes its figures: made on first use, so importing this module leaves no trace. */
function rusageFile(): string {
  if (!timeDir) {
    const dir = mkdtempSync(join(tmpdir(), 'hd-bench-time-'));
    process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
    timeDir = dir;
  }
  return join(timeDir, 'rusage');
}

/** Runs `cmd args` once, output discarded (kept for the error when it fails). */
export function run(cmd: string, args: string[], opts: RunOptions = {}): Sample {
  const out = rusageFile();
  const [file, argv] = hasGnuTime
    ? [GNU_TIME, ['-f', '%U %S', '-o', out, cmd, ...args]]
    : [cmd, args];
  const t = process.hrtime.bigint();
  const r = spawnSync(file, argv, {
    cwd: opts.cwd,
    env: opts.env ?? process.env,
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  const wall = Number(process.hrtime.bigint() - t) / 1e6;
  if (!(opts.ok ?? [0]).includes(r.status ?? -1)) {
    const err = r.stderr?.toString() ?? '';
    throw new Error(
      `${cmd} ${args.join(' ')} (in ${opts.cwd ?? '.'}) exited ${r.status}:\n${err.slice(-2000)}`,
    );
  }
  let cpu = NaN;
  if (hasGnuTime) {
    const [u, s] = readFileSync(out, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
    cpu = (u + s) * 1000;
  }
  return { wall, cpu };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export interface Stats {
  label: string;
  median: number;
  min: number;
  cpu: number;
  runs: number;
  /** Each run's wall time, in the order run. */
  walls: number[];
}

export function stats(label: string, samples: Sample[]): Stats {
  const wall = samples.map((s) => s.wall);
  return {
    label,
    median: median(wall),
    min: Math.min(...wall),
    cpu: median(samples.map((s) => s.cpu)),
    runs: samples.length,
    walls: wall,
  };
}

/**
 * `a` over `b` round by round, for two cases measured interleaved: run i of one against run i
 * of the other, minutes apart at most. A machine that slows down or speeds up during a
 * benchmark moves both sides of a round alike, so these ratios scatter less than the medians
 * do across runs; their median and spread are printed beside the ratio of the medians.
 */
export function pairedRatios(a: Stats, b: Stats): { median: number; min: number; max: number } {
  const rs = a.walls.slice(0, b.walls.length).map((w, i) => w / b.walls[i]);
  return { median: median(rs), min: Math.min(...rs), max: Math.max(...rs) };
}

const ms = (n: number, width = 6) => (Number.isNaN(n) ? '-' : n.toFixed(0)).padStart(width);

export function print(s: Stats): void {
  console.log(
    `  ${s.label.padEnd(40)} median ${ms(s.median)} ms   min ${ms(s.min)} ms   cpu ${ms(s.cpu)} ms   (${s.runs} runs)`,
  );
}

/** `runs` timed runs after one untimed one (file cache, compile cache), printed. */
export function bench(label: string, runs: number, fn: () => Sample): Stats {
  fn();
  const s = stats(
    label,
    Array.from({ length: runs }, () => fn()),
  );
  print(s);
  return s;
}

/**
 * Several commands measured round-robin, so a burst of load from elsewhere
 * falls on all of them alike; after one untimed round.
 */
export function interleaved(
  runs: number,
  cases: { label: string; fn: () => Sample }[],
  warmUp = true,
): Stats[] {
  if (warmUp) for (const c of cases) c.fn();
  const samples = cases.map(() => [] as Sample[]);
  for (let i = 0; i < runs; i++) cases.forEach((c, j) => samples[j].push(c.fn()));
  const out = cases.map((c, j) => stats(c.label, samples[j]));
  out.forEach(print);
  return out;
}

/** "ok" or "MISS" against a target, for the summary. */
export const verdict = (pass: boolean) => (pass ? 'ok  ' : 'MISS');

export function loadAverage(): string {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    return 'unknown';
  }
}
