-- Who a database-owner session (psql, the worker, the seed) acts for. API requests carry their
-- tenant in the JWT's claims (jwt.claims.*); an owner session sets them with core.act_as, or
-- asks for every tenant at once with core.act_for_every_tenant. Both are for the owner only:
-- never executable by the API roles (the default privileges revoke execute from public).

-- Whether the session is the database owner's (a member of the role that owns schema core):
-- by privilege, not by the role's name.
create or replace function core_private.is_owner_session() returns boolean
  language sql stable
  set search_path = pg_catalog, public
  as $$ select pg_has_role(session_user, (select nspowner from pg_namespace where nspname = 'core'), 'MEMBER') $$;

-- Cross-tenant mode: on only after core.act_for_every_tenant() in an owner session. Functions
-- called with no tenant act for every tenant only then (billing_private.caller_tenants).
create or replace function core_private.acting_for_every_tenant() returns boolean
  language sql stable
  set search_path = pg_catalog, public
  as $$ select coalesce(current_setting('rcm.act_for_every_tenant', true), '') = 'on' and core_private.is_owner_session() $$;

-- psql as a tenant in one call: `select core.act_as('demo');` sets the claims an API request of
-- that tenant would carry, for the rest of the session. permissions: 'all' (admin) or a comma
-- list such as 'eligibility.read,eligibility.update'.
create or replace function core.act_as(tenant_slug text, permissions text default 'all') returns text
  language plpgsql volatile
  set search_path = pg_catalog, public
  as $$
declare
  v_tenant_id uuid;
  v_permissions text := case when permissions = 'all' then 'admin' else permissions end;
begin
  if not core_private.is_owner_session() then
    raise exception 'core.act_as is for the database owner only' using errcode = '42501';
  end if;
  if v_permissions is null or v_permissions !~ '^[a-z_]+(\.[a-z_]+)?(,[a-z_]+(\.[a-z_]+)?)*$' then
    raise exception 'permissions must be ''all'' or a comma list such as eligibility.read,eligibility.update, not %', coalesce(permissions, 'null')
      using errcode = '22023';
  end if;
  select id into v_tenant_id from core.tenant where slug = tenant_slug;
  if v_tenant_id is null then
    raise exception 'no tenant with slug %', coalesce(tenant_slug, 'null')
      using errcode = 'P0002', hint = 'The slugs: select slug from core.tenant;';
  end if;
  perform set_config('jwt.claims.tenant_id', v_tenant_id::text, false),
          set_config('jwt.claims.permissions', v_permissions, false),
          set_config('jwt.claims.sub', 'psql:' || session_user, false),
          set_config('rcm.act_for_every_tenant', '', false);
  return format('acting as tenant %s with %s', tenant_slug, v_permissions);
end $$;

-- The one-shot operator commands for every tenant at once (refresh the reporting views, build
-- every tenant's validated charges): clears any tenant claims and turns cross-tenant mode on.
create or replace function core.act_for_every_tenant() returns text
  language plpgsql volatile
  set search_path = pg_catalog, public
  as $$
begin
  if not core_private.is_owner_session() then
    raise exception 'core.act_for_every_tenant is for the database owner only' using errcode = '42501';
  end if;
  perform set_config('jwt.claims.tenant_id', '', false),
          set_config('jwt.claims.permissions', '', false),
          set_config('jwt.claims.sub', 'psql:' || session_user, false),
          set_config('rcm.act_for_every_tenant', 'on', false);
  return 'acting for every tenant';
end $$;
