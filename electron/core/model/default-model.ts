/** The model the app and the CLI open when none is named. */
export const DEFAULT_MODEL_ID = 'mnist-binary-28';
