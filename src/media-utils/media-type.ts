import { detectMediaType } from "@ai-sdk/provider-utils";

/**
 * The media type of an image from its first bytes (PNG, JPEG, WebP, GIF, BMP, TIFF, AVIF, HEIC),
 * or `undefined` when the bytes match no known image signature.
 */
export function detectImageMediaType(bytes: Uint8Array): string | undefined {
  return detectMediaType({ data: bytes, topLevelType: "image" });
}

/**
 * The media type of audio from its first bytes: MP3 (ID3 tag or any MPEG frame sync), WAV, OGG,
 * FLAC, AAC (ADTS), WebM, MP4; `undefined` when nothing matches.
 */
export function detectAudioMediaType(bytes: Uint8Array): string | undefined {
  const known = detectMediaType({ data: bytes, topLevelType: "audio" });
  if (known) return known;
  // An ID3 tag alone (or followed by a frame the table lacks) is still MP3.
  if (bytes.length >= 3 && bytes[0] === 0x49 && bytes[1] === 0x44 && bytes[2] === 0x33) return "audio/mpeg";
  if (bytes.length >= 2 && bytes[0] === 0xff && (bytes[1] & 0xe0) === 0xe0) {
    // Layer bits 00 mark ADTS (AAC); any other layer is an MPEG audio frame.
    return (bytes[1] & 0x06) === 0 ? "audio/aac" : "audio/mpeg";
  }
  return undefined;
}

/** `true` when a content type says the body is JSON (`application/json`, `…+json`, any parameters or case). */
export function isJsonContentType(contentType: string | undefined): boolean {
  return /^\s*(application\/json|[^;]*\+json)\s*(;|$)/i.test(contentType ?? "");
}
