-- The 835 balancing rules (X12 005010X221A1 section 1.10.2), checked before anything is posted:
--   per service line:  SVC02 charge - SVC03 paid = sum of the line's CAS amounts
--   per claim:         CLP03 charge - CLP04 paid = sum of the claim's and its lines' CAS amounts
--   per payment:       sum of CLP04 - sum of PLB amounts = BPR02
-- Answers each failed equation in words a biller can check against the paper, in file order
-- (empty when the transaction balances).
create or replace function billing_private.remittance_balance_failures(tx jsonb) returns text[]
  language sql immutable parallel safe
  set search_path = pg_catalog, public
  as $$
with clp as (
  select c.ordinality::int as seq, c.value as j,
         (c.value ->> 'chargeAmount')::numeric as charge, (c.value ->> 'paymentAmount')::numeric as paid,
         coalesce((select sum((a ->> 'amount')::numeric) from jsonb_array_elements(coalesce(c.value -> 'adjustments', '[]')) a), 0) as claim_cas
  from jsonb_array_elements(coalesce(tx -> 'claims', '[]')) with ordinality c
), svc as (
  select clp.seq, s.ordinality::int as line, coalesce(s.value -> 'procedure' ->> 'code', s.value ->> 'procedure') as procedure,
         (s.value ->> 'chargeAmount')::numeric as charge, (s.value ->> 'paymentAmount')::numeric as paid,
         coalesce((select sum((a ->> 'amount')::numeric) from jsonb_array_elements(coalesce(s.value -> 'adjustments', '[]')) a), 0) as cas
  from clp, jsonb_array_elements(coalesce(clp.j -> 'services', '[]')) with ordinality s
), failure as (
  select seq, line, format('claim %s (CLP01 %s) line %s (%s): SVC02 %s - SVC03 %s = %s, but its CAS adjustments total %s',
           svc.seq, (select clp.j ->> 'patientControlNumber' from clp where clp.seq = svc.seq), line, coalesce(procedure, '?'),
           charge, paid, charge - paid, cas) as message
  from svc where charge - paid <> cas
  union all
  select seq, 0, format('claim %s (CLP01 %s): CLP03 %s - CLP04 %s = %s, but its claim and line CAS adjustments total %s',
           clp.seq, clp.j ->> 'patientControlNumber', charge, paid, charge - paid, claim_cas + coalesce(l.line_cas, 0))
  from clp left join (select seq as s, sum(cas) as line_cas from svc group by seq) l on l.s = clp.seq
  where charge - paid <> claim_cas + coalesce(l.line_cas, 0)
  union all
  select 2147483647, 0, format('payment: sum of CLP04 %s - sum of PLB %s = %s, but BPR02 is %s', paid, plb, paid - plb, bpr)
  from (select coalesce((select sum(paid) from clp), 0) as paid,
               coalesce((select sum((p ->> 'amount')::numeric) from jsonb_array_elements(coalesce(tx -> 'providerAdjustments', '[]')) p), 0) as plb,
               (tx -> 'payment' ->> 'amount')::numeric as bpr) t
  where paid - plb <> bpr
)
select coalesce(array_agg(message order by seq, line), '{}') from failure
$$;
