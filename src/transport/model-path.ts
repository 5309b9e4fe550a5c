import { InvalidArgumentError } from "@ai-sdk/provider";

/**
 * Encodes a model id for a URL path, keeping its `/` separators: every segment is
 * percent-encoded, and `.`/`..`/empty segments are rejected so an id can never change the path or host.
 */
export function encodeModelPath(model: string): string {
  const cached = encodedPaths.get(model);
  if (cached !== undefined) return cached;
  if (!model)
    throw new InvalidArgumentError({ argument: "modelId", message: "The model id must not be empty." });
  const encoded = model
    .split("/")
    .map((segment) => {
      if (segment === "" || segment === "." || segment === "..") {
        throw new InvalidArgumentError({
          argument: "modelId",
          message: `Invalid model id ${JSON.stringify(model)}: empty, "." and ".." path segments are not allowed.`,
        });
      }
      return encodeURIComponent(segment).replace(/%40/g, "@");
    })
    .join("/");
  // a Worker uses a handful of model ids; the bound keeps arbitrary ids from growing the cache forever
  if (encodedPaths.size >= MAX_CACHED_PATHS) encodedPaths.clear();
  encodedPaths.set(model, encoded);
  return encoded;
}

/** Encoded paths of recently used model ids (encoding runs on every request otherwise). */
const encodedPaths = /* @__PURE__ */ new Map<string, string>();
const MAX_CACHED_PATHS = 256;

/** Encodes one path segment (account id, gateway id), rejecting values that could change the path. */
export function encodePathSegmentStrict(value: string, argument: string): string {
  if (!value || value === "." || value === "..") {
    throw new InvalidArgumentError({ argument, message: `Invalid ${argument} ${JSON.stringify(value)}.` });
  }
  return encodeURIComponent(value);
}
