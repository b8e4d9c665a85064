// The feed field parsers every apply function uses, checked against PostgreSQL's own parsers:
// parse_date accepts exactly the real calendar dates written YYYY-MM-DD, parse_numeric exactly
// the decimals with at most 15 digits before the point and 6 after. Anything else is null (the
// row's INVALID_DATE / INVALID_NUMBER error), never an exception that would fail the chunk.
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

let db: TestDatabase;
beforeAll(async () => { db = await createTestDatabase(); });
afterAll(async () => db.drop());

const q = async (sql: string, params: unknown[] = []) => (await db.owner.query(sql, params)).rows;

test('parse_date gives every calendar day from 1600 to 2400 back as itself, leap days included', async () => {
  const [row] = await q(`select count(*)::int as days,
      count(*) filter (where ingestion_private.parse_date(to_char(d, 'YYYY-MM-DD')) is distinct from d::date)::int as wrong
    from generate_series(date '1600-01-01', date '2400-12-31', interval '1 day') d`);
  expect(row).toEqual({ days: 292_560, wrong: 0 });
});

test('parse_date refuses days a month does not have, Feb 29 outside leap years, and other shapes', async () => {
  // Every year/month/day 29..31 combination that is not a real date (1900 and 2100 are not leap years, 2000 is).
  const [impossible] = await q(`select count(*)::int as n,
      count(*) filter (where ingestion_private.parse_date(format('%s-%s-%s', y, lpad(m::text, 2, '0'), d)) is not null)::int as accepted
    from generate_series(1896, 2104) y, generate_series(1, 12) m, generate_series(29, 31) d
    where not (d <= extract(day from make_date(y, m, 1) + interval '1 month - 1 day'))`);
  expect(impossible.n).toBeGreaterThan(1000);
  expect(impossible.accepted).toBe(0);
  expect((await q("select ingestion_private.parse_date('2000-02-29') as d"))[0].d).not.toBeNull();
  for (const bad of ['1900-02-29', '2026-02-30', '2026-04-31', '2026-13-01', '2026-00-10', '2026-01-00', '0000-01-01', '2026-1-01',
    '2026-01-1', '20260101', '2026/01/01', '2026-01-01T00:00', ' 2026-01-01', '2026--1-01', '-026-01-01', '２０２６-01-01', 'abcd-ef-gh', '']) {
    expect([bad, (await q('select ingestion_private.parse_date($1) as d', [bad]))[0].d]).toEqual([bad, null]);
  }
});

test('parse_numeric reads plain decimals up to 15.6 digits and nothing else', async () => {
  const cases: [string, string | null][] = [
    ['12', '12'], ['12.50', '12.50'], ['-3', '-3'], ['0', '0'], ['123456789012345', '123456789012345'], ['1.123456', '1.123456'],
    ['-0.000001', '-0.000001'], ['1234567890123456', null], ['1.1234567', null], ['.5', null], ['5.', null], ['1e3', null],
    [' 1', null], ['--1', null], ['-', null], ['', null], ['1,5', null], ['NaN', null], ['Infinity', null],
  ];
  for (const [input, expected] of cases) {
    expect([input, (await q('select ingestion_private.parse_numeric($1)::text as n', [input]))[0].n]).toEqual([input, expected]);
  }
});
