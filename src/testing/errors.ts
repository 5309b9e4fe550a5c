/** Workers AI error codes, HTTP statuses and default messages as the emulator reports them (spec 5.1). */

const STATUS_BY_CODE: Record<number, number> = {
  1001: 400,
  2009: 401,
  2021: 400,
  3003: 400,
  3006: 413,
  3007: 408,
  3008: 408,
  3023: 403,
  3030: 400,
  3036: 429,
  3039: 400,
  3040: 429,
  3041: 403,
  3042: 404,
  5004: 400,
  5005: 405,
  5007: 400,
  5016: 403,
  5018: 403,
  5019: 405,
  7003: 404,
  8001: 400,
  8005: 500,
  8006: 400,
  10000: 401,
};

const MESSAGE_BY_CODE: Record<number, string> = {
  1001: "Invalid input",
  2009: "Unauthorized",
  2021: "This model requires a stored provider key (BYOK)",
  3003: "Incomplete request: missing headers or body",
  3006: "Request is too large",
  3007: "Request timeout",
  3008: "Request aborted",
  3023: "Service unavailable for this account",
  3030: "Input prompt contains NSFW content",
  3036: "Account limited: the daily free allocation of 10,000 neurons is used up",
  3039: "Finetune is missing required files",
  3040: "Capacity temporarily exceeded, please try again.",
  3041: "Account not allowed for private model",
  3042: "Invalid model ID",
  5004: "Invalid data type for base64 input",
  5005: "This model does not support LoRA",
  5007: "No such model or task",
  5016: "Model agreement required: accept the model license first",
  5018: "Account not allowed for private model",
  5019: "Deprecated SDK version",
  7003: "Could not route to the requested path, perhaps your object identifier is invalid?",
  8001: "Invalid input",
  8005: "Internal server error",
  8006: "Forced tool call needs more tokens: raise max_tokens",
  10000: "Authentication error",
};

const INPUT_ERROR_CODES = new Set([1001, 3003, 3006, 5004, 8001, 8006]);

/** HTTP status the emulator uses for a Workers AI internal code (500 when the code is unknown). */
export function httpStatusForCode(code: number): number {
  return STATUS_BY_CODE[code] ?? 500;
}

/** Default message text for an internal code. */
export function defaultMessageForCode(code: number): string {
  return MESSAGE_BY_CODE[code] ?? `Emulated error ${code}`;
}

/** Backend error `name` reported by the binding for a code (`InvalidInput` for validation failures). */
export function errorNameForCode(code: number): string {
  return INPUT_ERROR_CODES.has(code) ? "InvalidInput" : "InferenceUpstreamError";
}

/** A failure a model handler reports; becomes an error envelope (REST) or a thrown error (binding). */
export class EmulatorError extends Error {
  /** Workers AI internal code, e.g. 8001. */
  readonly code: number;
  /** HTTP status of the reply. */
  readonly status: number;
  /** Backend error name (binding). */
  readonly errorName: string;

  constructor(code: number, message?: string, status?: number) {
    super(message ?? defaultMessageForCode(code));
    this.name = "EmulatorError";
    this.code = code;
    this.status = status ?? httpStatusForCode(code);
    this.errorName = errorNameForCode(code);
  }
}

/** Shorthand for an 8001 "Invalid input" failure with a detail. */
export function invalidInput(detail: string): EmulatorError {
  return new EmulatorError(8001, `Invalid input: ${detail}`);
}

/** Builds a binding-side error (`AiInternalError`, `AiGatewayLogNotFound`, ...) with a chosen name. */
export function namedError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}
