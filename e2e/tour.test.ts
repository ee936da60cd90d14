// The delegation tour (/demo) in Chromium, on the shared seeded city (read only), as a delegation and a
// presenter would meet it: it opens with no sign-in, plays every scene of web/tour/scenes.ts — its caption,
// the layers it names, what it opens (the alley with its chief and checklist, a case with its whole trail,
// the storm and the crowd replayed) — in Chinese and in English, moves on by itself and loops, and obeys the
// presenter's keys. Every request stays on the page's origin, and no answer the tour received holds a
// phone-like string or the name of anyone but an alley chief. A leader hands the wall to the tour and takes
// it back.
import type { Page, Response } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fullDatabaseUrl } from '../test/db.ts';
import { PHONES, personalNames, strings } from '../test/personal.ts';
import { TOGGLES } from '../web/cockpit/layers.ts';
import { SCENES, type TourLocale, type TourScene } from '../web/tour/scenes.ts';
import { type Harness, MAP_TIMEOUT, startHarness } from './harness.ts';

let h: Harness;
let personal: Set<string>;
beforeAll(async () => {
  h = await startHarness(fullDatabaseUrl(), { width: 1600, height: 900 });
  personal = await personalNames(fullDatabaseUrl());
});
afterEach(() => h.closePages());
afterAll(() => h?.close());

/** What the page received, kept to be scanned: every answer's body (tiles and Arrow as bytes, JSON parsed). */
function recordAnswers(page: Page): { url: string; text: string; json: unknown }[] {
  const seen: { url: string; text: string; json: unknown }[] = [];
  page.on('response', (r: Response) => {
    if (r.request().method() === 'OPTIONS' || new URL(r.url()).pathname === '/api/live') return;
    r.body().then(
      (body) => {
        const text = body.toString('utf8');
        let json: unknown = null;
        if ((r.headers()['content-type'] ?? '').includes('json')) json = JSON.parse(text);
        seen.push({ url: r.url(), text, json });
      },
      () => {}, // a page moved on before the body arrived
    );
  });
  return seen;
}

function expectNothingPersonal(answers: { url: string; text: string; json: unknown }[]) {
  expect(answers.length).toBeGreaterThan(20);
  for (const a of answers) {
    for (const phone of PHONES) expect(a.text, a.url).not.toMatch(phone);
    if (a.json !== null)
      expect(
        strings(a.json).filter((s) => personal.has(s)),
        a.url,
      ).toEqual([]);
  }
}

/** The deck.gl layers the map was last given: id → visible. */
const drawnLayers = (page: Page) =>
  page.evaluate(() => {
    const el = document.querySelector('.map-canvas') as HTMLElement & { deckLayers?: { id: string; props: { visible?: boolean } }[] };
    return Object.fromEntries((el?.deckLayers ?? []).map((l) => [l.id, l.props.visible !== false]));
  });

const REPLAYED = ['heat', 'cases', 'sensors', 'crowds'];

async function expectScene(page: Page, index: number, lang: TourLocale) {
  const scene: TourScene = SCENES[index]!;
  const tour = page.getByTestId('tour');
  await expect.poll(() => tour.getAttribute('data-scene'), { timeout: 30_000 }).toBe(scene.id);
  await expect.poll(() => page.getByTestId('tour-caption').locator('h2').textContent()).toBe(scene.caption[lang].title);
  expect(await page.getByTestId('tour-caption').locator('p').textContent()).toBe(scene.caption[lang].body);
  expect(new URL(page.url()).searchParams.get('scene')).toBe(String(index + 1));
  expect(await page.getByTestId('tour-count').textContent()).toContain(String(index + 1));

  if (scene.replay) {
    // the past's own layers, under the banner that says so
    await page.getByTestId('replay-banner').waitFor({ timeout: MAP_TIMEOUT });
    await expect
      .poll(async () => Object.keys(await drawnLayers(page)).filter((id) => id.startsWith('replay-')), { timeout: MAP_TIMEOUT })
      .toEqual(expect.arrayContaining(REPLAYED.map((l) => `replay-${l}`)));
    for (const l of scene.layers) expect(REPLAYED, `${scene.id}: ${l} is not replayed`).toContain(l);
  } else {
    expect(await page.getByTestId('replay-banner').count()).toBe(0);
    // every layer the scene names is drawn, every other one hidden
    await expect
      .poll(
        async () => {
          const drawn = await drawnLayers(page);
          return Object.fromEntries(TOGGLES.map((t) => [t, drawn[t] ?? 'absent']));
        },
        { timeout: MAP_TIMEOUT },
      )
      .toEqual(Object.fromEntries(TOGGLES.map((t) => [t, scene.layers.includes(t)])));
  }
  if (scene.focus) expect(await page.getByTestId('cockpit').getAttribute('data-focus')).toBe(scene.focus);
  if (scene.alley) {
    // the alley with its chief and its 十有十无 board, by name
    const panel = page.getByTestId('side-panel');
    await expect.poll(() => panel.locator('h2').first().textContent(), { timeout: 30_000 }).toBe(scene.alley.name);
    await expect.poll(() => panel.getByTestId('alley-people').locator('li').first().textContent()).not.toBe('');
    expect(await panel.getByTestId('alley-checklist').locator('li').count()).toBe(20);
    expect(new URL(page.url()).searchParams.get('alley')).toMatch(/^[a-z0-9-]+$/);
  }
  if (scene.case) {
    // a real case's whole loop, report to evaluation
    const trail = page.getByTestId('case-trail').locator('li');
    await expect.poll(() => trail.count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(7);
    expect(new URL(page.url()).searchParams.get('case')).toMatch(/^[A-Za-z0-9-]+$/);
  }
}

/** Plays the tour by the presenter's keys: every scene, then round to the first; back from the first to the last. */
async function presentAll(page: Page, lang: TourLocale) {
  for (let i = 0; i < SCENES.length; i++) {
    await expectScene(page, i, lang);
    await page.keyboard.press(i % 2 ? 'PageDown' : 'ArrowRight');
  }
  await expectScene(page, 0, lang);
  await page.keyboard.press('PageUp');
  await expect.poll(() => page.getByTestId('tour').getAttribute('data-scene')).toBe(SCENES.at(-1)!.id);
}

describe('the delegation tour', { timeout: 600_000 }, () => {
  it('plays every scene in Chinese by the presenter’s keys, with no sign-in, nothing personal and nothing from outside', async () => {
    const { page, problems, requests } = await h.openPage();
    const answers = recordAnswers(page);
    await page.goto(`${h.server.url}/demo`);
    await page.getByTestId('tour').waitFor({ timeout: MAP_TIMEOUT });
    // paused: the presenter leads
    await page.keyboard.press(' ');
    await expect.poll(() => page.getByTestId('tour').getAttribute('data-paused')).toBe('true');
    await page.locator('.cockpit[data-state="ready"]').waitFor({ timeout: MAP_TIMEOUT });
    // a visitor: no emergency switch, no sign-in form, no leader to hand back to
    expect(await page.getByTestId('emergency-switch').count()).toBe(0);
    expect(await page.getByTestId('tour-exit').count()).toBe(0);
    expect(await page.evaluate(() => JSON.parse(sessionStorage.getItem('xiuhua.session') ?? 'null')?.role)).toBe('demo');

    await presentAll(page, 'zh-CN');
    await h.saveScreenshot(page, 'tour-zh-last');
    // L switches the language, the address says so
    await page.keyboard.press('l');
    await expect.poll(() => page.getByTestId('tour-caption').locator('h2').textContent()).toBe(SCENES.at(-1)!.caption.en.title);
    expect(new URL(page.url()).searchParams.get('lang')).toBe('en');

    expect(requests.every((u) => u.startsWith(h.server.url) || u.startsWith('data:') || u.startsWith('blob:'))).toBe(true);
    expectNothingPersonal(answers);
    expect(problems).toEqual([]);
  });

  it('plays every scene in English from a link, moves on by itself and loops', async () => {
    const { page, problems } = await h.openPage();
    const answers = recordAnswers(page);
    // a fast test speed: every scene a fortieth of its time; the scenes the page showed, in order
    await page.addInitScript(() => {
      const seen: string[] = [];
      Object.assign(window, { tourSeen: seen });
      new MutationObserver(() => {
        const s = document.querySelector('[data-testid="tour"]')?.getAttribute('data-scene');
        if (s && seen.at(-1) !== s) seen.push(s);
      }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-scene'], childList: true });
    });
    await page.goto(`${h.server.url}/demo?lang=en&pace=40`);
    const ids = SCENES.map((s) => s.id);
    await expect
      .poll(() => page.evaluate((n) => (window as unknown as { tourSeen: string[] }).tourSeen.slice(0, n), ids.length + 1), {
        timeout: MAP_TIMEOUT,
      })
      .toEqual([...ids, ids[0]]);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');

    // then a presenter takes over at the third scene, by link, and goes through it all in English
    await page.goto(`${h.server.url}/demo?lang=en&scene=3`);
    await page.getByTestId('tour-pause').click();
    await expect.poll(() => page.getByTestId('tour').getAttribute('data-paused')).toBe('true');
    // Space with the pause button still focused toggles once, not twice
    await page.keyboard.press(' ');
    await expect.poll(() => page.getByTestId('tour').getAttribute('data-paused')).toBe('false');
    await page.keyboard.press(' ');
    await expect.poll(() => page.getByTestId('tour').getAttribute('data-paused')).toBe('true');
    await expectScene(page, 2, 'en');
    await h.saveScreenshot(page, 'tour-en-alley');
    await page.keyboard.press('Home');
    await presentAll(page, 'en');
    expectNothingPersonal(answers);
    expect(problems).toEqual([]);
  });

  it('takes the wall from a leader in one click (参观模式) and gives it back with Esc', async () => {
    const { page, problems } = await h.openPage();
    await h.signIn(page, 'leader');
    await page.locator('.cockpit[data-state="ready"]').waitFor({ timeout: MAP_TIMEOUT });
    const leaderName = await page.getByTestId('current-user').locator('span').first().textContent();
    await page.getByTestId('hand-over').click();
    await page.getByTestId('tour').waitFor({ timeout: MAP_TIMEOUT });
    expect(new URL(page.url()).pathname).toBe('/demo');
    expect(await page.evaluate(() => JSON.parse(sessionStorage.getItem('xiuhua.session') ?? 'null')?.role)).toBe('demo');
    await page.getByTestId('tour-exit').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('current-user').waitFor({ timeout: MAP_TIMEOUT });
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await page.getByTestId('current-user').locator('span').first().textContent()).toBe(leaderName);
    expect(await page.getByTestId('emergency-switch').count()).toBe(1);
    expect(problems).toEqual([]);
  });
});
