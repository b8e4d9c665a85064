-- The posting's staging tables (pg_temp.remit_clp, remit_svc, remit_cas), created once per session
-- and empty: both ways of staging an 835 (stage_remittance from its JSON, stage_remittance_columns
-- from the columns the service sends) fill them, and balancing and posting read them.
-- Kept for the session (emptied at commit), not dropped: the plans of the statements that read them
-- stay cached from one posting to the next instead of being built again for new tables. No index
-- (seq is unique by construction): emptying a table at commit rebuilds its indexes, and that
-- rebuild marks the table changed, so every statement reading it was planned again at each posting
-- (~5 % of the posting's CPU).
create or replace function billing_private.empty_remittance_staging() returns void
  language plpgsql volatile
  set search_path = pg_catalog, public
  as $$
begin
  create temporary table if not exists pg_temp.remit_clp (
    -- j: the CLP whole, kept for the unmatched queue only
    seq int, j jsonb, pcn text, claim_id uuid, claim_status text, postable boolean, payment_id uuid,
    status_code text, charge numeric, paid numeric, filing_indicator text, icn text, crossover jsonb, remarks text[], adjustments jsonb, services jsonb
  ) on commit delete rows;
  create temporary table if not exists pg_temp.remit_svc (
    seq int, postable boolean, payment_id uuid, claim_id uuid, line_number smallint, procedure jsonb, modifiers text[], original_procedure jsonb, charge numeric,
    paid numeric, units numeric, service_date text, allowed numeric, remarks text[], adjustments jsonb
  ) on commit delete rows;
  create temporary table if not exists pg_temp.remit_cas (
    seq int, postable boolean, claim_id uuid, payment_id uuid, ord int, level text, line_number smallint, group_code text, reason_code text,
    amount numeric, quantity numeric, remark_codes text[]
  ) on commit delete rows;
  -- Empty already unless a second 835 posts in the same transaction. DELETE, not TRUNCATE: a
  -- truncated table is a new file, and every cached plan that reads it would be planned again.
  delete from pg_temp.remit_clp;
  delete from pg_temp.remit_svc;
  delete from pg_temp.remit_cas;
end $$;
