/**
 * One place for how this project starts Chromium (build-time diagrams,
 * screenshots, browser tests, Lighthouse): Debian's binary unless
 * CHROMIUM_PATH says otherwise, headless, and with the background services
 * off that would otherwise try to reach the network at every start.
 */
export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
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
