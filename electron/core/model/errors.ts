/**
 * Errors the model loader raises. Each names the file it rejects and, where one is at fault,
 * the field, so a user (or the exporter's author) can fix the folder without reading code.
 */
export class ModelFormatError extends Error {
  constructor(
    readonly file: string,
    readonly field: string | undefined,
    detail: string,
  ) {
    super(`${file}: ${field === undefined ? '' : `"${field}" `}${detail}`);
    this.name = new.target.name;
  }
}

/** The folder or one of its files is missing or unreadable. */
export class ModelFolderError extends ModelFormatError {}

/** card.json is not JSON or a field breaks the format. */
export class ModelCardError extends ModelFormatError {}

/** model.onnx is unreadable or contradicts card.json. */
export class ModelGraphError extends ModelFormatError {}
