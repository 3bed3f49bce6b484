// Boots the TypeScript worker thread under tsx (CLI, tests, benchmark): a worker's execArgv cannot
// carry tsx's loader, so this plain-JS entry registers it. A bundled build loads its .js thread directly.
import { tsImport } from 'tsx/esm/api';

await tsImport('./sampler-thread.ts', import.meta.url);
