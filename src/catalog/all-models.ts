import { kindRows } from "./lookup";
import { catalogKinds } from "./model-data";
import type { WorkersAIModelInfo } from "./types";

/**
 * Every Workers AI model the catalog knows, one row per model id, each citing its source in
 * `src/catalog/models.ts`. Frozen: shared by every lookup, so it must not change at runtime.
 * Models missing here still work; their behaviour is then detected from the replies.
 */
// pure: a Worker that does not import this list does not decode it at startup
export const workersAIModels: readonly WorkersAIModelInfo[] = /* @__PURE__ */ allRows();

function allRows(): readonly WorkersAIModelInfo[] {
  return Object.freeze(catalogKinds.flatMap(kindRows));
}
