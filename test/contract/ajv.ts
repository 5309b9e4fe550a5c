/** ajv set up for Cloudflare's published model schemas: the reference validator of the contract tests. */
import { Ajv, type ValidateFunction } from "ajv";

// Published schemas carry annotations ajv does not know (contentType, x-fidelity-*) and a few are not valid JSON
// Schema as published (flux-2-dev's `required` sits inside `properties`): they are used as published, the way a
// validator that does not check schemas reads them. Formats (binary, uri) are not checked.
const ajv = new Ajv({ strict: false, validateSchema: false, validateFormats: false, allErrors: false });
const compiled = new Map<object, ValidateFunction>();

/** ajv's verdict on `value` against `schema`, with its first error as text. */
export function ajvCheck(schema: object, value: unknown): { valid: boolean; error?: string } {
  let validate = compiled.get(schema);
  if (validate === undefined) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  if (validate(value)) return { valid: true };
  const first = validate.errors?.[0];
  return { valid: false, error: `${first?.instancePath || "/"} ${first?.message ?? "invalid"}` };
}
