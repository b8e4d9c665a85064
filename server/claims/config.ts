// Claims settings from the environment (docs/claims.md, "Nightly job runner").
import { positiveInt } from '../env-values.ts';

export const claimsConfig = {
  /** Charges per slice of the nightly validation and build (one transaction each; a visit is never split). */
  buildSliceSize: positiveInt('CLAIMS_BUILD_SLICE_SIZE', 10_000),
  /** Connections the nightly pass works slices on at once (slices share no charge or claim). */
  buildParallelism: positiveInt('CLAIMS_BUILD_PARALLELISM', 2),
};
