import { describe, expect, it } from 'vitest';
import type { ModelCard } from '../../core/model/card';
import { JobSlots, LoadQueue, MAX_OPEN_JOBS } from './sampler-bookkeeping';

const card = (id: string) => ({ id }) as unknown as ModelCard;
const loaded = (id: string, precision: 'fp32' | 'int8' = 'fp32') => ({ type: 'loaded', backend: 'tfjs-node', reason: 'test', card: card(id), precision }) as const;

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

  it('restores the graph the last load asked for, and passes on the one that ran', async () => {
    const q = new LoadQueue();
    const a = q.wait('/a', 'int8');
    q.settle(loaded('a', 'int8'));
    await expect(a).resolves.toMatchObject({ precision: 'int8' });
    expect(q.lastPrecision).toBe('int8');
    const b = q.wait('/b', 'fp32');
    q.settle({ type: 'load-error', message: 'b is broken' });
    await expect(b).rejects.toThrow('broken');
    expect([q.lastModelDir, q.lastPrecision]).toEqual(['/a', 'int8']); // a failed load changes neither
  });
});

describe('JobSlots', () => {
  it('refuses a job past the limit with one line, and takes one again once a job ends', () => {
    const slots = new JobSlots(3);
    for (const id of [1, 2, 3]) slots.take(id);
    expect(() => slots.take(4)).toThrow('the sampler already has 3 jobs queued or running: wait for one to end or cancel it');
    expect(slots.ids()).toEqual([1, 2, 3]); // the refused job holds no slot
    slots.free(2);
    slots.free(2); // a second end of the same job frees nothing more
    slots.take(5);
    expect(() => slots.take(6)).toThrow(/3 jobs/);
    expect(slots.ids()).toEqual([1, 3, 5]);
  });

  it('frees every slot when the sampler process goes away', () => {
    const slots = new JobSlots(2);
    slots.take(1);
    slots.take(2);
    slots.freeAll();
    expect(slots.ids()).toEqual([]);
    slots.take(3);
    expect(slots.ids()).toEqual([3]);
  });

  it('defaults to MAX_OPEN_JOBS, far below the 10,000 queued jobs a page could send', () => {
    const slots = new JobSlots();
    for (let id = 1; id <= MAX_OPEN_JOBS; id++) slots.take(id);
    expect(() => slots.take(MAX_OPEN_JOBS + 1)).toThrow(`already has ${MAX_OPEN_JOBS} jobs`);
  });
});
