-- The functions sql/functions/ defined at the last apply (server/db/apply-functions.ts): the next apply drops
-- those no file defines any more, so a rename or a changed signature leaves no stale function behind.
-- Not tenant data: it lives in rcm_meta, which no API role can reach.
drop table if exists rcm_meta.sql_function;
create schema if not exists rcm_meta;
revoke all on schema rcm_meta from public;
create table rcm_meta.sql_function (
  signature text primary key
);
comment on table rcm_meta.sql_function is 'Functions (regprocedure text) that the files under sql/functions/ defined at the last apply.';
