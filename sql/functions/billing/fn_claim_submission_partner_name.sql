-- The name of a submission's trading partner for claims users, who may not read core.trading_partner
-- itself (endpoints and ids are for eligibility users and admins: 30-security): only the name, of
-- the caller's tenant. Without this, GET /claims/submissions/<id> answered 404 to a claims user.
create or replace function billing.fn_claim_submission_partner_name(trading_partner_id uuid) returns text
  language sql stable security definer set search_path = pg_catalog, public as $$
  select tp.name from core.trading_partner tp
  where tp.tenant_id = core.current_tenant_id() and tp.id = fn_claim_submission_partner_name.trading_partner_id
    and core.has_any_permission(array['claims.read', 'claims.write', 'eligibility.read', 'eligibility.update', 'admin']);
$$;
-- Not in GraphQL (PostGraphile 5 reads @behavior; the v4 @omit it ignored left this in the schema).
comment on function billing.fn_claim_submission_partner_name(uuid) is E'@behavior -*';
grant execute on function billing.fn_claim_submission_partner_name(uuid) to rcm_visitor;
