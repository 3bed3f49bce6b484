/**
 * A worker has `self` but no `window`, and upng-js (loaded through the PNG module that
 * decode-image.ts reads its size limit from) assigns to `window` as it loads. Imported first by a
 * worker, so that module loads there as it does on the page.
 */
const scope = globalThis as { window?: unknown };
scope.window ??= globalThis;

export {};
