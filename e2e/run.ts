/**
 * `npm run test:e2e`: builds the app if it is missing or stale; smoke-tests the built Electron shell
 * against a fake `electron` module; serves the renderer from 127.0.0.1 with the bridge (real
 * handlers, real sampler), drives Debian Chromium through the scenario and prints "N passed,
 * M failed" for each group of steps and in all (a failure skips only the rest of its group).
 * `--screenshots` also writes docs/screenshots/. Exits non-zero on failure.
 */
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { appSteps } from './app-steps';
import { appUrlStep } from './app-url-step';
import { continueSteps } from './continue-steps';
import { defaultSamplerSteps } from './default-sampler-steps';
import { keysSteps } from './keys-steps';
import { librarySteps } from './library-steps';
import { electronShellSteps } from './electron-shell/shell-steps';
import { startBridge } from './bridge/server';
import { trainSteps } from './train-steps';
import { buildIfStale, CHROMIUM, CHROMIUM_ARGS, RENDERER_OUT, ROOT } from './browser';
import { makeWorld } from './fixture';
import { projectSteps } from './project-steps';
import { mapsSteps } from './maps-steps';
import { maskToolsSteps } from './mask-tools-steps';
import { stageSteps } from './stage-steps';
import { groupSummary, runGroups, type StepGroup } from './harness';
import { int8Steps } from './int8-steps';
import { regionShotSteps } from './region-shot-steps';

async function main(): Promise<number> {
  await buildIfStale();
  const world = await makeWorld();
  const screenshots = process.argv.includes('--screenshots');
  const shotsDir = screenshots ? path.join(ROOT, 'docs/screenshots') : path.join(world.root, 'shots');
  await mkdir(shotsDir, { recursive: true });
  const bridge = await startBridge({ rendererDir: RENDERER_OUT, ...world });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, deviceScaleFactor: 1 });
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && pageErrors.push(m.text()));
    console.log(`e2e: ${bridge.url} (Chromium ${browser.version()})`);
    const only = process.env['E2E_GROUPS']?.split(';').map((g) => g.trim()); // while iterating: E2E_GROUPS="model library;mask tools"
    const groups: StepGroup[] = [
      { name: 'electron shell', steps: electronShellSteps() },
      { name: 'app in Chromium', steps: appSteps({ page, bridge, saveDir: world.saveDir, samplesRoot: world.samplesRoot, shotsDir, screenshots }) },
      { name: 'mask tools', steps: maskToolsSteps({ page, bridge, saveDir: world.saveDir, samplesRoot: world.samplesRoot, shotsDir, screenshots }) },
      { name: 'model library', steps: librarySteps({ page, bridge, root: world.root, userData: world.userData, shotsDir }) },
      { name: 'maps, keep and run settings', steps: mapsSteps({ page, bridge, saveDir: world.saveDir, samplesRoot: world.samplesRoot, shotsDir, screenshots }) },
      { name: 'stage gestures and size', steps: stageSteps({ page, bridge, saveDir: world.saveDir, samplesRoot: world.samplesRoot, shotsDir, screenshots }) },
      { name: 'default sampler', steps: defaultSamplerSteps({ page, bridge, saveDir: world.saveDir, samplesRoot: world.samplesRoot, shotsDir, screenshots }) },
      { name: 'continue from a frame', steps: continueSteps({ page, bridge, saveDir: world.saveDir, samplesRoot: world.samplesRoot, shotsDir, screenshots }) },
      { name: 'keyboard and settings', steps: keysSteps({ page, bridge, saveDir: world.saveDir, samplesRoot: world.samplesRoot, shotsDir, screenshots }) },
      { name: 'int8 graph', steps: int8Steps({ page, bridge, modelsRoot: world.modelsRoot, userData: world.userData }) },
      { name: 'train panel', steps: trainSteps({ page, bridge, saveDir: world.saveDir, samplesRoot: world.samplesRoot, shotsDir, screenshots }) },
      ...(screenshots ? [{ name: 'working-region screenshot', steps: regionShotSteps({ page, bridge, modelsRoot: world.modelsRoot, saveDir: world.saveDir, shotsDir }) }] : []),
      // last of the app's groups: it kills the page and restores the document in a new one
      { name: 'project files', steps: projectSteps({ browser, appPage: page, bridge, saveDir: world.saveDir, userData: world.userData, shotsDir }) },
      { name: 'renderer from app://', steps: [appUrlStep(browser, RENDERER_OUT)] },
      {
        name: 'console',
        steps: [
          [
            'raises no page errors',
            async () => {
              if (pageErrors.length) throw new Error(pageErrors.join('\n'));
            },
          ],
        ],
      },
    ];
    const results = await runGroups(groups.filter((g) => !only || only.includes(g.name)));
    if (results.some((r) => r.status === 'failed')) {
      await page.screenshot({ path: path.join(world.root, 'failure.png') }).catch(() => {});
      console.log(`page errors:\n${pageErrors.join('\n') || '(none)'}\nfailure screenshot: ${path.join(world.root, 'failure.png')}`);
    }
    console.log(`screenshots: ${shotsDir}`);
    console.log(groupSummary(results));
    return results.every((r) => r.status === 'passed') ? 0 : 1;
  } finally {
    await browser.close();
    await bridge.close();
    if (!process.env['KEEP_E2E']) await rm(world.root, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
