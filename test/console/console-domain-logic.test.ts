// Client logic of the domain screens (web/src/lib), run in node: cron field errors, sweep progress,
// batch tie-outs, claim build outcomes and chart series.
import { cronErrorField, cronParts, describeCronError, looksComplete } from '../../web/src/lib/cron.ts';
import { describeWindow, doneCount, isRunLive, parsePayerIds, progressSegments } from '../../web/src/lib/sweep.ts';
import { describeErrorDetail, isBatchLive, parseKeyFields, summariseRecord, tieOuts } from '../../web/src/lib/batch.ts';
import { summariseBuild } from '../../web/src/lib/claims.ts';
import { agingBucket, pivot, sumByDay, unbilledAging } from '../../web/src/lib/dashboards.ts';
import { describeCounts, describeErrors } from '../../web/src/lib/jobs.ts';
import { nonEmptyFilter } from '../../web/src/lib/filter.ts';
import { acknowledgmentCode, submissionOutcome } from '../../web/src/lib/submissions.ts';

test('cron: the field a server error names is found and leads the message', () => {
  expect(cronParts('30 2 * * 1-5').map((p) => `${p.name}=${p.value}`)).toEqual(['minute=30', 'hour=2', 'day of month=*', 'month=*', 'day of week=1-5']);
  expect(cronParts('30 2').at(-1)).toEqual({ name: 'day of week', value: '' });
  const message = 'cron field "hour" value 25 is out of range 0-23';
  expect(cronErrorField(message)).toBe('hour');
  expect(describeCronError(message)).toBe('Hour field: value 25 is out of range 0-23');
  expect(cronErrorField('cron field "day of week" item "x" is not a number, range or step')).toBe('day of week');
  expect(describeCronError('cron expression "* *" must have 5 fields')).toBe('cron expression "* *" must have 5 fields');
  expect(looksComplete('0 2 * *')).toBe(false);
  expect(looksComplete(' 0 2 * * * ')).toBe(true);
});

test('sweep progress: segments add up to the done share, live states, windows, pasted payer ids', () => {
  const run = { totalMembers: 200, queuedCount: 50, submittedCount: 10, receivedCount: 100, failedCount: 20, skippedCount: 20 };
  const segments = progressSegments(run);
  expect(segments.map((s) => [s.key, s.percent])).toEqual([['received', 50], ['failed', 10], ['skipped', 10], ['submitted', 5]]);
  expect(doneCount(run)).toBe(140);
  expect(progressSegments({ ...run, totalMembers: 0, queuedCount: 0, submittedCount: 0, receivedCount: 0, failedCount: 0, skippedCount: 0 })).toEqual([]);
  expect(isRunLive('RUNNING')).toBe(true);
  expect(isRunLive('CANCELLED')).toBe(false);
  expect(describeWindow(0, 7)).toBe('next 0 to 7 days');
  expect(describeWindow(-14, 0)).toBe('14 to 0 days back');
  expect(describeWindow(-3, 3)).toBe('3 days back to 3 ahead');
  const id = '6f1c1b8e-2a4b-4c7d-9e0f-112233445566';
  expect(parsePayerIds(`${id}, ${id.toUpperCase()} nope`)).toEqual({ ids: [id], invalid: ['nope'] });
});

test('batch: counters tie out or say where they do not; error details read as sentences', () => {
  const good = { total: 10, processed: 8, pending: 2, success: 6, error: 2 };
  expect(tieOuts(good, false).every((c) => c.holds)).toBe(true);
  expect(tieOuts(good, true).at(-1)).toEqual({ label: 'finished: total 10 = processed 8', holds: false });
  expect(tieOuts({ ...good, success: 7 }, false)[1].holds).toBe(false);
  expect(isBatchLive('PROCESSING')).toBe(true);
  expect(isBatchLive('RECEIVING')).toBe(true); // an upload still writing its slices
  expect(isBatchLive('COMPLETED_WITH_ERRORS')).toBe(false);
  expect(describeErrorDetail({ code: 'UNKNOWN_MEMBER', field: 'MemberId', value: 'M9', message: 'no member M9' })).toBe('MemberId: UNKNOWN_MEMBER (M9) — no member M9');
  expect(describeErrorDetail({ code: 'MISSING_FIELD', field: 'FirstName', value: null })).toBe('FirstName: MISSING_FIELD');
  expect(describeErrorDetail(null)).toBe('');
  expect(summariseRecord({ a: 1, b: null, c: 'x' })).toBe('a=1, b=, c=x');
  expect(summariseRecord({ a: 1, b: 2, c: 3 }, 2)).toBe('a=1, b=2, …');
  expect(parseKeyFields(' ServiceDate, MemberId ,')).toEqual(['ServiceDate', 'MemberId']);
});

test('claim build: all or nothing, with each failing charge and its validation errors', () => {
  const built = summariseBuild([
    { chargeId: 'c1', claimId: 'k1', errorCode: null, errorMessage: null, validationErrors: null },
    { chargeId: 'c2', claimId: 'k1', errorCode: null, errorMessage: null, validationErrors: null },
  ]);
  expect(built).toEqual({ built: true, claimIds: ['k1'], errorsByCharge: new Map() });
  const refused = summariseBuild([
    { chargeId: 'c1', claimId: null, errorCode: null, errorMessage: null, validationErrors: null },
    { chargeId: 'c2', claimId: null, errorCode: 'CHARGE_INVALID', errorMessage: 'charge C2 is INVALID', validationErrors: [{ code: 'NO_DX', field: 'diagnosisCodes', message: 'at least one diagnosis code' }] },
  ]);
  expect(refused.built).toBe(false);
  expect(refused.errorsByCharge.get('c2')).toEqual(['charge C2 is INVALID', 'diagnosisCodes: at least one diagnosis code']);
  expect(refused.errorsByCharge.has('c1')).toBe(false);
});

test('dashboards: sums per day include empty days, pivots fill gaps, aging buckets', () => {
  const now = new Date('2026-03-10T12:00:00Z');
  const days = sumByDay([{ at: '2026-03-09T02:00:00Z', ok: 3 }, { at: '2026-03-09T05:00:00Z', ok: 2 }, { at: '2026-01-01T00:00:00Z', ok: 99 }], 'at', ['ok'], 3, now);
  expect(days).toEqual([{ day: '03-08', ok: 0 }, { day: '03-09', ok: 5 }, { day: '03-10', ok: 0 }]);
  const table = pivot([{ payer: 'UHC', status: 'PAID', n: 2 }, { payer: 'AETNA', status: 'DENIED', n: 1 }, { payer: 'UHC', status: 'PAID', n: 1 }], 'payer', 'status', 'n');
  expect(table).toEqual({ columns: ['PAID', 'DENIED'], data: [{ payer: 'AETNA', DENIED: 1, PAID: 0 }, { payer: 'UHC', PAID: 3, DENIED: 0 }] });
  expect([0, 30, 31, 90, 91, 121].map(agingBucket)).toEqual(['0–30 days', '0–30 days', '31–60 days', '61–90 days', '91–120 days', 'over 120 days']);
  const aging = unbilledAging([{ unbilledAgeDays: 10, unbilledAmount: '100.10', unbilledCount: 1 }, { unbilledAgeDays: 12, unbilledAmount: 50, unbilledCount: 2 }, { unbilledAgeDays: 200, unbilledAmount: '5', unbilledCount: 0 }]);
  expect(aging[0]).toEqual({ bucket: '0–30 days', amount: 150.1, count: 3 });
  expect(aging[4]).toEqual({ bucket: 'over 120 days', amount: 0, count: 0 });
});

test('job runner counts and errors as text; empty filters are not sent', () => {
  expect(describeCounts({ claimsBuilt: 12, tenants: 2, nested: { x: 1 } })).toBe('claimsBuilt: 12 · tenants: 2');
  expect(describeErrors([{ code: '42P01', message: 'relation missing' }, 'plain'])).toEqual(['42P01: relation missing', 'plain']);
  expect(describeErrors(null)).toEqual([]);
  expect(nonEmptyFilter({})).toBeUndefined();
  expect(nonEmptyFilter({ status: { equalTo: 'X' } })).toEqual({ status: { equalTo: 'X' } });
});

test('submissions: claims accepted/rejected count each claim once by its latest 277CA; a rejected set rejects every claim', () => {
  const acks = [
    { claimId: 'a', status: 'ACCEPTED', receivedAt: '2026-12-01T10:00:00Z' },
    { claimId: 'b', status: 'REJECTED', receivedAt: '2026-12-01T10:00:00Z' },
    { claimId: 'c', status: 'PENDING', receivedAt: '2026-12-01T10:00:00Z' },
    { claimId: 'c', status: 'ACCEPTED_WITH_ERRORS', receivedAt: '2026-12-02T10:00:00Z' },
    { claimId: null, status: 'ACCEPTED', receivedAt: '2026-12-01T09:00:00Z' },
  ];
  expect(submissionOutcome('ACKNOWLEDGED', 4, acks)).toEqual({ accepted: 2, rejected: 1, waiting: 1 });
  expect(submissionOutcome('REJECTED', 3, [])).toEqual({ accepted: 0, rejected: 3, waiting: 0 });
  expect(submissionOutcome('SENT', 2, [])).toEqual({ accepted: 0, rejected: 0, waiting: 2 });
  expect(acknowledgmentCode({ category: 'A7', code: '562', entity: '85' })).toBe('A7:562:85');
  expect(acknowledgmentCode({ category: 'A6', code: '255', entity: null })).toBe('A6:255');
  expect(acknowledgmentCode({ segment: 'NM1', element: 9, code: '7' })).toBe('segment NM1 · element 9 · code 7');
});
