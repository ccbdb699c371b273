/** What the catalog's browser tests share: launching Chromium, watching a page, screenshots. */
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";
import { CHROMIUM } from "../support/chromium.js";

// The browser globals used in page callbacks (the project's tsconfig has no DOM lib).
declare const document: { documentElement: { hasAttribute(name: string): boolean } };

/** Screenshots are test artefacts, kept under the git-ignored test-results/. */
export const SCREENSHOTS = fileURLToPath(new URL("../../test-results/catalog/", import.meta.url));

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, name) });
}

export const MISSING_CHROMIUM =
  `Chromium is not installed at ${CHROMIUM}: the catalog's browser test needs it ` +
  "(Debian: apt-get install -y chromium; `npm test` installs it when run as root). Not skipping.";

/** Debian's Chromium, headless, with everything that would reach the network turned off. */
export async function launch(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(MISSING_CHROMIUM);
  return chromium.launch({
    executablePath: CHROMIUM,
    // The machine has no network: nothing may try to reach it.
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** Everything a page does wrong: console errors, script errors, failed or off-site requests. */
export function watch(page: Page, isLocal: (url: URL) => boolean): string[] {
  const problems: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console error: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("requestfailed", (r) => problems.push(`failed request: ${r.url()} (${r.failure()?.errorText})`));
  page.on("request", (r) => {
    const url = new URL(r.url());
    if (url.protocol !== "data:" && !isLocal(url)) problems.push(`off-site request: ${r.url()}`);
  });
  page.on("response", (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  return problems;
}

export const isServer = (url: URL) => url.protocol === "http:" && url.hostname === "127.0.0.1";

/** Waits for catalog.js to report on `what` (`data-search`, `data-lineage`), and returns the report. */
export async function state(page: Page, what: "lineage" | "search"): Promise<string | null> {
  await page.waitForFunction((name) => document.documentElement.hasAttribute(name), `data-${what}`, {
    timeout: 30_000,
  });
  return page.getAttribute("html", `data-${what}`);
}
