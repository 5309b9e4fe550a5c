import type { FetchFunction } from "@ai-sdk/provider-utils";
import type { WorkersAIBinding } from "../transport/binding";

/** The parts of the provider settings that decide how a request travels. */
interface TravelSettings {
  binding?: WorkersAIBinding;
  fetch?: FetchFunction;
}

/**
 * The same settings, with every request sent as an async-queue request: the binding gets
 * `queueRequest: true` in its options, REST requests get `?queueRequest=true` (spec 2.1). The regular
 * transports do the rest (errors, gateway, secrets), so queued requests fail exactly like direct ones.
 */
export function withQueueRequest<S extends TravelSettings>(settings: S): S {
  const { binding } = settings;
  if (binding) {
    const queued: WorkersAIBinding = {
      run: (model, inputs, options) => binding.run(model, inputs, { ...options, queueRequest: true }),
      get aiGatewayLogId() {
        return binding.aiGatewayLogId;
      },
      get lastRequestId() {
        return binding.lastRequestId;
      },
    };
    return { ...settings, binding: queued };
  }
  const base: FetchFunction = settings.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const queuedFetch: FetchFunction = (input, init) => {
    const href = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const url = new URL(href);
    url.searchParams.set("queueRequest", "true");
    return typeof input === "object" && !(input instanceof URL)
      ? base(new Request(url, input), init)
      : base(url.toString(), init);
  };
  return { ...settings, fetch: queuedFetch };
}
