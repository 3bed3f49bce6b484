import { describe, expect, it } from 'vitest';
import { modeOf } from './use-selection-tools';

const event = (init: Partial<Pick<MouseEvent, 'button' | 'altKey' | 'shiftKey'>>) => ({ button: 0, altKey: false, shiftKey: false, ...init }) as MouseEvent;

describe('selection mode from the pointer', () => {
  it('takes the panel mode unless Shift adds, or Alt or the right button subtracts', () => {
    expect(modeOf(event({}), 'subtract')).toBe('subtract');
    expect(modeOf(event({ shiftKey: true }), 'subtract')).toBe('add');
    expect(modeOf(event({ altKey: true }), 'add')).toBe('subtract');
    expect(modeOf(event({ button: 2 }), 'add')).toBe('subtract');
    expect(modeOf(event({ button: 2, shiftKey: true }), 'add')).toBe('subtract');
  });
});
