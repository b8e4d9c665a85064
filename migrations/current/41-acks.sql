-- 41 (acks): claims users read the trading partner of their submissions. 30-security limited
-- core.trading_partner reads to eligibility permissions, which made GET /claims/submissions/<id>
-- (it joins the partner for its name) answer 404 to a claims.read user.
drop policy if exists tenant_read on core.trading_partner;
create policy tenant_read on core.trading_partner for select using (
  tenant_id = (select core.current_tenant_id())
  and (select core.has_any_permission(array['eligibility.read', 'eligibility.update', 'claims.read', 'claims.write'])));
