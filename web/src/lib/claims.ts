// Charges and claim builds (DESIGN.md): validation errors and per-charge build outcomes as text.
export interface ValidationError {
  code?: string;
  field?: string;
  message?: string;
}

export function validationErrorsOf(value: unknown): ValidationError[] {
  return Array.isArray(value) ? value.filter((e): e is ValidationError => Boolean(e) && typeof e === 'object') : [];
}

export function describeValidationError(error: ValidationError): string {
  const where = error.field ? `${error.field}: ` : '';
  return `${where}${error.message ?? error.code ?? 'invalid'}`;
}

export interface BuildOutcome {
  chargeId: string | null;
  claimId: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  validationErrors: unknown;
}

export interface BuildSummary {
  built: boolean;
  claimIds: string[];
  /** Per charge that stopped the build: the sentences to show on its row. */
  errorsByCharge: Map<string, string[]>;
}

/** A build is all or nothing: any error_code means no claim was built, and each failing charge says why. */
export function summariseBuild(outcomes: BuildOutcome[]): BuildSummary {
  const errorsByCharge = new Map<string, string[]>();
  for (const outcome of outcomes) {
    if (!outcome.errorCode || !outcome.chargeId) continue;
    const details = validationErrorsOf(outcome.validationErrors).map(describeValidationError);
    const head = outcome.errorMessage ?? outcome.errorCode;
    errorsByCharge.set(outcome.chargeId, details.length ? [head, ...details.filter((d) => d !== head)] : [head]);
  }
  const claimIds = [...new Set(outcomes.map((o) => o.claimId).filter((id): id is string => Boolean(id)))];
  return { built: errorsByCharge.size === 0, claimIds, errorsByCharge };
}
