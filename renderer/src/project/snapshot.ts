/** The open document as a project (references into the stores, nothing copied), and a project put back into the stores. */
import type { RgbaImage } from '../../../electron/core/image/png';
import type { Project, ProjectInput } from '../../../electron/core/project/format';
import type { Run } from '../chain/run';
import type { HistoryEntry } from '../history/HistoryManager';
import { useChainStore } from '../stores/chain';
import { useDocumentStore, type DocRecords } from '../stores/document';

export function currentProject(): ProjectInput {
  const doc = useDocumentStore();
  const chain = useChainStore();
  const runs = chain.liveRuns().map(({ bytes: _b, startedAt: _s, stepTimes: _t, ...run }) => run);
  return { records: doc.records, history: doc.historyJSON(), runs, activeRunId: chain.activeId };
}

/** Loads a project into the stores; images saved once come back as one object, as the app made them. */
export function applyProject(project: Project): void {
  const images = new Map<Uint8Array, RgbaImage>();
  const same = (image: RgbaImage): RgbaImage => images.get(image.data) ?? (images.set(image.data, image), image);
  const records: DocRecords = { ...project.records, base: project.records.base && same(project.records.base) };
  const history = {
    undos: project.history.undos.map((e) => canonical(e, same)),
    redos: project.history.redos.map((e) => canonical(e, same)),
  };
  const runs: Run[] = project.runs.map((run) => ({
    ...run,
    place: { ...run.place, base: same(run.place.base) },
    bytes: run.frames.reduce((n, f, i) => n + f.byteLength + run.maps[i]!.entropy.byteLength + run.maps[i]!.changes.byteLength, 0),
    startedAt: 0,
    stepTimes: [],
  }));
  useDocumentStore().restore(records, history);
  useChainStore().restore(runs, project.activeRunId);
}

function canonical(entry: Project['history']['undos'][number], same: (image: RgbaImage) => RgbaImage): HistoryEntry<DocRecords> {
  if (entry.type === 'stop' || !entry.diff.base) return entry as HistoryEntry<DocRecords>;
  const [from, to] = entry.diff.base;
  return { type: 'diff', diff: { ...entry.diff, base: [from && same(from), to && same(to)] } } as HistoryEntry<DocRecords>;
}
