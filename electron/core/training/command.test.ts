import { describe, expect, it } from 'vitest';
import { trainArguments, type TrainingRequest } from './command';

const fineTune: TrainingRequest = {
  dataDir: '/home/me/sprites',
  base: '/opt/app/resources/models/emoji-64',
  minutes: 10,
  examples: 'crop',
  runDir: '/home/me/.config/app/training/runs/sprites',
  modelDir: '/home/me/.config/app/models/sprites',
};

describe('the trainer command line', () => {
  it('fine-tunes a base model for some minutes, with JSON-lines progress and the result in a model folder', () => {
    expect(trainArguments(fineTune)).toEqual([
      'train', '--data-dir', '/home/me/sprites', '--examples', 'crop',
      '--out', '/home/me/.config/app/training/runs/sprites', '--model-out', '/home/me/.config/app/models/sprites',
      '--base', '/opt/app/resources/models/emoji-64', '--minutes', '10', '--val-every-minutes', '1', '--progress', 'jsonl',
    ]);
  });

  it('a fresh net of a named size takes levels and size; a resume adds --resume', () => {
    const args = trainArguments({ ...fineTune, base: undefined, netSize: 'small', levels: 16, size: 32, minutes: undefined, steps: 500, resume: true });
    expect(args.join(' ')).toContain('--net-size small --levels 16 --size 32 --steps 500 --resume --progress jsonl');
    expect(args).not.toContain('--base');
  });

  it('refuses requests the trainer would refuse, before starting it', () => {
    expect(() => trainArguments({ ...fineTune, netSize: 'small' })).toThrow('a base model to fine-tune or a net size, not both');
    expect(() => trainArguments({ ...fineTune, levels: 8 })).toThrow('a base model fixes the levels and size');
    expect(() => trainArguments({ ...fineTune, minutes: undefined })).toThrow('give minutes or steps');
    expect(() => trainArguments({ ...fineTune, modelDir: '/models/my sprites' })).toThrow("the model folder's name");
    expect(() => trainArguments({ ...fineTune, minutes: Number.NaN })).toThrow();
  });
});
