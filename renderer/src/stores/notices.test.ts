import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { NOTICE_MS, useNoticesStore } from './notices';

describe('notices', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    setActivePinia(createPinia());
  });
  afterEach(() => vi.useRealTimers());

  it('fade on their own, errors too (later), and close by id', () => {
    const notices = useNoticesStore();
    notices.push('success', 'saved');
    notices.error(new Error('broken'));
    notices.push('info', 'hello');
    expect(notices.notices.map((n) => n.text)).toEqual(['saved', 'broken', 'hello']);
    notices.dismiss(notices.notices[2]!.id);
    vi.advanceTimersByTime(NOTICE_MS.success);
    expect(notices.notices.map((n) => n.text)).toEqual(['broken']);
    vi.advanceTimersByTime(NOTICE_MS.error - NOTICE_MS.success);
    expect(notices.notices).toEqual([]);
  });
});
