-- SELECT * FROM billing.fn_post_remittance(transaction, x12); -- posts one 835 transaction.
-- `transaction` is one element of `transactions` of `npm run -s x12 -- parse FILE` (payment, payer,
-- payee, claims, providerAdjustments; amounts as decimal strings); `x12` the exact bytes received.
-- In one database transaction: balancing first (an unbalanced remittance is HELD whole, with the
-- failed equations in reason, and nothing of it is posted); a remittance whose payer, TRN02 trace
-- and amount were posted before is a DUPLICATE ("already posted"); otherwise POSTED: claim payments,
-- adjustments and PLBs written, claims moved, unmatched CLPs queued, the views' refresh requested.
-- Needs claims.write. psql operators (no JWT tenant) name the tenant with tenant_id.
-- The service posts the 835s it reads through billing.fn_post_remittance_columns: the same posting
-- (billing_private.post_staged_remittance), staged from columns instead of this JSON.
create or replace function billing.fn_post_remittance(transaction jsonb, x12 text, source text default 'API', tenant_id uuid default null)
  returns billing.remittance
  language plpgsql volatile security definer
  set search_path = pg_catalog, public
  as $$
declare
  v_tenant uuid := billing_private.remittance_tenant(fn_post_remittance.tenant_id);
  v_failures text[];
begin
  perform billing_private.check_remittance_head(transaction, x12);

  -- The CLPs, SVCs and CASs are read once, into staging tables the balancing and the posting read.
  begin
    perform billing_private.stage_remittance(v_tenant, transaction);
    v_failures := billing_private.remittance_balance_failures(transaction);
  exception when invalid_text_representation or numeric_value_out_of_range then
    raise exception 'not an 835 transaction: an amount is not a number (%)', sqlerrm using errcode = '22023';
  end;
  return billing_private.post_staged_remittance(v_tenant, transaction, x12, source, v_failures,
                                                jsonb_array_length(coalesce(transaction -> 'claims', '[]')));
end $$;
grant execute on function billing.fn_post_remittance(jsonb, text, text, uuid) to rcm_visitor;

comment on function billing.fn_post_remittance(jsonb, text, text, uuid) is 'Posts one 835 transaction (the parsed JSON and its X12): balanced first or HELD whole, posted once per payer, trace and amount (else DUPLICATE), claims matched by patient control number, payments and CARC/RARC adjustments written. Needs claims.write.';
