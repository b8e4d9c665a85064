-- Posts one 835 transaction as billing.fn_post_remittance does, the same checks, balancing and
-- posting (billing_private.post_staged_remittance), from columns instead of one JSON: what the
-- service sends for each 835 it reads (POST /remittances, a console upload, a polled file;
-- server/remittances/transaction-to-post.ts makes the columns in the reader thread). `head` is the
-- transaction's JSON without its claims; `claims` the claims as JSON text, needed only for a CLP that
-- goes to the unmatched queue (when it is needed and null, the answer is null and nothing is written:
-- the caller asks again with it; an answer, not an error, so that the caller needs no savepoint,
-- whose subtransaction would make every claim the posting moves look written by another transaction
-- to the parent checks, which would then lock each again);
-- the clp_/svc_/cas_ arrays are described in
-- billing_private.stage_remittance_columns. Staging from arrays takes about a third of the CPU of
-- parsing the transaction's JSON into jsonb and walking it (~20 against ~60 ms per 1,000 claims).
-- Needs claims.write. Not in the GraphQL API (graphql/tags.json5): postRemittance takes the JSON.
create or replace function billing.fn_post_remittance_columns(head jsonb, claims text,
    clp_pcn text[], clp_status text[], clp_charge text[], clp_paid text[], clp_filing_indicator text[], clp_icn text[],
    clp_crossover_name text[], clp_crossover_id text[], clp_remarks text[],
    svc_seq int[], svc_line smallint[], svc_procedure text[], svc_modifiers text[], svc_original_procedure text[], svc_charge text[], svc_paid text[],
    svc_units text[], svc_date text[], svc_allowed text[], svc_remarks text[],
    cas_seq int[], cas_line smallint[], cas_ord int[], cas_group text[], cas_reason text[], cas_amount text[], cas_quantity text[],
    x12 text, source text default 'API', tenant_id uuid default null)
  returns billing.remittance
  language plpgsql volatile security definer
  set search_path = pg_catalog, public
  as $$
declare
  v_tenant uuid := billing_private.remittance_tenant(fn_post_remittance_columns.tenant_id);
  v_failures text[];
  v_column text;
begin
  perform billing_private.check_remittance_head(head, x12);
  begin
    perform billing_private.stage_remittance_columns(v_tenant, claims,
      clp_pcn, clp_status, clp_charge, clp_paid, clp_filing_indicator, clp_icn, clp_crossover_name, clp_crossover_id, clp_remarks,
      svc_seq, svc_line, svc_procedure, svc_modifiers, svc_original_procedure, svc_charge, svc_paid, svc_units, svc_date, svc_allowed, svc_remarks,
      cas_seq, cas_line, cas_ord, cas_group, cas_reason, cas_amount, cas_quantity);
    v_failures := billing_private.remittance_balance_failures(head);
  exception
    when invalid_text_representation or numeric_value_out_of_range then
      raise exception 'not an 835 transaction: an amount is not a number (%)', sqlerrm using errcode = '22023';
    when null_value_not_allowed then
      get stacked diagnostics v_column = column_name;
      if v_column = 'claims' then
        return null;
      end if;
      raise;
  end;
  return billing_private.post_staged_remittance(v_tenant, head, x12, source, v_failures, coalesce(cardinality(clp_pcn), 0));
end $$;
grant execute on function billing.fn_post_remittance_columns(jsonb, text, text[], text[], text[], text[], text[], text[], text[], text[], text[],
  int[], smallint[], text[], text[], text[], text[], text[], text[], text[], text[], text[], int[], smallint[], int[], text[], text[], text[], text[], text, text, uuid) to rcm_visitor;

comment on function billing.fn_post_remittance_columns(jsonb, text, text[], text[], text[], text[], text[], text[], text[], text[], text[],
  int[], smallint[], text[], text[], text[], text[], text[], text[], text[], text[], text[], int[], smallint[], int[], text[], text[], text[], text[], text, text, uuid)
  is 'Posts one 835 transaction as fn_post_remittance does, its CLPs, SVCs and CASs given as columns (the service''s entry, not in GraphQL). Needs claims.write.';
