import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createHandlers } from './index';
import type { HandlerDeps } from './ports';

describe('handlers', () => {
  it('open an image even when the recent list cannot be saved', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'handlers-'));
    const image = path.join(dir, 'photo.png');
    await writeFile(image, new Uint8Array([1, 2, 3]));
    const userData = path.join(dir, 'user');
    await mkdir(path.join(userData, 'recent.json'), { recursive: true }); // a folder where the list should go
    const onRecentChanged = vi.fn();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const deps = {
      modelsRoot: dir,
      samplesRoot: dir,
      userData,
      dialogs: { openFile: async () => image, saveFile: async () => null, openFolder: async () => null },
      sampler: {} as HandlerDeps['sampler'],
      revealInFolder: () => undefined,
      onRecentChanged,
    } satisfies HandlerDeps;
    const opened = await createHandlers(deps)['file:open']({ kind: 'image' });
    expect(opened?.bytes).toEqual(new Uint8Array([1, 2, 3]));
    expect(onRecentChanged).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('recent files not saved: cannot write'));
    warn.mockRestore();
  });
});
