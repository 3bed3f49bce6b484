import type { BrokenModel, ModelEntry, ModelSource } from '../../../electron/core/ipc/contract';

export interface ModelGroup {
  source: ModelSource;
  label: string;
  models: ModelEntry[];
  broken: BrokenModel[];
}

/** What the user calls each source. */
export const SOURCE_LABELS: Record<ModelSource, string> = { bundled: 'Bundled', user: 'Yours', added: 'Added folders' };

/** The library by source, in the picker's order; a source with nothing in it is left out. */
export function pickerGroupsOf(models: readonly ModelEntry[], broken: readonly BrokenModel[]): ModelGroup[] {
  return (Object.keys(SOURCE_LABELS) as ModelSource[])
    .map((source) => ({ source, label: SOURCE_LABELS[source], models: models.filter((m) => m.source === source), broken: broken.filter((b) => b.source === source) }))
    .filter((g) => g.models.length + g.broken.length > 0);
}
