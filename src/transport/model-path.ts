import { InvalidArgumentError } from "@ai-sdk/provider";

/**
 * Encodes a model id for a URL path, keeping its `/` separators: every segment is
 * percent-encoded, and `.`/`..`/empty segments are rejected so an id can never change the path or host.
 */
export function encodeModelPath(model: string): string {
  if (!model)
    throw new InvalidArgumentError({ argument: "modelId", message: "The model id must not be empty." });
  return model
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
}

/** Encodes one path segment (account id, gateway id), rejecting values that could change the path. */
export function encodePathSegmentStrict(value: string, argument: string): string {
  if (!value || value === "." || value === "..") {
    throw new InvalidArgumentError({ argument, message: `Invalid ${argument} ${JSON.stringify(value)}.` });
  }
  return encodeURIComponent(value);
}
