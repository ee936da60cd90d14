// Emergency command in Chromium, end to end on a city of its own: an underpass floods (readings through
// the API raise the alarm); the leader opens the alarm from the flood-watch panel and raises the
// incident in one click, which puts the cockpit into emergency mode (in the URL); the impact zone and
// the nearest units are what the API says; an instruction goes to the two nearest pump trucks; a second
// page — a unit's field terminal on a phone — receives it and acknowledges; the cockpit shows the
// acknowledgement (how long it took is logged: no timing thresholds in tests); the unit reports progress from where it is; the timeline replays; one click returns to normal.
import { describe, expect, it } from 'vitest';
import type { Impact, Incident, NearUnit } from '../server/contracts/emergency.ts';
import type { TokenAnswer } from '../server/contracts/index.ts';
import { floodingReadings } from '../test/flood.ts';
import { MAP_TIMEOUT, onFreshCity } from './harness.ts';
import { layoutProblems, pageApi } from './page.ts';

const city = onFreshCity({ width: 1920, height: 1080 });

async function as(username: string) {
  const res = await fetch(`${city.h.server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: `xiuhua-${username}` }),
  });
  const { token } = (await res.json()) as TokenAnswer;
  return (path: string, body?: unknown) =>
    fetch(`${city.h.server.url}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
}

/** An underpass floods now: readings through the API raise its alarm. */
async function floodUnderpass(): Promise<string> {
  const { sensor, readings } = await floodingReadings(city.db.url);
  const res = await (await as('field'))('/api/sensors/readings', { readings });
  expect(res.status).toBe(200);
  return sensor;
}

const url = (search: string) => new URL(search).searchParams;

describe('emergency command', { timeout: 400_000 }, () => {
  let incidentCode: string | undefined;
  it('goes from an alarm to an acknowledged instruction and back to normal', async () => {
    const sensor = await floodUnderpass();
    const cockpit = await city.h.openPage();
    const { page } = cockpit;
    await city.h.signIn(page, 'leader');
    await page.locator('.cockpit[data-state="ready"]').waitFor({ timeout: MAP_TIMEOUT });

    // the flood watch lists the alarm; its sensor's drawer raises the incident and enters command in one click
    await page.locator(`[data-sensor="${sensor}"]`).click();
    await page.getByTestId('raise-from-alarm').click();
    await page.waitForURL(/mode=emergency/);
    const code = url(page.url()).get('incident')!;
    expect(code).toMatch(/^YJ\d{8}\d{3}$/);
    await page.locator(`.cockpit[data-mode="emergency"][data-incident="${code}"]`).waitFor();
    await page.getByTestId('emergency-banner').waitFor();
    const incident = await pageApi<Incident>(page, `/api/incidents/${code}`);
    expect(incident).toMatchObject({ sensor, status: 'open', kind: 'waterlogging', commander: expect.any(String) });
    await expect.poll(() => page.getByTestId('incident-title').textContent()).toBe(incident.title);

    // what the zone holds and who is nearest, as the API answers
    const impact = await pageApi<Impact>(page, `/api/incidents/${code}/impact`);
    expect(impact.cells.length).toBeGreaterThan(0);
    await page.getByTestId('impact-figures').waitFor({ state: 'attached' });
    expect(
      await page
        .getByTestId('impact-figures')
        .evaluate((el) => Object.fromEntries([...el.querySelectorAll('td')].map((td) => [td.dataset.key!, Number(td.textContent)]))),
    ).toEqual({
      cells: impact.cells.length,
      alleys: impact.alleys.length,
      sensors: impact.sensors.length,
      crowdAreas: impact.crowdAreas.length,
      openCases: impact.openCases.length,
    });
    expect(await page.getByTestId('impact-chiefs').locator('li').count()).toBe(impact.chiefs.length);
    const units = await pageApi<NearUnit[]>(page, `/api/incidents/${code}/units?limit=12`);
    expect(units.length).toBeGreaterThan(1);
    await expect
      .poll(() =>
        page
          .getByTestId('units')
          .locator('input[data-ref]')
          .evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.ref)),
      )
      .toEqual(units.map((u) => u.ref));
    const layerIds = () =>
      page.evaluate(
        () => (document.querySelector('.map-canvas') as HTMLElement & { deckLayers?: { id: string }[] }).deckLayers?.map((l) => l.id) ?? [],
      );
    await expect.poll(layerIds).toEqual(expect.arrayContaining(['incident-zone', 'near-units', 'incident']));
    // the first three units' routes along the road graph are on the map, unit → scene, and each row says
    // its travel time by road (or that it is a straight-line estimate off the graph)
    await expect
      .poll(() =>
        page.evaluate(() => {
          const layers = (
            document.querySelector('.map-canvas') as HTMLElement & {
              deckLayers?: { id: string; props: { data: { ref: string; route: [number, number][] }[] } }[];
            }
          ).deckLayers;
          return layers?.find((l) => l.id === 'unit-routes')?.props.data.map((u) => [u.ref, u.route]);
        }),
      )
      .toEqual(units.slice(0, 3).map((u) => [u.ref, u.route]));
    const rows = await page
      .getByTestId('units')
      .locator('[data-routing]')
      .evaluateAll((els) => els.map((e) => [(e as HTMLElement).dataset.routing, e.textContent ?? '']));
    expect(rows.map(([routing]) => routing)).toEqual(units.map((u) => u.routing));
    rows.forEach(([routing, text], k) => {
      expect(text).toContain(`${units[k]!.etaMin} 分钟`);
      expect(text).toContain(routing === 'road' ? '路网' : '直线估算');
    });
    expect(await layoutProblems(page, 8)).toEqual([]);
    await city.h.saveScreenshot(page, 'emergency-1920x1080');

    // one click out, one click back in: the same incident
    await page.getByTestId('normal-switch').click();
    await page.getByTestId('panel-today').waitFor();
    expect(url(page.url()).get('mode')).toBeNull();
    await page.getByTestId('emergency-switch').click();
    await page.locator(`.cockpit[data-mode="emergency"][data-incident="${code}"]`).waitFor();

    // the two nearest pump trucks get an instruction
    await page.getByTestId('unit-kind').selectOption('pump_truck');
    const trucks = await pageApi<NearUnit[]>(page, `/api/incidents/${code}/units?limit=12&kind=pump_truck`);
    expect(trucks.length).toBeGreaterThan(1);
    expect(trucks.every((u) => u.kind === 'pump_truck')).toBe(true);
    await expect
      .poll(() =>
        page
          .getByTestId('units')
          .locator('input[data-ref]')
          .evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.ref)),
      )
      .toEqual(trucks.map((u) => u.ref));
    const [first, second] = trucks;
    for (const u of [first!, second!]) await page.locator(`input[data-ref="${u.ref}"]`).check();
    // and the district's drainage group as a whole
    const drainage = (await pageApi<{ code: string; kind: string }[]>(page, '/api/departments')).find((d) => d.kind === 'drainage')!;
    await page.getByTestId('add-department').selectOption(drainage.code);
    await page.locator(`[data-department="${drainage.code}"]`).waitFor();
    await page.locator('form.orders button.chip:not([data-department])').first().click();
    const text = await page.getByTestId('order-text').inputValue();
    expect(text.length).toBeGreaterThan(0);
    await page.getByTestId('send-order').click();
    await page.locator(`[data-target="${first!.ref}"]`).waitFor();
    expect(
      await page.locator('[data-instruction] [data-target]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.target)),
    ).toEqual([first!.ref, second!.ref, `department:${drainage.code}`]);

    // the first unit's field terminal, on a phone that knows where it is
    const mid = (a: number, b: number) => Number(((a + b) / 2).toFixed(6));
    const here = { longitude: mid(first!.lng, incident.lng), latitude: mid(first!.lat, incident.lat) };
    const phone = await city.h.openPage(
      { width: 390, height: 844 },
      { geolocation: here, permissions: ['geolocation'], isMobile: true, hasTouch: true },
    );
    await city.h.signIn(phone.page, 'field', `field?unit=${encodeURIComponent(first!.ref)}`);
    // newest first (the seeded log's last day may be there too)
    const order = phone.page.getByTestId('field-order').first();
    await order.waitFor({ timeout: 30_000 });
    expect(await order.locator('.text').textContent()).toBe(text);
    // it arrived: the terminal says so by itself, and the cockpit shows it
    await page.locator(`[data-target="${first!.ref}"][data-status="delivered"]`).waitFor({ timeout: 10_000 });
    await order.getByTestId('field-ack').waitFor();

    // acknowledged on the phone → on the wall (both clocks are this machine's; the delay is logged)
    await page.evaluate((ref) => {
      const w = window as Window & { ackSeenAt?: number };
      const seen = () => document.querySelector(`[data-target="${ref}"][data-status="acknowledged"]`);
      new MutationObserver((_, o) => {
        if (seen()) {
          w.ackSeenAt = Date.now();
          o.disconnect();
        }
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    }, first!.ref);
    await phone.page.evaluate(() =>
      document.addEventListener(
        'click',
        (e) => {
          if ((e.target as Element).closest('[data-testid="field-ack"]')) (window as Window & { ackAt?: number }).ackAt = Date.now();
        },
        true,
      ),
    );
    await order.getByTestId('field-ack').click();
    await page.locator(`[data-target="${first!.ref}"][data-status="acknowledged"]`).waitFor({ timeout: 10_000 });
    const ackAt = await phone.page.evaluate(() => (window as Window & { ackAt?: number }).ackAt!);
    const seenAt = await page.evaluate(() => (window as Window & { ackSeenAt?: number }).ackSeenAt!);
    console.log(`acknowledgement on the phone → on the wall: ${seenAt - ackAt} ms`);
    expect(seenAt - ackAt).toBeGreaterThanOrEqual(0);
    expect(Number(await page.locator(`[data-target="${first!.ref}"] [data-ack-seconds]`).getAttribute('data-ack-seconds'))).toBeGreaterThan(
      0,
    );
    // on its way, the unit reports progress; the cockpit's timeline has it
    await order.getByTestId('field-done').waitFor();
    await order.getByLabel('现场情况（可选）').fill('距现场约 800 米');
    await order.getByTestId('field-progress').click();
    await page
      .locator('[data-testid="timeline"] li[data-kind="instruction.progress"]', { hasText: '距现场约 800 米' })
      .waitFor({ timeout: 10_000 });
    await city.h.saveScreenshot(phone.page, 'field-terminal-390x844');
    await city.h.saveScreenshot(page, 'emergency-acknowledged-1920x1080');
    // the unit reported from where the phone is: the map shows it there, on its way
    await expect
      .poll(() =>
        page.evaluate(() => {
          const layers = (
            document.querySelector('.map-canvas') as HTMLElement & {
              deckLayers?: { id: string; props: { data: { ref: string; lng: number; lat: number }[] } }[];
            }
          ).deckLayers;
          return layers?.find((l) => l.id === 'engaged-units')?.props.data.map((e) => [e.ref, e.lng, e.lat]);
        }),
      )
      .toContainEqual([first!.ref, here.longitude, here.latitude]);

    // the timeline replays at the chosen speed: from its first entry, then stopped, all of it again
    const timeline = page.getByTestId('timeline');
    const entries = await timeline.locator('li').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.kind));
    expect(entries).toEqual(expect.arrayContaining(['opened', 'instruction.sent', 'instruction.delivered', 'instruction.acknowledged']));
    await page.locator('[data-replay="1"]').click();
    await page.locator('[data-testid="timeline"][data-replaying="true"]').waitFor();
    expect(await timeline.locator('li').count()).toBeLessThan(entries.length);
    await page.getByTestId('replay-stop').click();
    await expect.poll(() => timeline.locator('li').count()).toBe(entries.length);

    // one click back to normal; the incident stays in the log
    await page.getByTestId('normal-switch').click();
    await page.locator('.cockpit[data-mode="normal"]').waitFor();
    await page.getByTestId('panel-today').waitFor();
    expect(await page.getByTestId('emergency-banner').count()).toBe(0);
    expect((await pageApi<Incident[]>(page, '/api/incidents')).find((i) => i.code === code)).toMatchObject({ status: 'open' });
    // the wall keeps announcing the open incident, one click from commanding it again
    await page.locator(`[data-testid="incident-alert"][data-incident="${code}"]`).waitFor();

    expect(cockpit.problems).toEqual([]);
    expect(phone.problems).toEqual([]);
    incidentCode = code;
  });

  it('marks a new incident where the commander clicks the map, and closes it into the log', async () => {
    const { page, problems } = await city.h.openPage();
    await city.h.signIn(page, 'commander', '?mode=emergency');
    await page.locator('.cockpit[data-mode="emergency"][data-state="ready"]').waitFor({ timeout: MAP_TIMEOUT });
    await page.getByTestId('raise-on-map').click();
    const box = (await page.locator('.map-canvas').boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    const form = page.getByTestId('raise-form');
    await form.waitFor();
    const [lng, lat] = (await form.locator('.mono').textContent())!.split(',').map(Number);
    await form.getByLabel('类型').selectOption('fire');
    await form.getByLabel('影响半径（米）').fill('200');
    await page.getByTestId('raise-submit').click();
    await page.waitForURL((u) => u.searchParams.has('incident') && u.searchParams.get('incident') !== incidentCode);
    const code = url(page.url()).get('incident')!;
    const made = await pageApi<Incident>(page, `/api/incidents/${code}`);
    expect(made).toMatchObject({ kind: 'fire', radiusM: 200, status: 'open', lng: expect.closeTo(lng!, 5), lat: expect.closeTo(lat!, 5) });
    await page.getByTestId('impact').waitFor();

    await page.getByTestId('close-incident').click();
    await expect.poll(async () => (await pageApi<Incident>(page, `/api/incidents/${code}`)).status).toBe('closed');
    await page.locator(`[data-testid="incident-list"] [data-incident="${code}"]`).waitFor();
    await page.getByTestId('timeline').locator('li[data-kind="closed"]').waitFor();
    expect(problems).toEqual([]);
  });

  it('puts a 4K wall straight into command by its address, legibly', async () => {
    expect(incidentCode).toBeDefined();
    const wall = await city.h.openPage({ width: 3840, height: 2160 });
    await city.h.signIn(wall.page, 'commander', `?mode=emergency&incident=${incidentCode}`);
    await wall.page
      .locator(`.cockpit[data-mode="emergency"][data-incident="${incidentCode}"][data-state="ready"]`)
      .waitFor({ timeout: MAP_TIMEOUT });
    await wall.page.locator('[data-testid="instructions"] [data-target]').first().waitFor();
    expect(await layoutProblems(wall.page, 8)).toEqual([]);
    await city.h.saveScreenshot(wall.page, 'emergency-3840x2160');
    expect(wall.problems).toEqual([]);
  });
});
