import * as v from 'valibot';
import { REVEAL_PLANS, type AnnealSchedule, type RevealPlan } from './schedule';

/**
 * Which sampler fills the hole (docs/algorithm.md §2, §5): the post's annealed blocked Gibbs, or
 * one of the progressive samplers that commit the hole over a budget of passes — the most
 * confident draws first (MaskGIT), the lowest- or highest-entropy pixels first, or a random
 * order with a planned number of pixels per pass (budgeted ancestral, after ARDM).
 */
export const SAMPLERS = ['gibbs', 'confidence', 'entropy', 'ancestral-budget'] as const;
export type SamplerKind = (typeof SAMPLERS)[number];

/**
 * How the hole is filled before the first Gibbs step: uniform noise (the post), one model pass,
 * ring by ring from the border inward (`border`, one pass per ring), or `keep` the given pixels
 * (a branch). The progressive samplers start from an empty hole and do not read it, so a branch
 * under one runs Gibbs (continuation.ts).
 */
export const GIBBS_INITS = ['uniform', 'model', 'border', 'keep'] as const;
export type GibbsInit = (typeof GIBBS_INITS)[number];

/**
 * `independent`: the post's sampler, one pass per step. `channelwise`: one pass per colour channel,
 * each channel drawn given the ones before (the same as `independent` for one channel).
 * `ancestral`: exact within the block, one pass per pixel.
 */
export const BLOCK_SAMPLERS = ['independent', 'channelwise', 'ancestral'] as const;
export type BlockSampler = (typeof BLOCK_SAMPLERS)[number];

/** The entropy sampler's order: the source code's greedy (lowest first) or antigreedy (highest first). */
export const ENTROPY_ORDERS = ['lowest', 'highest'] as const;
export type EntropyOrder = (typeof ENTROPY_ORDERS)[number];

export interface GibbsParams extends AnnealSchedule {
  sampler: SamplerKind;
  /** Temperature of p^(1/T): lower = more conservative, 0 = argmax. */
  temperature: number;
  /** The step budget; `null` = auto (stepCount in budget.ts says what that is per sampler). */
  steps: number | null;
  init: GibbsInit;
  blockSampler: BlockSampler;
  /** Progressive samplers: how many pixels each pass commits (docs/algorithm.md §5.1). */
  plan: RevealPlan;
  /** Confidence sampler: the scale of the Gumbel noise on the first pass, annealed to 0 at the last. */
  choiceTemperature: number;
  entropyOrder: EntropyOrder;
  /** Progressive samplers: annealed Gibbs steps after the fill, on top of the budget (docs/algorithm.md §5.5). */
  refine: number;
}

/**
 * Annealed Gibbs at one step per hole pixel, T 0.7 (the post's α_max = 0.5 with Coconet's floor
 * and speed, from the border inward: docs/algorithm.md §2.4), with the progressive samplers' knobs
 * as published (MaskGIT's cosine plan and choice temperature 4.5, no refinement): the app's default
 * before issue 20's study. The study compares every sampler with it and runs them at these knobs
 * (docs/algorithm.md §11); the sampler presets and presets saved before a knob existed use them too.
 */
export const BASELINE_PARAMS: Readonly<GibbsParams> = Object.freeze({
  sampler: 'gibbs',
  temperature: 0.7,
  alphaMax: 0.5,
  alphaMin: 0.1,
  eta: 0.7,
  steps: null,
  init: 'border',
  blockSampler: 'independent',
  plan: 'cosine',
  choiceTemperature: 4.5,
  entropyOrder: 'lowest',
  refine: 0,
});

/**
 * The app's and the CLI's defaults, the one place that picks the default sampler, from the study
 * (docs/algorithm.md §11): confidence re-masking over the auto budget (AUTO_PASSES) with a choice
 * temperature of 1, then 16 annealed Gibbs steps, at T 0.5; the baseline's knobs otherwise (they
 * also serve a Gibbs run and a branch, continuation.ts).
 */
export const DEFAULT_PARAMS: Readonly<GibbsParams> = Object.freeze({
  ...BASELINE_PARAMS,
  sampler: 'confidence',
  temperature: 0.5,
  choiceTemperature: 1,
  refine: 16,
});

export const MAX_STEPS = 1_000_000;

export const MAX_CHAINS = 64;
/** The app keeps every frame of every chain of a run in memory and shows the chains in one strip: fewer than the CLI. */
export const MAX_APP_CHAINS = 16;

/** One parameter's rule: the CLI's flags, the IPC schema and `validateParams` are all read from it. */
export type ParamField =
  | { kind: 'decimal'; min: number; max: number }
  | { kind: 'positive' }
  | { kind: 'integer'; min: number; max: number; auto: boolean }
  | { kind: 'choice'; choices: readonly string[] };

/** Every parameter's rule, in the order a bad set of parameters is reported. */
export const PARAM_FIELDS: { readonly [K in keyof GibbsParams]: ParamField } = {
  sampler: { kind: 'choice', choices: SAMPLERS },
  temperature: { kind: 'decimal', min: 0, max: 1000 },
  alphaMax: { kind: 'decimal', min: 0, max: 1 },
  alphaMin: { kind: 'decimal', min: 0, max: 1 },
  eta: { kind: 'positive' },
  steps: { kind: 'integer', min: 1, max: MAX_STEPS, auto: true },
  init: { kind: 'choice', choices: GIBBS_INITS },
  blockSampler: { kind: 'choice', choices: BLOCK_SAMPLERS },
  plan: { kind: 'choice', choices: REVEAL_PLANS },
  choiceTemperature: { kind: 'decimal', min: 0, max: 1000 },
  entropyOrder: { kind: 'choice', choices: ENTROPY_ORDERS },
  refine: { kind: 'integer', min: 0, max: MAX_STEPS, auto: false },
};

export const PARAM_NAMES = Object.keys(PARAM_FIELDS) as (keyof GibbsParams)[];

/** The app's Chains field, read by the same rule machinery as the parameters. */
export const APP_CHAINS_FIELD: ParamField = { kind: 'integer', min: 1, max: MAX_APP_CHAINS, auto: false };

/** A rule as a person says it: "a number from 0 to 1000", "a whole number from 1 to 16". */
function ruleText(field: ParamField): string {
  switch (field.kind) {
    case 'decimal':
      return `a number from ${field.min} to ${field.max}`;
    case 'positive':
      return 'a number above 0';
    case 'integer':
      return `a whole number from ${field.min} to ${field.max}${field.auto ? ', or empty for auto' : ''}`;
    case 'choice':
      return `one of ${field.choices.join(', ')}`;
  }
}

/** What is wrong with one field's value, in words for the person who typed it, e.g. "η must be a number above 0"; null when it is fine. */
export function fieldProblem(label: string, field: ParamField, value: unknown): string | null {
  return v.is(fieldSchema(label, field), value) ? null : `${label} must be ${ruleText(field)}`;
}

const shown = (input: unknown): string => (typeof input === 'string' ? input : String(input));

/** The rule as a valibot schema whose messages name the parameter, as the user reads them. */
export function fieldSchema(name: string, field: ParamField): v.GenericSchema<unknown, unknown> {
  switch (field.kind) {
    case 'decimal':
      return v.pipe(
        v.number((issue) => `${name} must be a finite number, got ${shown(issue.input)}`),
        v.check((n: number) => Number.isFinite(n), (issue) => `${name} must be a finite number, got ${shown(issue.input)}`),
        v.check((n) => n >= field.min && n <= field.max, (issue) => `${name} must be in [${field.min}, ${field.max}], got ${shown(issue.input)}`),
      );
    case 'positive':
      return v.pipe(
        v.number((issue) => `${name} must be a finite number > 0, got ${shown(issue.input)}`),
        v.check((n) => Number.isFinite(n) && n > 0, (issue) => `${name} must be a finite number > 0, got ${shown(issue.input)}`),
      );
    case 'integer': {
      const message = (issue: { input: unknown }): string => `${name} must be an integer in [${field.min}, ${field.max}], got ${shown(issue.input)}`;
      const integer = v.pipe(v.number(message), v.check((n) => Number.isInteger(n) && n >= field.min && n <= field.max, message));
      return field.auto ? v.nullable(integer) : integer;
    }
    case 'choice':
      return v.picklist(field.choices, (issue) => `${name} must be one of ${field.choices.join(', ')}, got ${shown(issue.input)}`);
  }
}

/** An object of the named parameters, each checked by its rule; a missing or unknown key is named. */
export const paramEntries = <K extends keyof GibbsParams>(keys: readonly K[], schema: (key: K) => v.GenericSchema<unknown, unknown> = paramSchema) =>
  Object.fromEntries(keys.map((key) => [key, schema(key)])) as Record<K, v.GenericSchema<unknown, unknown>>;

export const paramSchema = (key: keyof GibbsParams): v.GenericSchema<unknown, unknown> => fieldSchema(key, PARAM_FIELDS[key]);

export const objectMessage = (issue: v.BaseIssue<unknown>): string => {
  const key = String(issue.path?.at(-1)?.key);
  return issue.received === 'undefined' ? `${key} is missing` : `${key} is not a parameter`;
};

/** α_min > α_max would fail every run: refused wherever parameters enter (a job, a saved or imported preset). */
export const alphaOrdered = <P extends { alphaMin: number; alphaMax: number }>() =>
  v.check((p: P) => p.alphaMin <= p.alphaMax, (issue: v.CheckIssue<P>) => `alphaMin (${issue.input.alphaMin}) must not exceed alphaMax (${issue.input.alphaMax})`);

/** A run's parameters, every one given: what a sample job carries. */
export const ParamsSchema = v.pipe(
  v.strictObject(paramEntries(PARAM_NAMES), objectMessage) as unknown as v.GenericSchema<unknown, GibbsParams>,
  alphaOrdered<GibbsParams>(),
);

export class ParamError extends Error {
  override name = 'ParamError';
}

/** Throws a ParamError naming the first bad field; returns the params untouched when all are good. */
export function validateParams(p: GibbsParams): GibbsParams {
  const result = v.safeParse(ParamsSchema, p);
  if (!result.success) throw new ParamError(result.issues[0].message);
  return p;
}

function check(ok: boolean, message: string): void {
  if (!ok) throw new ParamError(message);
}

export function validateChains(chains: number): number {
  check(Number.isInteger(chains) && chains >= 1 && chains <= MAX_CHAINS, `chains must be an integer in [1, ${MAX_CHAINS}], got ${chains}`);
  return chains;
}

export function validateSeed(seed: number): number {
  check(Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff, `seed must be an integer in [0, 4294967295], got ${seed}`);
  return seed;
}
