export { WorkersAIImageModel } from "./image-model";
export type { WorkersAIImageOptions, WorkersAIImageSettings } from "./image-settings";
