// The console's client-side logic (pure modules under web/src/lib), run in node.
import { formatCountdown, formatDuration, formatAgo, percent, formatMoney } from '../../web/src/lib/format.ts';
import { clampPage, offsetOf, pageCount } from '../../web/src/lib/paging.ts';
import { normaliseToken } from '../../web/src/lib/token.ts';
import { missingPermissionReason } from '../../web/src/lib/permissions.ts';
import { EMPTY_TRADING_PARTNER, fieldOfServerError, validateTradingPartner } from '../../web/src/lib/trading-partner-form.ts';
import { describeGraphqlErrors } from '../../web/src/lib/errors.ts';

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';

test('countdown keeps fixed-width parts and says "due now" at zero', () => {
  expect(formatCountdown(0)).toBe('due now');
  expect(formatCountdown(-5)).toBe('due now');
  expect(formatCountdown(42_400)).toBe('in 42s');
  expect(formatCountdown(65_000)).toBe('in 1m 05s');
  expect(formatCountdown(3 * 3600_000 + 4 * 60_000 + 5_000)).toBe('in 3h 04m 05s');
  expect(formatCountdown(2 * 86400_000 + 3600_000)).toBe('in 2d 01h 00m');
});

test('durations, ages, percentages and money', () => {
  expect(formatDuration('2026-01-01T00:00:00Z', '2026-01-01T00:01:05Z')).toBe('1m 05s');
  expect(formatDuration(null, null)).toBe('—');
  const now = Date.parse('2026-01-01T12:00:00Z');
  expect(formatAgo('2026-01-01T11:50:00Z', now)).toBe('10 min ago');
  expect(formatAgo(null, now)).toBe('never');
  expect(percent(5, 0)).toBe(0);
  expect(percent(50, 200)).toBe(25);
  expect(percent(300, 200)).toBe(100);
  expect(formatMoney('1234.5')).toBe('$1,234.50');
});

test('paging: page count, clamping after a filter narrows the list, offsets', () => {
  expect(pageCount(0, 50)).toBe(1);
  expect(pageCount(10_001, 50)).toBe(201);
  expect(clampPage(150, 120, 50)).toBe(3);
  expect(clampPage(0, 120, 50)).toBe(1);
  expect(offsetOf(3, 50)).toBe(100);
});

test('a pasted token is accepted bare, as an export line or as a header value', () => {
  expect(normaliseToken(JWT)).toBe(JWT);
  expect(normaliseToken(`  export TOKEN=${JWT}\n`)).toBe(JWT);
  expect(normaliseToken(`Authorization: Bearer ${JWT}`)).toBe(JWT);
  expect(normaliseToken(`'${JWT}'`)).toBe(JWT);
  expect(normaliseToken('hello')).toBeNull();
});

test('missing permission reason names the action and the permission', () => {
  expect(missingPermissionReason(['admin'], 'admin')).toBeNull();
  // admin holds every permission, as core.has_permission says in SQL: a token with only admin can act.
  expect(missingPermissionReason(['admin'], 'claims.write', 'Build claims')).toBeNull();
  expect(missingPermissionReason(['eligibility.read'], 'eligibility.update', 'Run now')).toBe('Run now needs the eligibility.update permission, which your token does not carry.');
});

test('trading partner form: each broken field is named, server constraint errors map to fields', () => {
  expect(validateTradingPartner({ ...EMPTY_TRADING_PARTNER, name: 'A', endpointUrl: 'https://x/y', senderId: 'S', receiverId: 'R' })).toEqual({});
  const errors = validateTradingPartner({ ...EMPTY_TRADING_PARTNER, endpointUrl: 'x', senderId: 'way too long sender id', receiverQualifier: 'zz', timeoutMs: 50 });
  expect(Object.keys(errors).sort()).toEqual(['endpointUrl', 'name', 'receiverId', 'receiverQualifier', 'senderId', 'timeoutMs']);
  expect(fieldOfServerError('new row for relation "trading_partner" violates check constraint "trading_partner_endpoint_url_check"')).toBe('endpointUrl');
  expect(fieldOfServerError('duplicate key value violates unique constraint "trading_partner_tenant_id_name_key"')).toBe('name');
  expect(fieldOfServerError('something else')).toBeNull();
  // 276 claim status: the interval between asks is 1 to 180 days, as the column's CHECK says.
  expect(validateTradingPartner({ ...EMPTY_TRADING_PARTNER, name: 'A', endpointUrl: 'https://x/y', senderId: 'S', receiverId: 'R', supports276: true, claimStatusIntervalDays: 0 }))
    .toEqual({ claimStatusIntervalDays: 'Ask again after 1 to 180 days.' });
  expect(fieldOfServerError('new row for relation "trading_partner" violates check constraint "trading_partner_claim_status_interval_days_check"')).toBe('claimStatusIntervalDays');
});

test('GraphQL errors read as sentences with what kind of refusal they are', () => {
  expect(describeGraphqlErrors([{ message: 'permission denied: admin required', extensions: { code: '42501' } }])).toBe('Not allowed: permission denied: admin required');
  expect(describeGraphqlErrors([{ message: 'run is COMPLETED', extensions: { code: '55000', hint: 'only RUNNING runs can be cancelled' } }])).toBe(
    'Not possible in this state: run is COMPLETED (only RUNNING runs can be cancelled)',
  );
});
