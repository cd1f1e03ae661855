// Time from POST /runs to the first partial result on the stream, against the whole run, for a
// scenario at N paths (default: the flagship at 2,000), on a `cascade serve` started here.
// Not a test: a measurement (`npm run build` first). Usage:
//   node bench/serve-first-partial.mjs [scenario] [paths] [rounds]
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const [scenario = 'flagship', paths = '2000', rounds = '3'] = process.argv.slice(2);
const store = fs.mkdtempSync(path.join(os.tmpdir(), 'cascade-bench-serve-'));
const child = spawn(process.execPath, ['bin/cascade.mjs', 'serve', '--port', '0', '--store', store], { stdio: ['ignore', 'pipe', 'inherit'] });
const url = await new Promise((resolve) => {
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
    const m = /(http:\/\/[^\s/]+)\//.exec(out);
    if (m) resolve(m[1]);
  });
});

// the server warms its worker threads when it starts (one block of the flagship each, about a
// second: src/server/serve.ts warmUpPlan); a run posted meanwhile waits for them
await new Promise((resolve) => setTimeout(resolve, Number(process.env.WARM_MS ?? 3000)));

/** One run: POST, then read the stream until the first partial and until the end. */
async function once() {
  const t0 = performance.now();
  const res = await fetch(`${url}/runs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ scenario, paths: Number(paths) }) });
  const { id } = await res.json();
  const stream = await fetch(`${url}/runs/${id}/stream`);
  const reader = stream.body.getReader();
  const dec = new TextDecoder();
  let buf = '';
  let first = null;
  let firstPaths = null;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buf += dec.decode(value, { stream: true });
    let i;
    while ((i = buf.indexOf('\n\n')) >= 0) {
      const msg = buf.slice(0, i);
      buf = buf.slice(i + 2);
      const data = /^data: (.*)$/m.exec(msg)?.[1];
      if (!data) continue;
      const ev = JSON.parse(data);
      if (ev.type === 'partial' && first === null) {
        first = performance.now() - t0;
        firstPaths = ev.view.paths;
      }
    }
  }
  return { first, firstPaths, total: performance.now() - t0 };
}

const load = os.loadavg()[0].toFixed(1);
for (let k = 0; k < Number(rounds); k++) {
  const r = await once();
  console.log(`${scenario} at ${paths} paths: first partial after ${(r.first / 1000).toFixed(2)} s (${r.firstPaths} paths), complete after ${(r.total / 1000).toFixed(2)} s  [load ${load}, ${os.availableParallelism()} cores]`);
}
child.kill('SIGTERM');
fs.rmSync(store, { recursive: true, force: true });
