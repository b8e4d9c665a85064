-- Console (issue 14): a biller working claims leaving sees which trading partner each submission
-- went to (the Submissions page groups and filters by partner). Partners' rows hold no secrets
-- (credentials live in core_private), so claims.read/claims.write read them like eligibility does.
-- Replaces the policy 30-security.sql created, with the two claims permissions added.
drop policy if exists tenant_read on core.trading_partner;
create policy tenant_read on core.trading_partner for select using (
  tenant_id = (select core.current_tenant_id())
  and (select core.has_any_permission(array['eligibility.read', 'eligibility.update', 'claims.read', 'claims.write'])));
