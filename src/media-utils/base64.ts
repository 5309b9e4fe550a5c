import { convertBase64ToUint8Array } from "@ai-sdk/provider-utils";

const DATA_URL_PREFIX = /^data:[^,]*;base64,/i;
const BASE64_BODY = /^[A-Za-z0-9+/_-]*={0,2}$/;

/**
 * Decodes base64 (standard or URL-safe, with or without a `data:…;base64,` prefix, line breaks as
 * in MIME base64 tolerated). Returns `undefined` when the text is not base64 (spaces or tabs inside it
 * too, so `"Service Unavailable"` is text, not 13 bytes), so callers can raise their own error.
 */
export function decodeBase64(text: string): Uint8Array | undefined {
  const body = text.replace(DATA_URL_PREFIX, "").trim().replace(/\r?\n/g, "");
  if (!BASE64_BODY.test(body) || body.length % 4 === 1) return undefined;
  try {
    return convertBase64ToUint8Array(body);
  } catch {
    return undefined;
  }
}

/**
 * Bytes of AI SDK file data (`Uint8Array`, or a base64 string as the SDK passes it);
 * `undefined` when a string is not base64.
 */
export function fileDataToBytes(data: Uint8Array | string): Uint8Array | undefined {
  return typeof data === "string" ? decodeBase64(data) : data;
}
