import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { event, signal, storedRun } from '../report/synthetic-run.test-helper.js';
import { signalMatcher, summaryText, textTable } from './summary-table.js';

const STEPS = 180;
const price = signal('market', 'USD', STEPS, (q, k) => 73_300 * Math.exp((q - 0.5) * 0.05 * Math.sqrt(k)));
const halted = signal('lender', 'lenders', STEPS, (q) => (q > 0.99 ? 1 : 0));
halted.mean = halted.mean.map((_, k) => (0.0006 * k) / STEPS); // halts on up to 0.06% of paths: every quantile 0, the mean not
const area = signal('thermal', 'm²', STEPS, () => 49_788);
const years = signal('thermal', 'years', STEPS, () => 84);
const calls = signal('mining', 'calls', STEPS, (q, k) => (q > 0.5 ? 1.99 : 5.68e-11) * (k > 0 ? 1 : 0));
const run = storedRun([
  {
    signals: { 'btc.price': price, 'lender.haltedCount': halted, 'thermal.radiatorAreaM2': area, 'thermal.diamondSupplyYears': years, 'mining.marginCalls': calls, 'btc.other': price },
    events: {
      'model.event': event('an event a model declares, with a long description that will need wrapping in a narrow terminal', 10_000, { 3: 6 }, STEPS),
      'btc-below-60k': event('BTC trades below $60k', 10_000, { 3: 4000, 20: 2000 }, STEPS),
    },
    resolved: { events: [{ name: 'btc-below-60k' }] },
  },
]).result;
run.points[0].manifest.paths = 10_000;
const roles = () => ({ headline: new Set(['btc.price', 'lender.haltedCount', 'thermal.radiatorAreaM2', 'mining.marginCalls']), inputs: new Set(['thermal.diamondSupplyYears']) });

describe('the terminal summary', () => {
  it('fits the terminal: nothing wider than 80 or 120 columns, events first, the scenario’s own first', () => {
    for (const width of [80, 120]) {
      const out = summaryText(run, { width, roles });
      for (const line of out.split('\n')) expect(stringWidth(line), line).toBeLessThanOrEqual(width);
      expect(out.indexOf('btc-below-60k')).toBeLessThan(out.indexOf('model.event'));
      expect(out.indexOf('model.event')).toBeLessThan(out.indexOf('btc.price'));
    }
  });

  it('shows the headline signals, the inputs apart, and says how many it leaves out', () => {
    const out = summaryText(run, { width: 120, roles });
    expect(out).not.toMatch(/btc\.other/);
    expect(out).toMatch(/1 more signals \(not headline\)/);
    expect(out).toMatch(/input \(from parameters, not simulated\)[\s\S]*thermal\.diamondSupplyYears\s+years\s+84/);
    expect(summaryText(run, { width: 120, roles, signals: 'btc.*' })).toMatch(/btc\.other/);
    const events = summaryText(run, { width: 120, roles, eventsOnly: true });
    expect(events).toContain('btc-below-60k');
    expect(events).not.toContain('btc.price');
  });

  it('a lender halting on 0.06% of paths is not steady; counts print as whole numbers; rare events never read 0', () => {
    const out = summaryText(run, { width: Infinity, roles });
    const steady = out.slice(out.indexOf('steady signal'));
    expect(steady).not.toContain('lender.haltedCount');
    expect(steady).toContain('thermal.radiatorAreaM2');
    expect(out).not.toMatch(/1\.99|e−11/);
    expect(out).toMatch(/mining\.marginCalls\s+calls\s+0 \[0 – 2\]/);
    expect(out).toMatch(/model\.event\s+0\.06% \[0\.03–0\.13%\]/);
  });

  it('a wide table splits into column groups rather than wrapping lines', () => {
    const rows = [['name', ...Array.from({ length: 12 }, (_, k) => `column ${k}`)], ['a', ...Array.from({ length: 12 }, () => '$1,234.5k')]];
    const out = textTable(rows, { width: 60 });
    for (const line of out.split('\n')) expect(stringWidth(line)).toBeLessThanOrEqual(60);
    expect(out.split('\n').filter((l) => l.startsWith('name')).length).toBeGreaterThan(1);
  });

  it('signal patterns are globs, comma-separated', () => {
    const m = signalMatcher('btc.*,lender.*.coverage');
    expect(['btc.price', 'lender.a.coverage', 'lender.a.cash', 'xbtc.price'].map(m)).toEqual([true, true, false, false]);
  });
});
