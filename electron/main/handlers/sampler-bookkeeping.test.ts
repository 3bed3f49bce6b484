import { describe, expect, it } from 'vitest';
import type { ModelCard } from '../../core/model/card';
import { LoadQueue } from './sampler-bookkeeping';

const card = (id: string) => ({ id }) as unknown as ModelCard;
const loaded = (id: string) => ({ type: 'loaded', backend: 'tfjs-node', reason: 'test', card: card(id) }) as const;

describe('LoadQueue', () => {
  it('settles loads in request order: a second load does not take the first reply', async () => {
    const q = new LoadQueue();
    const a = q.wait('/models/a');
    const b = q.wait('/models/b');
    expect(q.settle(loaded('a'))).toBe(true); // reply to a
    expect(q.settle({ type: 'load-error', message: 'b is broken' })).toBe(true); // reply to b
    await expect(a).resolves.toMatchObject({ card: { id: 'a' } });
    await expect(b).rejects.toThrow('b is broken');
    expect(q.pending).toBe(0);
    expect(q.lastModelDir).toBe('/models/a'); // b failed: a stays the model to restore
  });

  it('ignores frame events and replies nobody waits for', () => {
    const q = new LoadQueue();
    expect(q.settle({ type: 'error', id: 1, message: 'x' })).toBe(false);
    expect(q.settle(loaded('a'))).toBe(false);
    expect(q.lastModelDir).toBeNull();
  });

  it('rejects every waiter when the sampler exits', async () => {
    const q = new LoadQueue();
    const a = q.wait('/a');
    const b = q.wait('/b');
    q.failAll('the sampler process exited');
    await expect(a).rejects.toThrow('exited');
    await expect(b).rejects.toThrow('exited');
    expect(q.pending).toBe(0);
  });

  it('restores the last loaded model first after a respawn, in queue order', async () => {
    const q = new LoadQueue();
    expect(q.restore()).toBeNull(); // nothing loaded yet: nothing to restore
    const a = q.wait('/a');
    q.settle(loaded('a'));
    await a;
    q.failAll('the sampler process exited');
    expect(q.restore()).toBe('/a'); // sent first to the new child
    const b = q.wait('/b'); // a load the user asked for, sent after
    q.settle(loaded('a')); // the restore's reply
    q.settle(loaded('b'));
    await expect(b).resolves.toMatchObject({ card: { id: 'b' } });
    expect(q.lastModelDir).toBe('/b');
  });
});
