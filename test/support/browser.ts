import { chromium, type Browser } from 'playwright-core';

/**
 * Debian's Chromium, headless, with the background-networking features off: this machine has no
 * network beyond loopback, and those features would otherwise keep trying to reach out.
 */
export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}
