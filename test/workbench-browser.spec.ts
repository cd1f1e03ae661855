import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { ROOT, tempDir } from './helpers.js';
import { startServe, type Served } from './serve-helpers.js';

/** Debian's Chromium (.ci/run installs it); Playwright never downloads a browser here. */
const CHROMIUM = '/usr/bin/chromium';
const OUT = path.join(ROOT, 'test-output');
let served: Served;
let context: BrowserContext;
const pageErrors: string[] = [];

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium), as .ci/run does`);
  if (!fs.existsSync(path.join(ROOT, 'dist', 'web', 'index.html'))) throw new Error('dist/web is missing: npm run build builds the workbench');
  served = await startServe();
  context = await chromium.launchPersistentContext(fs.mkdtempSync(path.join(tempDir(), 'profile-')), {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 1000 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
});

afterAll(async () => {
  await context?.close();
  await served?.stop();
});

async function openPage(hash = '#/'): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(`console: ${m.text()}`);
  });
  await page.goto(`${served.url}/${hash}`, { waitUntil: 'load' });
  return page;
}

/** Picks a built-in scenario and a path count in the form, and presses Run; returns the run id from the URL. */
async function startRun(page: Page, scenario: string, paths: number, edit?: (page: Page) => Promise<void>): Promise<string> {
  await page.waitForSelector(`#scenario option[value="${scenario}"]`, { state: 'attached', timeout: 60_000 });
  await page.selectOption('#scenario', scenario);
  // the form refills from the scenario (its paths), then takes ours: wait for this scenario's form, not the first one's
  await page.waitForSelector(`#new-run[data-scenario="${scenario}"] details.model`, { timeout: 60_000 });
  await page.fill('#paths', String(paths));
  await edit?.(page);
  await page.click('#run');
  await page.waitForURL(/#\/runs\/[0-9a-f]{8}$/, { timeout: 60_000 });
  return /#\/runs\/([0-9a-f]{8})$/.exec(page.url())![1];
}

/** Records, in the page, every state of the progress line and the event table it shows. */
async function watchLiveStates(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { seen: { status: string; done: string; final: string; paths: string }[] };
    w.seen = [];
    const note = () => {
      const s = {
        status: document.querySelector('#status')?.getAttribute('data-status') ?? '',
        done: document.querySelector('#progress')?.getAttribute('data-paths-done') ?? '',
        final: document.querySelector('#events')?.getAttribute('data-final') ?? '',
        paths: document.querySelector('#events')?.getAttribute('data-paths') ?? '',
      };
      const last = w.seen.at(-1);
      if (!last || JSON.stringify(last) !== JSON.stringify(s)) w.seen.push(s);
    };
    new MutationObserver(note).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    note();
  });
}

describe('the workbench in Chromium', () => {
  let completeId = '';
  let cancelledId = '';

  it('runs a scenario end to end: live progress, partial then final event table, fans, report', async () => {
    const page = await openPage();
    // the flagship at 2,000 paths (the run): sixteen blocks of the server's 128 paths, so
    // partial results arrive before the final ones
    const scenario = 'flagship';
    const id = await startRun(page, scenario, 2000);
    await watchLiveStates(page);
    await page.waitForSelector('#status[data-status="complete"]', { timeout: 280_000 });
    await page.waitForSelector('#events[data-final="true"]', { timeout: 30_000 });
    completeId = id;
    const seen = (await page.evaluate(() => (window as unknown as { seen: { status: string; done: string; final: string; paths: string }[] }).seen)) as { status: string; done: string; final: string; paths: string }[];
    // live: it was seen running, with paths done before the end, and with a partial event table
    // over fewer paths than the run (the blocks done so far)
    expect(seen.some((s) => s.status === 'running' || s.status === 'queued')).toBe(true);
    expect(seen.some((s) => s.final === 'false' && Number(s.paths) > 0 && Number(s.paths) < 2000)).toBe(true);
    expect(seen.at(-1)).toMatchObject({ status: 'complete', done: '2000', final: 'true', paths: '2000' });
    // the final event table: one row per event, probabilities as percentages with intervals
    const rows = await page.$$eval('#events tbody tr', (trs) => trs.map((tr) => ({ name: tr.getAttribute('data-event'), text: tr.textContent ?? '' })));
    const api = (await (await page.request.get(`${served.url}/runs/${id}`)).json()) as { status: string; views: { events: { name: string; probability: number }[] }[] };
    expect(api.status).toBe('complete');
    expect(rows.map((r) => r.name).sort()).toEqual(api.views[0].events.map((e) => e.name).sort());
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.text).toMatch(/\d%/);
    // fans of the headline signals, drawn by ECharts
    const fans = await page.$$eval('[data-fan] svg path', (ps) => ps.length);
    expect(fans).toBeGreaterThan(0);
    // the report link opens the stored run's HTML report
    const href = await page.getAttribute('#report', 'href');
    const report = await page.request.get(`${served.url}${href}`);
    expect(report.status()).toBe(200);
    expect(await report.text()).toContain('<html');
    fs.mkdirSync(OUT, { recursive: true });
    await page.screenshot({ path: path.join(OUT, 'workbench-run.png'), fullPage: true });
    await page.close();
  });

  it('cancels a second run: it is shown and stored as interrupted, with no results', async () => {
    const page = await openPage();
    // the flagship at 20,000 paths: far longer than the moment it takes to cancel it
    const id = await startRun(page, 'flagship', 20_000);
    await page.waitForSelector('#status[data-status="running"]', { timeout: 120_000 });
    await page.click('#cancel');
    await page.waitForSelector('#status[data-status="interrupted"]', { timeout: 120_000 });
    cancelledId = id;
    const run = (await (await page.request.get(`${served.url}/runs/${id}`)).json()) as { status: string };
    expect(run.status).toBe('interrupted');
    const report = await page.request.get(`${served.url}/runs/${id}/report`);
    expect(report.status()).toBe(409);
    expect(((await report.json()) as { detail: string }).detail).toMatch(/interrupted/);
    await page.close();
  });

  it('puts two runs side by side, each at its own URL', async () => {
    expect(completeId && cancelledId).toBeTruthy();
    const page = await openPage(`#/compare/${completeId}/${cancelledId}`);
    await page.waitForSelector(`[data-run-view="${completeId}"] [data-status="complete"]`, { timeout: 60_000 });
    await page.waitForSelector(`[data-run-view="${cancelledId}"] [data-status="interrupted"]`, { timeout: 60_000 });
    await page.waitForSelector(`[data-run-view="${completeId}"] #events[data-final="true"]`, { timeout: 60_000 });
    // a run's own page, opened from its URL afresh, shows its final table
    const single = await openPage(`#/runs/${completeId}`);
    await single.waitForSelector('#events[data-final="true"]', { timeout: 60_000 });
    await page.screenshot({ path: path.join(OUT, 'workbench-compare.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  });

  it('edits a shock on the timeline, runs it, and compares it with the scenario as it is', async () => {
    const page = await openPage();
    // lender-svb-2023: one scheduled shock (the bank's loss revealed: +15e9 on 2023-03-08); 300 paths are three of the server's 128-path blocks
    const entry = '#timeline [data-entry="0"]';
    const edited = await startRun(page, 'lender-svb-2023', 300, async (p) => {
      await p.waitForSelector(`${entry} [data-shock="0"] [data-field="signal"]`, { timeout: 60_000 });
      expect(await p.$$eval('#timeline [data-marker]', (m) => m.length)).toBe(1);
      // the marker dragged along the 5-day axis to day 4 moves the entry to 2023-03-11
      const axis = (await p.locator('#timeline-axis').boundingBox())!;
      const marker = (await p.locator('#timeline [data-marker="0"]').boundingBox())!;
      await p.mouse.move(marker.x + marker.width / 2, marker.y + marker.height / 2);
      await p.mouse.down();
      await p.mouse.move(axis.x + (axis.width * 4) / 5, marker.y + marker.height / 2, { steps: 8 });
      await p.mouse.up();
      await p.waitForFunction((sel) => (document.querySelector(sel) as HTMLInputElement | null)?.value === '2023-03-11', `${entry} [data-field="at"]`, { timeout: 30_000 });
      // a day past the 5-day horizon: the server's check marks the entry and says why, before any run
      await p.fill(`${entry} [data-field="day"]`, '9');
      await p.press(`${entry} [data-field="day"]`, 'Tab');
      await p.waitForSelector(`${entry} .entry-problems`, { timeout: 60_000 });
      expect(await p.textContent(`${entry} .entry-problems`)).toMatch(/schedule\[0\]\.at: expected a date after the start 2023-03-07 and on or before the horizon end 2023-03-12, found 2023-03-16/);
      expect(await p.$$eval('#timeline .tick.bad', (m) => m.length)).toBe(1);
      // day 2 and a third of the loss: valid again, the problem goes
      await p.fill(`${entry} [data-field="day"]`, '2');
      await p.press(`${entry} [data-field="day"]`, 'Tab');
      await p.fill(`${entry} [data-shock="0"] [data-field="add"]`, '5e9');
      await p.press(`${entry} [data-shock="0"] [data-field="add"]`, 'Tab');
      await p.waitForSelector(`${entry} .entry-problems`, { state: 'detached', timeout: 60_000 });
      expect(await p.inputValue(`${entry} [data-field="at"]`)).toBe('2023-03-09');
      fs.mkdirSync(OUT, { recursive: true });
      await p.screenshot({ path: path.join(OUT, 'workbench-timeline.png') });
    });
    await page.waitForSelector('#status[data-status="complete"]', { timeout: 280_000 });
    // the run is the edited scenario: its stored schedule is the timeline's
    const run = (await (await page.request.get(`${served.url}/runs/${edited}?include=result`)).json()) as { result: { resolved: { schedule: unknown[] } } };
    expect(run.result.resolved.schedule).toEqual([{ at: '2023-03-09', note: expect.any(String), shock: [{ signal: 'lender.svb.revealedLossUsd', add: 5e9 }] }]);
    // and the run's page lists it: its one entry, the date and what it adds
    await page.waitForSelector('#schedule[data-entries="1"]', { timeout: 60_000 });
    expect(await page.textContent('#schedule li[data-at="2023-03-09"]')).toMatch(/^2023-03-09 \(.+\): lender\.svb\.revealedLossUsd \+ 5000000000$/);
    await page.close();
    // the scenario as it is, same seed and paths
    const asIsPage = await openPage();
    const asIs = await startRun(asIsPage, 'lender-svb-2023', 300);
    // a complete run's page links to its comparison with the other complete runs
    await asIsPage.waitForSelector('#status[data-status="complete"]', { timeout: 280_000 });
    await asIsPage.click(`#compare-with a[href="#/compare/${edited}/${asIs}"]`, { timeout: 60_000 });
    await asIsPage.waitForSelector('#comparison[data-state="ready"]', { timeout: 120_000 });
    await asIsPage.close();
    const cmp = await openPage(`#/compare/${asIs}/${edited}`);
    await cmp.waitForSelector('#comparison[data-state="ready"]', { timeout: 280_000 });
    const rows = await cmp.$$eval('#compare-events tbody tr', (trs) => trs.map((tr) => ({ event: tr.getAttribute('data-compare-event'), method: tr.getAttribute('data-method'), text: tr.textContent ?? '' })));
    const api = (await (await cmp.request.get(`${served.url}/runs/${asIs}/compare/${edited}`)).json()) as { events: { event: string; differences: ({ difference: number } | null)[] }[] };
    expect(rows.map((r) => r.event)).toEqual(api.events.map((e) => e.event));
    expect(rows.length).toBeGreaterThan(0);
    // same seed and paths, per-path tables kept (the form's default): paired intervals
    for (const r of rows) expect(r.method).toBe('paired');
    // a smaller, later loss: some event is rarer in B, shown in percentage points
    expect(api.events.some((e) => e.differences[1]!.difference < 0)).toBe(true);
    expect(rows.some((r) => /−\d+\.\d\s*\[−\d+\.\d, [−+]\d+\.\d\] paired/.test(r.text))).toBe(true);
    expect(await cmp.$$eval('#compare-signals tbody tr', (trs) => trs.length)).toBeGreaterThan(0);
    // both runs side by side below it, each from its own URL
    await cmp.waitForSelector(`[data-run-view="${edited}"] [data-status="complete"]`, { timeout: 60_000 });
    fs.mkdirSync(OUT, { recursive: true });
    await cmp.screenshot({ path: path.join(OUT, 'workbench-comparison.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  });

  it('compares two points of a sweep, chosen on the page and kept in its address', async () => {
    // space-datacenter-diamond: one day, a sweep of 12 points
    const page = await openPage();
    const id = await startRun(page, 'space-datacenter-diamond', 50);
    await page.waitForSelector('#status[data-status="complete"]', { timeout: 280_000 });
    // the run's page at point 3 links to this point (as B) against the sweep's other points
    await page.waitForSelector(`[data-point-select="${id}"] option[value="11"]`, { state: 'attached', timeout: 60_000 });
    await page.selectOption(`[data-point-select="${id}"]`, '2');
    await page.click(`#compare-with a[href="#/compare/${id}/${id}/1/3"]`, { timeout: 60_000 });
    const cmp = page;
    const refs = async () => cmp.$$eval('#comparison .runs td.name', (tds) => tds.map((td) => td.textContent));
    await cmp.waitForSelector('#comparison[data-state="ready"]', { timeout: 120_000 });
    expect(await refs()).toEqual([`${id}/1`, `${id}/3`]);
    // each side shows its own point; choosing another on side A moves the address and the comparison
    const sides = cmp.locator(`[data-point-select="${id}"]`);
    await cmp.waitForSelector(`[data-point-select="${id}"] option[value="11"]`, { state: 'attached', timeout: 60_000 });
    expect([await sides.nth(0).inputValue(), await sides.nth(1).inputValue()]).toEqual(['0', '2']);
    await sides.nth(0).selectOption('1');
    await cmp.waitForURL(new RegExp(`#/compare/${id}/${id}/2/3$`), { timeout: 60_000 });
    await cmp.waitForFunction((want) => [...document.querySelectorAll('#comparison[data-state="ready"] .runs td.name')].map((td) => td.textContent).join(' ') === want, `${id}/2 ${id}/3`, { timeout: 120_000 });
    // swap keeps the points with their runs
    expect(await cmp.getAttribute('#comparison h2 a', 'href')).toBe(`#/compare/${id}/${id}/3/2`);
    expect(pageErrors).toEqual([]);
  });
});
