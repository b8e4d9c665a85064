// Demo data of the claims domain: charges from completed visits (most VALIDATED and billed, some
// INVALID with their errors, the last days' still NEW), claims in every status recorded through
// billing.fn_record_claim_status, late charges and claims that raise timely-filing alerts at each
// level, stale submitted claims (asked about with 276s by the worker), and refreshed views. Deterministic: choices hash the row number.
import type pg from 'pg';
import type { SeedOptions } from './base.ts';

const CODES = [
  { code: '99213', amount: 125, pos: '11' },
  { code: '99214', amount: 185, pos: '11' },
  { code: '99203', amount: 165, pos: '11' },
  { code: '36415', amount: 18, pos: '81' },
  { code: '80053', amount: 48, pos: '81' },
  { code: '85025', amount: 32, pos: '81' },
  { code: '93000', amount: 65, pos: '22' },
  { code: '71046', amount: 95, pos: '22' },
  { code: 'J1100', amount: 12, pos: '22' },
  { code: 'G0439', amount: 175, pos: '11' },
];
const DIAGNOSES = ['E11.9', 'I10', 'J06.9', 'M54.50', 'Z00.00', 'R51.9', 'E78.5', 'K21.9'];
const DENIAL_CATEGORIES = ['ELIGIBILITY', 'AUTHORIZATION', 'CODING', 'MEDICAL_NECESSITY', 'DUPLICATE'];

export async function seedClaims(client: pg.ClientBase, tenantId: string, options: SeedOptions): Promise<void> {
  const already = await client.query('select 1 from billing.charge where tenant_id = $1 limit 1', [tenantId]);
  if (already.rowCount) return;
  const h = (n: string, field: string) => `abs(hashtextextended((${n})::text || ':${field}', ${options.seed}))`;
  // The functions act for the tenant in the JWT settings; set them for this step only.
  const visits = await client.query("select 1 from service.service_event where tenant_id = $1 and status = 'COMPLETED' limit 1", [tenantId]);
  if (!visits.rowCount) return; // a tenant without visits (tests make such) has nothing to bill
  await client.query("select set_config('jwt.claims.tenant_id', $1, true), set_config('jwt.claims.permissions', 'admin', true), set_config('jwt.claims.sub', 'seed', true)", [tenantId]);
  {
    // 1-3 charges per completed visit; about 8% with a mistake the validation catches.
    await client.query(
      `with e as (
         select e.id, e.event_number, e.member_id, e.facility_id, e.service_date, e.rendering_npi, row_number() over (order by e.event_number) as n
         from service.service_event e where e.tenant_id = $1 and e.status = 'COMPLETED'
       ), line as (
         select e.*, k, ($2::jsonb) -> (${h('e.n * 10 + k', 'code')} % jsonb_array_length($2::jsonb))::int as code, ${h('e.n * 10 + k', 'bad')} % 100 as bad
         from e cross join lateral generate_series(1, 1 + (${h('e.n', 'lines')} % 3)::int) k
       )
       insert into billing.charge (tenant_id, charge_number, service_event_id, member_id, facility_id, rendering_npi, procedure_code, modifiers,
                                   diagnosis_codes, diagnosis_pointers, units, amount, service_date, place_of_service)
       select $1, 'CH' || substr(event_number, 2) || '-' || k, id, member_id, facility_id, rendering_npi,
              case when bad < 3 then 'X' || (code->>'code') else code->>'code' end,
              case when k = 2 and code->>'pos' = '11' then array['25'] else '{}' end,
              array[($3::text[])[1 + ${h('n * 10 + k', 'dx1')} % 8], ($3::text[])[1 + ${h('n * 10 + k', 'dx2')} % 8]] ||
                case when bad between 3 and 5 then array['E11.999999'] else '{}' end,
              '{1,2}', 1, (code->>'amount')::numeric, service_date,
              case when bad between 6 and 7 then '00' else code->>'pos' end
       from line`,
      [tenantId, JSON.stringify(CODES), DIAGNOSES],
    );
    // Late visits of members whose primary payer allows 90 days: 74 days ago (WARNING),
    // 83 (ALERT), 95 (EXPIRED); and two submitted long ago that the payer never answered (stale).
    await client.query(
      `with m as (
         select cp.member_id, cp.id as coverage_id, row_number() over (order by mm.member_number) as n
         from member.coverage_policy cp join core.payer p on p.tenant_id = cp.tenant_id and p.id = cp.payer_id
         join member.member mm on mm.tenant_id = cp.tenant_id and mm.id = cp.member_id
         where cp.tenant_id = $1 and cp.priority = 1 and cp.status = 'ACTIVE' and cp.effective_to is null and cp.effective_from <= current_date - 120
           and p.timely_filing_days = 90
       ), late as (
         select * from (values (1, 74), (2, 74), (3, 74), (4, 83), (5, 83), (6, 83), (7, 95), (8, 95), (9, 95), (10, 60), (11, 60)) v(n, days_ago)
       )
       insert into billing.charge (tenant_id, charge_number, member_id, facility_id, procedure_code, diagnosis_codes, units, amount, service_date, place_of_service)
       select $1, 'LATE-' || lpad(late.n::text, 2, '0'), m.member_id, (select id from core.facility where tenant_id = $1 and code = 'OPC'),
              '99214', array['I10'], 1, 185, current_date - late.days_ago, '11'
       from late join m on m.n = late.n`,
      [tenantId],
    );
    // Validate everything but the last two days' charges (still NEW, as a feed leaves them).
    await client.query(`select count(*) from billing.fn_validate_charges(array(select id from billing.charge where tenant_id = $1 and service_date < current_date - 2))`, [tenantId]);
    // Build claims from the validated charges, keeping a few validated and unbilled (late 1, 4, 7 and some recent ones).
    await client.query(
      `select count(*) from billing.fn_build_claims(array(
         select id from billing.charge where tenant_id = $1 and status = 'VALIDATED'
           and charge_number not in ('LATE-01', 'LATE-04', 'LATE-07') and ${h('charge_number', 'unbilled')} % 100 >= 10))`,
      [tenantId],
    );
    // Claims through the rest of their life, each step recorded as it would be from the 277CA/835.
    const claimsWith = (condition: string) =>
      `select c.id, c.earliest_service_date, ${h('c.id', 'fate')} % 100 as fate, c.total_amount from billing.claim c
       where c.tenant_id = $1 and ${condition}`;
    await client.query(
      `select billing.fn_record_claim_status(x.id, 'SUBMITTED', occurred_at => x.earliest_service_date + 2 + interval '9 hours')
       from (${claimsWith("c.status = 'BUILT' and not exists (select 1 from billing.claim_line l join billing.charge ch on ch.tenant_id = l.tenant_id and ch.id = l.charge_id where l.claim_id = c.id and ch.charge_number like 'LATE-%')")}) x
       where x.fate >= 35
       union all
       select billing.fn_record_claim_status(x.id, 'SUBMITTED', occurred_at => x.earliest_service_date + 2 + interval '9 hours')
       from (${claimsWith("exists (select 1 from billing.claim_line l join billing.charge ch on ch.tenant_id = l.tenant_id and ch.id = l.charge_id where l.claim_id = c.id and ch.charge_number in ('LATE-10', 'LATE-11'))")}) x`,
      [tenantId],
    );
    const responded = "c.status = 'SUBMITTED' and c.earliest_service_date > current_date - 50";
    await client.query(
      `select billing.fn_record_claim_status(x.id, case when x.fate < 90 then 'ACCEPTED' else 'REJECTED' end,
                                             reason => case when x.fate >= 90 then '2300 CLM05-3 claim frequency code invalid' end,
                                             occurred_at => least(now(), x.earliest_service_date + 4 + interval '9 hours'))
       from (${claimsWith(responded)}) x where x.fate between 45 and 99`,
      [tenantId],
    );
    await client.query(
      `select billing.fn_record_claim_status(x.id, case when x.fate < 80 then 'PAID' else 'DENIED' end,
                                             paid_amount => case when x.fate < 80 then round(x.total_amount * 0.8, 2) end,
                                             denial_category => case when x.fate >= 80 then ($2::text[])[1 + x.fate % 5] end,
                                             occurred_at => least(now(), x.earliest_service_date + 14 + interval '9 hours'))
       from (${claimsWith("c.status = 'ACCEPTED'")}) x where x.fate >= 55`,
      [tenantId, DENIAL_CATEGORIES],
    );
    // The sandbox partner answers 276s: detection enqueues claims/ask-claim-status, and the worker
    // asks about the stale claims once it runs (their 277 answers land in the claims' history).
    await client.query('update core.trading_partner set supports_276 = true where tenant_id = $1', [tenantId]);
    await client.query('select billing.fn_check_timely_filing(), billing.fn_detect_stale_claims()');
    await client.query('select billing.fn_refresh_recon_views(), reporting.fn_refresh_reporting_views()');
  }
  {
    // On failure the seed's transaction rolls back, settings included; on success clear them.
    await client.query("select set_config('jwt.claims.tenant_id', '', true), set_config('jwt.claims.permissions', '', true), set_config('jwt.claims.sub', '', true)");
  }
}
