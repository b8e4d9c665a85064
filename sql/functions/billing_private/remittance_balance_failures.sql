-- The 835 balancing rules (X12 005010X221A1 section 1.10.2), checked before anything is posted:
--   per service line:  SVC02 charge - SVC03 paid = sum of the line's CAS amounts
--   per claim:         CLP03 charge - CLP04 paid = sum of the claim's and its lines' CAS amounts
--   per payment:       sum of CLP04 - sum of PLB amounts = BPR02
-- Answers each failed equation in words a biller can check against the paper, in file order
-- (empty when the transaction balances). Reads the CLPs, SVCs and CASs that
-- billing_private.stage_remittance staged from tx (every CLP, matched or not), and tx's BPR and PLBs.
-- PL/pgSQL, not SQL: the staging tables exist only in the posting's session.
create or replace function billing_private.remittance_balance_failures(tx jsonb) returns text[]
  language plpgsql stable
  set search_path = pg_catalog, public
  as $$
begin
  return (
    with line_cas as (
      select seq, line_number, sum(amount) as amount from pg_temp.remit_cas where level = 'LINE' group by seq, line_number
    ), claim_cas as (
      select seq, sum(amount) as amount from pg_temp.remit_cas group by seq
    ), failure as (
      select s.seq, s.line_number as line,
             format('claim %s (CLP01 %s) line %s (%s): SVC02 %s - SVC03 %s = %s, but its CAS adjustments total %s',
               s.seq, c.pcn, s.line_number,
               coalesce(s.procedure ->> 'code', s.procedure #>> '{}', '?'), s.charge, s.paid, s.charge - s.paid, coalesce(a.amount, 0)) as message
      from pg_temp.remit_svc s left join line_cas a on a.seq = s.seq and a.line_number = s.line_number
      join pg_temp.remit_clp c on c.seq = s.seq
      where s.charge - s.paid <> coalesce(a.amount, 0)
      union all
      select c.seq, 0, format('claim %s (CLP01 %s): CLP03 %s - CLP04 %s = %s, but its claim and line CAS adjustments total %s',
               c.seq, c.pcn, c.charge, c.paid, c.charge - c.paid, coalesce(a.amount, 0))
      from pg_temp.remit_clp c left join claim_cas a on a.seq = c.seq
      where c.charge - c.paid <> coalesce(a.amount, 0)
      union all
      select 2147483647, 0, format('payment: sum of CLP04 %s - sum of PLB %s = %s, but BPR02 is %s', paid, plb, paid - plb, bpr)
      from (select coalesce((select sum(c.paid) from pg_temp.remit_clp c), 0) as paid,
                   coalesce((select sum((p ->> 'amount')::numeric) from jsonb_array_elements(coalesce(tx -> 'providerAdjustments', '[]')) p), 0) as plb,
                   (tx -> 'payment' ->> 'amount')::numeric as bpr) t
      where paid - plb <> bpr
    )
    select coalesce(array_agg(message order by seq, line), '{}') from failure);
end $$;
