// Claims settings from the environment (docs/claims.md, "Nightly job runner").
function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

export const claimsConfig = {
  /** Charges per slice of the nightly validation and build (one transaction each; a visit is never split). */
  buildSliceSize: positiveInt('CLAIMS_BUILD_SLICE_SIZE', 10_000),
  /** Connections the nightly pass works slices on at once (slices share no charge or claim). */
  buildParallelism: positiveInt('CLAIMS_BUILD_PARALLELISM', 2),
};
