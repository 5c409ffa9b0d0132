/**
 * Headless Debian chromium through playwright-core, offline: every request that
 * is not to 127.0.0.1/localhost is aborted (the playground's UI asks a CDN for
 * fonts; it falls back to local fonts). Fails with a clear message when the
 * browser is missing (`npm test` installs it via test/tools/ensure-system-deps.sh).
 */
import { existsSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export interface HeadlessBrowser {
  browser: Browser;
  page: Page;
  close(): Promise<void>;
}

export async function openBrowser(viewport = { width: 1280, height: 900 }): Promise<HeadlessBrowser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is missing at ${CHROMIUM}: the browser test needs Debian's chromium. ` +
        "Run `bash test/tools/ensure-system-deps.sh` (or `sudo apt-get install -y chromium`), or set CHROMIUM_PATH.",
    );
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
    // launch() always starts from a fresh, temporary profile (it refuses --user-data-dir).
  });
  const context = await browser.newContext({ viewport, locale: "nb-NO", timezoneId: "Europe/Oslo", deviceScaleFactor: 1 });
  await context.route(/^https?:\/\/(?!127\.0\.0\.1[:/]|localhost[:/])/, (route) => route.abort());
  const page = await context.newPage();
  return {
    browser,
    page,
    close: async () => {
      await browser.close().catch(() => undefined);
    },
  };
}
