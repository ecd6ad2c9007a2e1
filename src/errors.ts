// The one error catalogue (DESIGN.md section 9). Every error QuiverDB reports has a stable Neo4j
// status code, a GQL status and a message. Stages throw `QuiverError`s made here; the session
// boundary (Bolt, HTTP, gRPC) turns them into wire failures once.

export type Classification = 'ClientError' | 'TransientError' | 'DatabaseError';

interface CatalogEntry {
  readonly code: string;
  readonly gqlStatus: string;
  readonly description: string;
}

/** Error kinds by short name. Add entries here; never build a status code anywhere else. */
export const ERRORS = {
  SyntaxError: { code: 'Neo.ClientError.Statement.SyntaxError', gqlStatus: '42001', description: 'invalid syntax' },
  ParameterMissing: { code: 'Neo.ClientError.Statement.ParameterMissing', gqlStatus: '42N51', description: 'parameter missing' },
  ProcedureNotFound: { code: 'Neo.ClientError.Procedure.ProcedureNotFound', gqlStatus: '42N08', description: 'procedure not found' },
  ProcedureCallFailed: { code: 'Neo.ClientError.Procedure.ProcedureCallFailed', gqlStatus: '52N37', description: 'procedure call failed' },
  SemanticError: { code: 'Neo.ClientError.Statement.SemanticError', gqlStatus: '42N00', description: 'semantic error' },
  TypeError: { code: 'Neo.ClientError.Statement.TypeError', gqlStatus: '22G03', description: 'invalid value type' },
  ArgumentError: { code: 'Neo.ClientError.Statement.ArgumentError', gqlStatus: '22N00', description: 'invalid argument' },
  ArithmeticError: { code: 'Neo.ClientError.Statement.ArithmeticError', gqlStatus: '22003', description: 'numeric value out of range' },
  EntityNotFound: { code: 'Neo.ClientError.Statement.EntityNotFound', gqlStatus: '22N00', description: 'entity not found' },
  PropertyValueNotStorable: { code: 'Neo.ClientError.Statement.TypeError', gqlStatus: '22N01', description: 'property value cannot be stored' },
  ConstraintValidationFailed: { code: 'Neo.ClientError.Schema.ConstraintValidationFailed', gqlStatus: '22N41', description: 'constraint violated' },
  IndexAlreadyExists: { code: 'Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists', gqlStatus: '22N70', description: 'equivalent schema rule exists' },
  IndexNotFound: { code: 'Neo.ClientError.Schema.IndexNotFound', gqlStatus: '50N11', description: 'index not found' },
  DeleteConnectedNode: { code: 'Neo.ClientError.Schema.ConstraintValidationFailed', gqlStatus: '22N48', description: 'cannot delete a node that still has relationships' },
  DatabaseNotFound: { code: 'Neo.ClientError.Database.DatabaseNotFound', gqlStatus: '22N51', description: 'database not found' },
  ExistingDatabaseFound: { code: 'Neo.ClientError.Database.ExistingDatabaseFound', gqlStatus: '42N11', description: 'database already exists' },
  DatabaseUnavailable: { code: 'Neo.TransientError.General.DatabaseUnavailable', gqlStatus: '08N09', description: 'database unavailable' },
  ExistingAliasFound: { code: 'Neo.ClientError.Database.ExistingAliasFound', gqlStatus: '42N87', description: 'the name is taken by a database or alias' },
  IllegalAliasChain: { code: 'Neo.ClientError.Database.IllegalAliasChain', gqlStatus: '08N14', description: 'an alias must target a database, not another alias' },
  DatabaseHasAliases: { code: 'Neo.ClientError.Statement.ArgumentError', gqlStatus: '42N82', description: 'cannot drop a database that aliases target' },
  DatabaseLimitReached: { code: 'Neo.DatabaseError.Database.DatabaseLimitReached', gqlStatus: '51N55', description: 'the maximum number of databases is reached' },
  WriteOnReadOnlyAccessDatabase: { code: 'Neo.ClientError.General.WriteOnReadOnlyAccessDatabase', gqlStatus: '42N18', description: 'the database is read-only' },
  TransactionConflict: { code: 'Neo.TransientError.Transaction.Outdated', gqlStatus: '40N01', description: 'transaction conflict; retry' },
  TransactionClosed: { code: 'Neo.ClientError.Transaction.TransactionNotFound', gqlStatus: '25N05', description: 'transaction closed' },
  TransactionMarkedAsFailed: { code: 'Neo.ClientError.Transaction.TransactionMarkedAsFailed', gqlStatus: '25N01', description: 'transaction failed earlier; roll it back' },
  TransactionNotFound: { code: 'Neo.ClientError.Transaction.TransactionNotFound', gqlStatus: '25N05', description: 'transaction not found' },
  TransactionAccessedConcurrently: { code: 'Neo.ClientError.Transaction.TransactionAccessedConcurrently', gqlStatus: '25N05', description: 'transaction used by two requests at once' },
  TransactionTimedOut: { code: 'Neo.ClientError.Transaction.TransactionTimedOut', gqlStatus: '25N11', description: 'transaction timed out' },
  TransactionTerminated: { code: 'Neo.ClientError.Transaction.Terminated', gqlStatus: '25N05', description: 'transaction terminated' },
  TransactionOutOfMemory: { code: 'Neo.ClientError.General.TransactionOutOfMemoryError', gqlStatus: '51N73', description: 'transaction memory limit reached' },
  StorageLimitExceeded: { code: 'Neo.ClientError.Database.StorageLimitExceeded', gqlStatus: '53N01', description: 'storage limit exceeded' },
  ResultLimitExceeded: { code: 'Neo.ClientError.Statement.ResultLimitExceeded', gqlStatus: '53N04', description: 'result limit exceeded' },
  NoThreadsAvailable: { code: 'Neo.TransientError.Request.NoThreadsAvailable', gqlStatus: '53N03', description: 'concurrency limit reached; retry' },
  RateLimited: { code: 'Neo.TransientError.Request.RateLimited', gqlStatus: '53N02', description: 'rate limit reached; retry' },
  StoreClosed: { code: 'Neo.TransientError.General.DatabaseUnavailable', gqlStatus: '08N09', description: 'store closed' },
  StoreFailure: { code: 'Neo.DatabaseError.General.UnknownError', gqlStatus: '50N00', description: 'storage failure' },
  CorruptRecord: { code: 'Neo.DatabaseError.General.UnknownError', gqlStatus: '50N00', description: 'corrupt record' },
  InvalidDump: { code: 'Neo.ClientError.Request.InvalidFormat', gqlStatus: '22N00', description: 'invalid, corrupted or truncated dump' },
  // Server, protocol and security (the Bolt/HTTP front ends and the auth store).
  EngineUnavailable: { code: 'Neo.DatabaseError.Statement.ExecutionFailed', gqlStatus: '50N00', description: 'the Cypher engine is not part of this build yet' },
  UnknownError: { code: 'Neo.DatabaseError.General.UnknownError', gqlStatus: '50N42', description: 'unexpected error' },
  RequestInvalid: { code: 'Neo.ClientError.Request.Invalid', gqlStatus: '08N06', description: 'protocol error' },
  RequestInvalidFormat: { code: 'Neo.ClientError.Request.InvalidFormat', gqlStatus: '08N06', description: 'invalid request format' },
  Unauthorized: { code: 'Neo.ClientError.Security.Unauthorized', gqlStatus: '42NFF', description: 'authentication failed' },
  TokenExpired: { code: 'Neo.ClientError.Security.TokenExpired', gqlStatus: '42NFF', description: 'the token has expired' },
  AuthenticationRateLimit: { code: 'Neo.ClientError.Security.AuthenticationRateLimit', gqlStatus: '42NFF', description: 'too many failed authentication attempts' },
  Forbidden: { code: 'Neo.ClientError.Security.Forbidden', gqlStatus: '42NFF', description: 'permission denied' },
  CredentialsExpired: { code: 'Neo.ClientError.Security.CredentialsExpired', gqlStatus: '42NFF', description: 'the password must be changed' },
} as const satisfies Record<string, CatalogEntry>;

export type ErrorKind = keyof typeof ERRORS;

/** A typed QuiverDB error: `kind` selects the catalogue entry; `message` is for humans. */
export class QuiverError extends Error {
  readonly kind: ErrorKind;
  readonly code: string;
  readonly gqlStatus: string;
  readonly classification: Classification;
  /**
   * A finer classification in openCypher's vocabulary (`VariableAlreadyBound`, `IntegerOverflow`,
   * `DeletedEntityAccess`, ...): what the TCK checks and what a message alone would bury.
   */
  detail: string | undefined;
  /** Set by the engine: whether the error arose while preparing (compiling) or running a query. */
  phase: 'compile' | 'runtime' | undefined;

  constructor(kind: ErrorKind, message: string, options?: { cause?: unknown; detail?: string }) {
    super(message, options);
    this.detail = options?.detail;
    this.phase = undefined;
    this.name = 'QuiverError';
    this.kind = kind;
    const entry: CatalogEntry = ERRORS[kind];
    this.code = entry.code;
    this.gqlStatus = entry.gqlStatus;
    this.classification = entry.code.split('.')[1] as Classification;
  }

  /** True for errors a driver retries (Neo4j's TransientError class). */
  get retryable(): boolean {
    return this.classification === 'TransientError';
  }
}

/** Shorthand: `throw quiverError('DatabaseNotFound', \`Database ${name} does not exist.\`)`. */
export function quiverError(kind: ErrorKind, message: string, cause?: unknown): QuiverError {
  return new QuiverError(kind, message, cause === undefined ? undefined : { cause });
}

/**
 * A Cypher error with an openCypher detail:
 * `throw cypherError('SyntaxError', 'VariableAlreadyBound', \`Variable \`n\` already declared\`)`.
 */
export function cypherError(kind: ErrorKind, detail: string, message: string): QuiverError {
  return new QuiverError(kind, message, { detail });
}

export function isQuiverError(e: unknown, kind?: ErrorKind): e is QuiverError {
  return e instanceof QuiverError && (kind === undefined || e.kind === kind);
}
