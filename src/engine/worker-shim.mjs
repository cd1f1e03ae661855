// Starts the TypeScript worker from source (tests, `tsx`): Node 20 cannot load a .ts
// worker entry by itself, so register tsx first. Compiled runs use dist/engine/worker.js.
import { register } from 'tsx/esm/api';

register();
await import(new URL('./worker.ts', import.meta.url).href);
