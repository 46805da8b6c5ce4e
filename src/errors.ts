// The error catalog: every failure a client can see is one of these kinds.
// Each kind fixes the HTTP status and the ERS `code` string; the title is
// written where the error is raised. Adapters render the same error as an
// ERSResponse (ERS), an mnt-rest-result (MnT) or a log line (RADIUS).

export const ErrorKinds = {
  /** Field or business-rule validation (duplicates, password policy, bad references on create). */
  validation: { status: 400, code: 'Application resource validation exception' },
  /** Mandatory field missing or structurally wrong body. */
  schema: { status: 400, code: 'Schema validation exception' },
  /** Body that cannot be parsed, unknown JSON properties, missing wrapper. */
  invalidBody: { status: 400, code: 'Application resource validation exception' },
  /** Bad list/search query: size, page, filter, sort. */
  query: { status: 400, code: 'Query validation exception' },
  /** Page past the last one. */
  pageNotExists: { status: 400, code: 'Page not exists exception' },
  /** Deleting an object that is in use or built in. */
  inUse: { status: 400, code: 'Application resource validation exception' },
  /** Creating an object whose name is taken, where the API answers 409 (policy dictionaries). */
  conflict: { status: 409, code: 'Conflict' },
  /** Id or name not found. */
  notFound: { status: 404, code: 'Resource not found exception' },
  /** Unknown resource path. */
  unknownResource: { status: 404, code: 'Unsupported resource exception' },
  /** Method not supported on an existing path. */
  methodNotAllowed: { status: 405, code: 'Unsupported method exception' },
  /** Missing or wrong credentials. */
  unauthorized: { status: 401, code: 'Unauthorized' },
  /** Authenticated but not allowed (role, CSRF). */
  forbidden: { status: 403, code: 'Forbidden' },
  /** Body larger than the configured limit. */
  payloadTooLarge: { status: 413, code: 'Payload too large exception' },
  /** Accept or Content-Type not supported. */
  mediaType: { status: 415, code: 'Media type exception' },
  /** ERS-Media-Type version not supported. */
  version: { status: 415, code: 'Version exception' },
  /** Too many failed logins from one source. */
  rateLimited: { status: 429, code: 'Too many requests' },
  /** A reference that the store refused while updating (ISE answers 500 here). */
  crud: { status: 500, code: 'CRUD operation exception' },
  /** Anything unexpected. */
  internal: { status: 500, code: 'Internal exception' },
  /** MnT lookup that found no session or record (ISE answers 500, "Session data is not available for …"). */
  noData: { status: 500, code: 'Data not available exception' },
  /** Busy (one bulk at a time). */
  unavailable: { status: 503, code: 'Service unavailable exception' },
} as const;

export type ErrorKind = keyof typeof ErrorKinds;

export class GatehouseError extends Error {
  readonly kind: ErrorKind;
  /** Extra response headers (Retry-After, Allow). */
  readonly headers: Record<string, string>;

  constructor(kind: ErrorKind, title: string, headers: Record<string, string> = {}) {
    super(title);
    this.name = 'GatehouseError';
    this.kind = kind;
    this.headers = headers;
  }

  get status(): number {
    return ErrorKinds[this.kind].status;
  }

  get code(): string {
    return ErrorKinds[this.kind].code;
  }
}

export const fail = (kind: ErrorKind, title: string, headers?: Record<string, string>): never => {
  throw new GatehouseError(kind, title, headers);
};

export const isGatehouseError = (e: unknown): e is GatehouseError => e instanceof GatehouseError;
