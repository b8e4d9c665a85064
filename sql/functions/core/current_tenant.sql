-- The caller's tenant (GraphQL: currentTenant).
create or replace function core.current_tenant() returns core.tenant
  language sql stable
  as $$ select * from core.tenant where id = core.current_tenant_id() $$;
grant execute on function core.current_tenant() to rcm_visitor;

comment on function core.current_tenant() is 'The tenant of the caller''s token.';
