/** One of Cloudflare's published model files (`cloudflare/cloudflare-docs`, `src/content/workers-ai-models/`). */
export interface PublishedModelFile {
  /** Model id, e.g. `@cf/meta/llama-3.1-8b-instruct`. */
  model: string;
  /** Where the file was read: repository, path and commit (null when not recorded). */
  source: { repo: string; path: string; commit: string | null; note?: string };
  /** The published JSON as read (schema-internal descriptions may be elided). */
  published: {
    name: string;
    description: string;
    task: { name: string };
    properties: ReadonlyArray<{ property_id: string; value: unknown }>;
    /** Absent or partial where the stored copy could not transcribe it (see `source.note`). */
    schema?: { input?: Record<string, unknown>; output?: Record<string, unknown> };
  };
}
