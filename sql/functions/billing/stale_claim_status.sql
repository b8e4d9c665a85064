-- Open stale-claim flags with the claim's age today. RLS of billing.stale_claim_flag applies.
create or replace view billing.stale_claim_status with (security_invoker = true) as
select s.id as flag_id, s.tenant_id, s.claim_id, s.payer_id, p.code as payer_code, c.facility_id, c.total_amount,
       s.submitted_at, s.stale_claim_days, s.age_days as age_days_when_flagged,
       current_date - (s.submitted_at at time zone 'UTC')::date as age_days, s.flagged_at
from billing.stale_claim_flag s
join billing.claim c on c.tenant_id = s.tenant_id and c.id = s.claim_id
join core.payer p on p.tenant_id = s.tenant_id and p.id = s.payer_id
where s.resolved_at is null;
grant select on billing.stale_claim_status to rcm_visitor;
