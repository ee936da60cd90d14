// What every browser test needs: a server on a test database, one Chromium, pages that report
// everything that should not happen (console errors, page errors, requests to another origin, failed
// answers), signing in, and screenshots kept as test artifacts.

import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { loadConfig } from '../server/config.ts';
import { projectRoot } from '../server/paths.ts';
import { type RunningServer, startServer } from '../server/serve.ts';
import { launchBrowser } from '../test/browser.ts';
import { freshDatabase, type TestDatabase } from '../test/db.ts';

export const ARTIFACTS = join(projectRoot, 'test-artifacts');
/** Software WebGL draws ~9,200 cells and 2,435 alleys in seconds, not milliseconds. */
export const MAP_TIMEOUT = 120_000;

export interface Watched {
  page: Page;
  context: BrowserContext;
  /** Console errors, uncaught page errors, requests to other origins, failed API answers. */
  problems: string[];
  /** Every URL the page requested, in order. */
  requests: string[];
}

export interface Harness {
  server: RunningServer;
  browser: Browser;
  openPage(viewport?: { width: number; height: number }, options?: BrowserContextOptions): Promise<Watched>;
  signIn(page: Page, username: string, search?: string): Promise<void>;
  saveScreenshot(page: Page, name: string): Promise<void>;
  /** Closes the pages opened since the last call (afterEach). */
  closePages(): Promise<void>;
  close(): Promise<void>;
}

export async function startHarness(databaseUrl: string, defaultViewport = { width: 1600, height: 900 }): Promise<Harness> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const config = {
    ...loadConfig(databaseUrl),
    host: '127.0.0.1',
    port: 0,
    logLevel: process.env.LOG_LEVEL ?? 'silent',
    poolSize: 4,
    simulate: false,
  };
  // Tokens are signed with a secret of this test's own.
  const server = await startServer(config, { tokenSecret: randomBytes(32) });
  const browser = await launchBrowser();
  const opened: Watched[] = [];
  const origin = new URL(server.url).origin;

  return {
    server,
    browser,
    async openPage(viewport = defaultViewport, options = {}) {
      // Reduced motion: software WebGL redraws the whole map for every frame of the crowd-flow
      // animation, which would starve the page (a GPU on the wall does it in a few ms).
      const context = await browser.newContext({
        viewport,
        locale: 'zh-CN',
        timezoneId: 'Asia/Shanghai',
        reducedMotion: 'reduce',
        ...options,
      });
      // clicks and reads wait up to a minute (default 30 s): on a busy 2-core machine software WebGL can hold the
      // page's main thread that long; conditions are still waited for, never fixed times
      context.setDefaultTimeout(60_000);
      const page = await context.newPage();
      const problems: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      page.on('request', (r) => {
        const url = r.url();
        requests.push(url);
        if (url.startsWith('data:') || url.startsWith('blob:')) return;
        if (new URL(url).origin !== origin) problems.push(`request to another origin: ${url}`);
      });
      page.on('response', (r) => {
        if (r.status() >= 400) problems.push(`HTTP ${r.status()} for ${r.request().method()} ${r.url()}`);
      });
      const watched = { page, context, problems, requests };
      opened.push(watched);
      return watched;
    },
    async signIn(page, username, search = '') {
      await page.goto(`${server.url}/${search}`);
      await page.getByLabel('用户名').fill(username);
      await page.getByLabel('密码').fill(`xiuhua-${username}`);
      await page.getByRole('button', { name: '登录', exact: true }).click();
    },
    async saveScreenshot(page, name) {
      await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), timeout: MAP_TIMEOUT });
    },
    async closePages() {
      for (const w of opened.splice(0)) await w.context.close();
    },
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/**
 * For a test file whose tests write: a city of its own (a fresh copy of the seeded template) with a
 * harness on it. Pages close after each test; the harness and the database go at the end. Read
 * `city.h` and `city.db` inside the tests (they exist once `beforeAll` has run).
 */
export function onFreshCity(viewport: { width: number; height: number }): { readonly h: Harness; readonly db: TestDatabase } {
  let db: TestDatabase | undefined;
  let h: Harness | undefined;
  beforeAll(async () => {
    db = await freshDatabase();
    h = await startHarness(db.url, viewport);
  });
  afterEach(() => h?.closePages());
  afterAll(async () => {
    await h?.close();
    await db?.drop();
  });
  return {
    get h() {
      return h!;
    },
    get db() {
      return db!;
    },
  };
}
