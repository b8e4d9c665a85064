// The three roles (graphile/starter style): the owner (whoever DATABASE_URL logs in as),
// rcm_authenticator (the API's login, NOINHERIT, no BYPASSRLS) and rcm_visitor (what API
// requests run as, granted to the authenticator). Roles are cluster-wide, so this is
// idempotent and runs before migrations.
import type pg from 'pg';

export const AUTHENTICATOR_ROLE = 'rcm_authenticator';
export const VISITOR_ROLE = 'rcm_visitor';

export async function ensureRoles(client: pg.Client, authenticatorPassword: string): Promise<void> {
  await client.query(`
    do $$
    begin
      if not exists (select 1 from pg_roles where rolname = '${VISITOR_ROLE}') then
        create role ${VISITOR_ROLE} nologin;
      end if;
      if not exists (select 1 from pg_roles where rolname = '${AUTHENTICATOR_ROLE}') then
        create role ${AUTHENTICATOR_ROLE} login noinherit nobypassrls;
      end if;
    exception when unique_violation or duplicate_object then null; -- a parallel caller made it
    end $$`);
  await client.query(`alter role ${AUTHENTICATOR_ROLE} with login noinherit nobypassrls password ${quoteLiteral(authenticatorPassword)}`);
  await client.query(`grant ${VISITOR_ROLE} to ${AUTHENTICATOR_ROLE}`);
}

function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
