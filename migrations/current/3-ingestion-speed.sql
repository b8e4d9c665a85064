-- Ingestion: a service event's tenant is its member's, and (tenant_id, member_id) is checked
-- against member.member, whose tenant is checked; a third check per applied record against
-- core.tenant proves nothing. The API keeps the relation through a smart tag. Re-runnable.
alter table service.service_event drop constraint if exists service_event_tenant_id_fkey;
