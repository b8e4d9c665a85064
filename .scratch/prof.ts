import pg from 'pg';
import { locateDatabase } from '../server/db/database.ts';
import { seedBase } from '../server/seed/base.ts';
import { demoSeedOptions } from '../server/seed/seed-tenant.ts';
const loc = await locateDatabase();
const { migrateDatabase } = await import('../server/db/migrate.ts');
await migrateDatabase(loc.ownerUrl, loc.authenticatorPassword);
const c = new pg.Client({ connectionString: loc.ownerUrl });
await c.connect();
const t = await seedBase(c, demoSeedOptions({ slug: 'prof', members: 20000, events: 100, seed: 3 }));
await c.query('delete from billing.claim_status_history where tenant_id=$1', [t]);
await c.query('delete from billing.timely_filing_alert where tenant_id=$1', [t]).catch(()=>{});
await c.query('delete from billing.claim_line where tenant_id=$1', [t]);
await c.query('delete from billing.claim where tenant_id=$1', [t]);
await c.query('delete from billing.charge where tenant_id=$1', [t]);
await c.query(`with m as (select array_agg(cp.member_id order by cp.member_id) as members, array_agg(cp.id order by cp.member_id) as coverages
    from member.coverage_policy cp where cp.tenant_id = $1 and cp.priority = 1 and cp.status = 'ACTIVE' and cp.effective_to is null),
  f as (select array_agg(id order by code) as ids, array_agg(npi order by code) as npis from core.facility where tenant_id = $1)
  insert into billing.charge (tenant_id, charge_number, member_id, coverage_policy_id, facility_id, rendering_npi, billing_npi, procedure_code,
                              diagnosis_codes, diagnosis_pointers, units, amount, service_date, place_of_service, status)
  select $1, 'P' || n, m.members[1 + (n / 3) % cardinality(m.members)], m.coverages[1 + (n / 3) % cardinality(m.members)],
         f.ids[1 + (n / 3) % 3], f.npis[1 + (n / 3) % 3], f.npis[1 + (n / 3) % 3], '99213', '{E11.9,I10}', '{1,2}', 1, 20 + n % 300,
         current_date - 1 - ((n / 3) % 365), '11', 'VALIDATED'
  from generate_series(1, 10000) n, m, f`, [t]);
await c.query('vacuum analyze billing.charge');
const ids = (await c.query('select array_agg(id) a from billing.charge where tenant_id=$1', [t])).rows[0].a;
await c.query('begin');
await c.query("select set_config('jwt.claims.tenant_id', $1, true), set_config('jwt.claims.permissions', 'claims.write', true)", [t]);
await c.query("set local track_functions = 'all'");
const t0 = Date.now();
await c.query("load 'auto_explain'").catch(()=>{});
await c.query("set local auto_explain.log_min_duration = 0; set local auto_explain.log_nested_statements = on; set local auto_explain.log_analyze = on; set local auto_explain.log_triggers = on").catch((e)=>console.log('ae', e.message));
const r = await c.query('select count(*) from billing.fn_build_claims($1)', [ids]);
console.log('build 10k', Date.now() - t0, 'ms', r.rows[0]);
await c.query('rollback');
await c.end();
if (loc.embedded) await loc.embedded.stop();
