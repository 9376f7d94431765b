/**
 * One place for how this project starts Chromium (build-time diagrams, screenshots,
 * browser tests, Lighthouse): Debian's binary unless CHROMIUM_PATH says otherwise (for
 * diagrams, its headless shell when installed), headless, and with the background
 * services off that would otherwise try to reach the network at every start.
 */
import { existsSync } from 'node:fs';

export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
}

/** Debian's chromium-headless-shell: the same engine without the browser around it. */
export const HEADLESS_SHELL = '/usr/bin/chromium-headless-shell';

/**
 * The Chromium that draws the build's diagrams: CHROMIUM_PATH when set, else Debian's
 * headless shell when it is installed (it starts in about a third of the full browser's
 * time, and measures text with the same engine and fonts), else the full browser. Pages are
 * screenshotted and tested in the full browser, the kind readers use.
 */
export function diagramChromiumPath(
  env: NodeJS.ProcessEnv = process.env,
  exists: (path: string) => boolean = existsSync,
): string {
  if (env.CHROMIUM_PATH) return env.CHROMIUM_PATH;
  return exists(HEADLESS_SHELL) ? HEADLESS_SHELL : '/usr/bin/chromium';
}

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

/** playwright-core launch options. */
export function launchOptions(): { executablePath: string; args: string[] } {
  return { executablePath: chromiumPath(), args: CHROMIUM_ARGS };
}
