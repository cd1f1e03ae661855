import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type BrowserContext } from 'playwright-core';
import { cascade, ROOT, tempDir } from './helpers.js';

/** Debian's Chromium (.ci/run installs it); Playwright never downloads a browser here. */
const CHROMIUM = '/usr/bin/chromium';
const OUT = path.join(ROOT, 'test-output');
const dir = tempDir();

// The flagship over its full 180 days (every model, every kind of chart) with 1,000 paths, and
// a two-point sweep of it with 300: enough to draw every chart; the statistics are not checked here.
const flagshipReport = path.join(dir, 'flagship.html');
const sweepReport = path.join(dir, 'sweep.html');
let context: BrowserContext;

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium), as .ci/run does`);
  const a = cascade(['run', '--paths', '1000', '--report', flagshipReport]);
  expect(a.status, a.stderr).toBe(0);
  const sweep = path.join(dir, 'sweep.yaml');
  fs.writeFileSync(sweep, 'extends: flagship\nname: flagship-jump-sweep\npaths: 300\nsweep:\n  grid:\n    market.jumpsStressPerYear: [6, 24]\n');
  const b = cascade(['run', sweep, '--report', sweepReport]);
  expect(b.status, b.stderr).toBe(0);
  context = await chromium.launchPersistentContext(fs.mkdtempSync(path.join(dir, 'profile-')), {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 1000 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  // two flagship runs before any browser starts: minutes on a busy 2-core machine
}, 420_000);

afterAll(async () => {
  await context?.close();
});

/** Opens a report from disk and returns what a reader's browser saw. */
async function open(file: string, screenshot: string) {
  const page = await context.newPage();
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('request', (r) => requests.push(r.url()));
  const url = pathToFileURL(file).href;
  await page.goto(url, { waitUntil: 'load' });
  // what a reader sees first, before opening anything: the top of the page in a laptop-sized window
  const firstScreen = await page.evaluate(() => {
    const main = document.querySelector('main');
    const first = main?.querySelector('section');
    const summary = document.getElementById('summary');
    const table = summary?.querySelector('table.headline')?.getBoundingClientRect();
    return { firstSection: first?.id ?? null, headlineTableBottom: table ? table.bottom + window.scrollY : Infinity, folded: document.querySelectorAll('details:not([open])').length };
  });
  await page.screenshot({ path: path.join(OUT, screenshot.replace('.png', '-first-screen.png')) });
  // open every fold, as a reader who reads it all would, then look at every chart
  await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
  const charts = await page.$$eval('figure.chart', (figs) =>
    figs.map((f) => {
      const svg = f.querySelector('svg');
      const paths = svg ? [...svg.querySelectorAll('path')].map((p) => p.getAttribute('d') ?? '') : [];
      const box = svg?.getBoundingClientRect();
      const shown = (f.closest('details') as HTMLDetailsElement | null)?.open ?? true;
      return { kind: f.getAttribute('data-chart'), small: f.classList.contains('small'), title: f.getAttribute('data-title'), svg: !!svg, drawn: paths.filter((d) => d.length > 8).length, width: box?.width ?? 0, shown };
    }),
  );
  fs.mkdirSync(OUT, { recursive: true });
  await page.screenshot({ path: path.join(OUT, screenshot), fullPage: true });
  await page.close();
  return { charts, errors, requests, url, firstScreen };
}

describe('the HTML report in a real browser', () => {
  it('flagship: every chart renders from disk, with no errors and no network', async () => {
    const r = await open(flagshipReport, 'report-flagship.png');
    expect(r.errors).toEqual([]);
    expect(r.requests).toEqual([r.url]);
    const html = fs.readFileSync(flagshipReport, 'utf8');
    expect(r.charts.length).toBe((html.match(/<figure class="chart/g) ?? []).length);
    expect(r.charts.length).toBeGreaterThan(30);
    // the summary comes first, its event table within a laptop screen (viewport 1000 px high),
    // and the models' sections are folded
    expect(r.firstScreen.firstSection).toBe('summary');
    expect(r.firstScreen.headlineTableBottom).toBeLessThan(1000);
    expect(r.firstScreen.folded).toBeGreaterThanOrEqual(8);
    for (const c of r.charts) {
      expect(c.svg, c.title!).toBe(true);
      expect(c.drawn, `${c.title} has drawn paths`).toBeGreaterThan(0);
      expect(c.width, `${c.title} is laid out`).toBeGreaterThan(c.small ? 240 : 300);
    }
    expect(r.charts.some((c) => c.small)).toBe(true);
    // the flagship report stays small enough to mail and open quickly (it was 6.3 MB)
    expect(fs.statSync(flagshipReport).size).toBeLessThan(1.5e6);
    // every kind of chart the flagship calls for: moving signals, 0/1 indicators, event timing
    expect(new Set(r.charts.map((c) => c.kind))).toEqual(new Set(['fan', 'share', 'event-days']));
    expect(html).not.toMatch(/<script|<link|https?:\/\/(?!www\.w3\.org)/);
  });

  it('sweep: the comparison and each point render', async () => {
    const r = await open(sweepReport, 'report-sweep.png');
    expect(r.errors).toEqual([]);
    expect(r.requests).toEqual([r.url]);
    const kinds = r.charts.map((c) => c.kind);
    expect(kinds).toContain('sweep-events');
    expect(kinds.filter((k) => k === 'sweep-signal').length).toBeGreaterThan(10);
    expect(r.firstScreen.firstSection).toBe('summary');
    for (const c of r.charts) {
      expect(c.drawn, `${c.title} has drawn paths`).toBeGreaterThan(0);
      expect(c.width, `${c.title} is laid out`).toBeGreaterThan(c.small ? 240 : 300);
    }
    // sweep points are named in words, not as raw parameter=value
    expect(fs.readFileSync(sweepReport, 'utf8')).toMatch(/jumps stress per year 6/);
  });
});
