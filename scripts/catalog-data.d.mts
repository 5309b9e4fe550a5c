import type { WorkersAIModelInfo } from "../src/catalog";

/** The text of src/catalog/model-data.ts for the rows of src/catalog/models.ts, in their order. */
export function catalogDataSource(rows: readonly WorkersAIModelInfo[]): string;
