/** The tEXt key under which results carry how they were made (model, seed, parameters), as JSON. */
export const PROVENANCE_KEY = 'gibbs-inpaint';

/** The tEXt chunks of a result PNG: the app's name and the provenance record. The CLI and the app write the same. */
export function provenanceText(record: object): Record<string, string> {
  return { Software: 'Gibbs Inpaint', [PROVENANCE_KEY]: JSON.stringify(record) };
}
