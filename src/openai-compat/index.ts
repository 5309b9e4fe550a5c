export { createOpenAICompatibleTransport } from "./transport";
