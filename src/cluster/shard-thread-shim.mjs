// Starts the TypeScript shard thread from source (tests, `tsx`): Node 20 cannot load a .ts
// worker entry by itself, so register tsx first. Compiled runs use dist/cluster/shard-thread.js.
import { register } from 'tsx/esm/api';

register();
await import(new URL('./shard-thread.ts', import.meta.url).href);
