-- The session-local staging tables an 835's CLPs are posted through (dropped at commit): remit_clp,
-- one row per CLP with its matched claim, whether it can be posted and the id its payment will get;
-- remit_cas, every CAS of the postable CLPs in order. Created if missing, emptied.
create or replace function billing_private.remittance_staging() returns void
  language plpgsql volatile
  set search_path = pg_catalog, public
  as $$
begin
  create temporary table if not exists pg_temp.remit_clp (
    seq int primary key, j jsonb, claim_id uuid, claim_status text, postable boolean, payment_id uuid
  ) on commit drop;
  create temporary table if not exists pg_temp.remit_cas (
    seq int, claim_id uuid, payment_id uuid, ord int, level text, line_number smallint, group_code text, reason_code text,
    amount numeric, quantity numeric, remark_codes text[]
  ) on commit drop;
  truncate pg_temp.remit_clp, pg_temp.remit_cas;
end $$;
