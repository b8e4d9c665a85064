// eligibility.fn_cron_next_fire against cron-parser (an independent, widely used implementation)
// over random expressions and instants, many of them around DST transitions; plus errors.
import { CronExpressionParser } from 'cron-parser';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db.drop());

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

function randomField(rand: () => number, lo: number, hi: number, names?: string[]): string {
  const int = (a: number, b: number) => a + Math.floor(rand() * (b - a + 1));
  const value = (v: number) => (names && rand() < 0.3 && v - lo < names.length && v >= lo ? names[v - (names === MONTHS ? 1 : 0)] ?? String(v) : String(v));
  const item = (): string => {
    const kind = rand();
    if (kind < 0.35) return value(int(lo, hi));
    if (kind < 0.55) {
      const a = int(lo, hi);
      return `${value(a)}-${value(int(a, hi))}`;
    }
    if (kind < 0.75) return `*/${int(1, Math.max(1, Math.floor((hi - lo + 1) / 2)))}`;
    if (kind < 0.9) {
      const a = int(lo, hi);
      return `${a}-${int(a, hi)}/${int(1, 5)}`;
    }
    return `${int(lo, hi)}/${int(1, 10)}`;
  };
  if (rand() < 0.4) return '*';
  const n = rand() < 0.7 ? 1 : int(2, 3);
  return Array.from({ length: n }, item).join(',');
}

function randomExpression(rand: () => number): string {
  return [
    randomField(rand, 0, 59),
    rand() < 0.3 ? randomField(rand, 0, 23) : String(Math.floor(rand() * 4)), // hours 0-3 often: DST transitions happen there
    randomField(rand, 1, 31),
    randomField(rand, 1, 12, MONTHS),
    randomField(rand, 0, 7, DAYS),
  ].join(' ');
}

const ZONES = ['UTC', 'America/New_York', 'America/Chicago', 'America/Los_Angeles', 'Europe/London', 'Europe/Berlin', 'Australia/Sydney', 'Asia/Kolkata', 'America/Phoenix'];
// Instants near DST transitions (UTC), and anywhere in 2025-2027.
const TRANSITIONS = ['2026-03-08T07:00:00Z', '2026-11-01T06:00:00Z', '2026-03-29T01:00:00Z', '2026-10-25T01:00:00Z', '2026-04-05T16:00:00Z', '2026-10-04T16:00:00Z', '2026-03-08T08:00:00Z', '2026-11-01T07:00:00Z', '2026-03-08T10:00:00Z', '2026-11-01T09:00:00Z'];

function randomInstant(rand: () => number): Date {
  if (rand() < 0.6) {
    const base = Date.parse(TRANSITIONS[Math.floor(rand() * TRANSITIONS.length)]);
    return new Date(base + Math.floor((rand() - 0.5) * 6 * 3600) * 1000);
  }
  return new Date(Date.parse('2025-01-01T00:00:00Z') + Math.floor(rand() * 3 * 365 * 86400) * 1000);
}

interface Case { expr: string; after: Date; tz: string; expected: string }

test('next fire equals cron-parser over 10,000 random expressions and instants, DST transitions included', async () => {
  const rand = prng(20261122);
  const cases: Case[] = [];
  let invalid = 0;
  while (cases.length < 10_000) {
    const expr = randomExpression(rand);
    const after = randomInstant(rand);
    const tz = ZONES[Math.floor(rand() * ZONES.length)];
    let expected: string;
    try {
      expected = CronExpressionParser.parse(expr, { currentDate: after, tz }).next().toDate().toISOString();
    } catch {
      invalid++; // e.g. day 31 in February only: checked below as an error
      continue;
    }
    cases.push({ expr, after, tz, expected });
  }
  const mismatches: (Case & { actual: string })[] = [];
  for (let i = 0; i < cases.length; i += 2500) {
    const chunk = cases.slice(i, i + 2500);
    const { rows } = await db.owner.query<{ n: string; next: Date }>(
      `select n, eligibility.fn_cron_next_fire(e, a, z) as next
       from unnest($1::text[], $2::timestamptz[], $3::text[]) with ordinality as c(e, a, z, n)`,
      [chunk.map((c) => c.expr), chunk.map((c) => c.after.toISOString()), chunk.map((c) => c.tz)],
    );
    expect(rows).toHaveLength(chunk.length);
    for (const row of rows) {
      const c = chunk[Number(row.n) - 1];
      const actual = row.next.toISOString();
      if (actual !== c.expected) mismatches.push({ ...c, actual });
    }
  }
  expect(mismatches.slice(0, 10)).toEqual([]);
  expect(invalid).toBeGreaterThan(0);
});

test('documented DST behaviour in America/New_York', async () => {
  const next = async (expr: string, after: string) =>
    ((await db.owner.query<{ t: Date }>("select eligibility.fn_cron_next_fire($1, $2, 'America/New_York') as t", [expr, after])).rows[0].t).toISOString();
  // 02:30 does not exist on 2026-03-08: it fires at 03:30 EDT.
  expect(await next('30 2 * * *', '2026-03-07T12:00:00Z')).toBe('2026-03-08T07:30:00.000Z');
  // 01:30 happens twice on 2026-11-01: it fires once, at the first (EDT) one, then the next day.
  expect(await next('30 1 * * *', '2026-10-31T12:00:00Z')).toBe('2026-11-01T05:30:00.000Z');
  expect(await next('30 1 * * *', '2026-11-01T05:30:00Z')).toBe('2026-11-02T06:30:00.000Z');
});

test('an invalid expression or time zone raises 22023 naming the field', async () => {
  const error = async (expr: string, tz = 'UTC') => {
    try {
      await db.owner.query('select eligibility.fn_cron_next_fire($1, now(), $2)', [expr, tz]);
    } catch (e) {
      return { code: (e as { code: string }).code, message: (e as Error).message };
    }
    throw new Error(`"${expr}" was accepted`);
  };
  expect(await error('0 25 * * *')).toEqual({ code: '22023', message: 'cron field "hour" value 25 is out of range 0-23' });
  expect(await error('61 * * * *')).toMatchObject({ message: 'cron field "minute" value 61 is out of range 0-59' });
  expect(await error('* * 0 * *')).toMatchObject({ message: 'cron field "day of month" value 0 is out of range 1-31' });
  expect(await error('* * * 13 *')).toMatchObject({ message: 'cron field "month" value 13 is out of range 1-12' });
  expect(await error('* * * * 8')).toMatchObject({ message: 'cron field "day of week" value 8 is out of range 0-7' });
  expect(await error('* * * FOO *')).toMatchObject({ code: '22023', message: expect.stringContaining('"month"') });
  expect(await error('*/0 * * * *')).toMatchObject({ message: expect.stringContaining('"minute" step "0"') });
  expect(await error('5-1 * * * *')).toMatchObject({ message: 'cron field "minute" range 5-1 runs backwards' });
  expect(await error('0 2 * *')).toMatchObject({ code: '22023', message: expect.stringContaining('must have 5 fields') });
  expect(await error('0 0 31 2 *')).toMatchObject({ message: 'cron field "day of month" value 31 never occurs in the selected months' });
  expect(await error('0 2 * * *', 'Mars/Olympus')).toMatchObject({ code: '22023' });
});

test('the preview lists the next fires in order', async () => {
  const { rows } = await db.owner.query<{ t: Date }>("select t from eligibility.fn_cron_preview('0 2 * * MON-FRI', 'UTC', 3, '2026-11-20T12:00:00Z') t");
  expect(rows.map((r) => r.t.toISOString())).toEqual(['2026-11-23T02:00:00.000Z', '2026-11-24T02:00:00.000Z', '2026-11-25T02:00:00.000Z']);
});
