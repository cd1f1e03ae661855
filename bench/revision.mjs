// An earlier revision of this repository, built beside the checkout, so that a benchmark can run
// it and this build in turn in one script (`--against REV`): a ratio measured within one run on
// this shared machine, where absolute times move ±20% from one process to the next and by more
// from one day to the next.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const checkout = fileURLToPath(new URL('../', import.meta.url));

function git(args) {
  return spawnSync('git', ['-C', checkout, ...args], { encoding: 'utf8' });
}

/**
 * Checks out `rev` into a temporary git worktree, links this checkout's node_modules into it and
 * compiles it with this checkout's TypeScript (the revision's tsconfig.build.json, or its
 * tsconfig.json before there was one).
 * @param {string} rev - any name git resolves to a commit (a hash, a tag, main~3)
 * @returns {{ root: string, commit: string, dispose: () => void }} root: the worktree (its dist/ built); dispose removes it
 */
export function buildRevision(rev) {
  const resolved = git(['rev-parse', '--verify', '--quiet', `${rev}^{commit}`]);
  if (resolved.status !== 0) throw new Error(`--against: '${rev}' is not a commit of ${checkout} (git rev-parse found none)`);
  const commit = resolved.stdout.trim();
  const parent = mkdtempSync(join(tmpdir(), 'cascade-against-'));
  const root = join(parent, commit.slice(0, 12));
  const dispose = () => {
    git(['worktree', 'remove', '--force', root]);
    rmSync(parent, { recursive: true, force: true });
    git(['worktree', 'prune']);
  };
  try {
    const added = git(['worktree', 'add', '--detach', root, commit]);
    if (added.status !== 0) throw new Error(`--against: git worktree add failed: ${added.stderr.trim()}`);
    symlinkSync(join(checkout, 'node_modules'), join(root, 'node_modules'), 'dir');
    const config = existsSync(join(root, 'tsconfig.build.json')) ? 'tsconfig.build.json' : 'tsconfig.json';
    const tsc = join(checkout, 'node_modules', 'typescript', 'bin', 'tsc');
    const built = spawnSync(process.execPath, [tsc, '-p', join(root, config)], { encoding: 'utf8' });
    if (built.status !== 0) throw new Error(`--against: ${commit.slice(0, 12)} did not compile: ${(built.stdout + built.stderr).trim().split('\n').slice(0, 5).join('\n')}`);
    return { root, commit, dispose };
  } catch (e) {
    dispose();
    throw e;
  }
}

/**
 * The flagship scenario's plan at `paths` paths and the engine that runs it, from the build in
 * the checkout at `root` (its dist/ compiled; default this checkout): the same entry points in
 * every build since issue 14 was filed.
 * @param {number} paths
 * @param {string} [root]
 */
export async function flagshipOf(paths, root = checkout) {
  const load = (file) => import(pathToFileURL(join(root, 'dist', file)).href);
  const { runPlan } = await load('engine/run.js');
  const { loadScenario } = await load('scenario/plan.js');
  const { registry, registryUrl } = await load('models/index.js');
  const { FLAGSHIP_SCENARIO } = await load('run-scenario.js');
  const plan = loadScenario(FLAGSHIP_SCENARIO, registry, { paths, maxCells: 1e15, maxMemoryMB: 1e6 }).points[0].plan;
  return { plan, runPlan, registry, registryUrl };
}
