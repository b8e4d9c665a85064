// The data an 837P needs beyond the base seed (which predates claims leaving): facility addresses
// with ZIP+4 and EINs, the partner's submitter contact, member and dependent-subscriber
// addresses. Deterministic and set-based; only fills what is missing, so a tenant's real data
// is never overwritten.
import type pg from 'pg';

const STREETS = ['Main St', 'Oak Ave', 'Maple Dr', 'Broadway', 'Park Pl', 'Cedar Ln', 'Elm St', 'Hudson St'];

export async function fillClaimSubmissionData(client: pg.ClientBase, tenantId: string): Promise<void> {
  await client.query(
    `update core.facility f set address_line = coalesce(f.address_line, (100 + x.n * 7) || ' ' || ($2::text[])[1 + x.n % 8]),
                                city = coalesce(f.city, 'New York'), state = coalesce(f.state, 'NY'),
                                postal_code = coalesce(f.postal_code, (10001 + x.n)::text || lpad((1000 + x.n * 37)::text, 4, '0')),
                                tax_id = coalesce(f.tax_id, '13' || lpad((4567000 + x.n * 11)::text, 7, '0'))
     from (select id, (row_number() over (order by code))::int as n from core.facility where tenant_id = $1) x
     where f.tenant_id = $1 and f.id = x.id`,
    [tenantId, STREETS],
  );
  await client.query(
    `update core.trading_partner tp set submitter_contact_name = coalesce(tp.submitter_contact_name, 'BILLING OFFICE'),
                                       submitter_contact_phone = coalesce(tp.submitter_contact_phone, '2125550100')
     where tp.tenant_id = $1`,
    [tenantId],
  );
  await client.query(
    `update member.member m set address_line = coalesce(m.address_line, (1 + abs(hashtext(m.member_number)) % 900) || ' ' || ($2::text[])[1 + abs(hashtext(m.member_number || 's')) % 8]),
                                city = coalesce(m.city, 'New York'), state = coalesce(m.state, 'NY'), postal_code = coalesce(m.postal_code, '10001')
     where m.tenant_id = $1 and (m.address_line is null or m.city is null or m.state is null or m.postal_code is null)`,
    [tenantId, STREETS],
  );
  await client.query(
    `update member.coverage_policy cp set subscriber_address_line = m.address_line, subscriber_city = m.city, subscriber_state = m.state, subscriber_postal_code = m.postal_code
     from member.member m
     where cp.tenant_id = $1 and m.tenant_id = cp.tenant_id and m.id = cp.member_id and cp.relationship_code <> '18' and cp.subscriber_address_line is null`,
    [tenantId],
  );
}
