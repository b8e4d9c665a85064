// Reference data read by every domain: facilities, payers, members, coverage, service events.
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Badge, Stack, Table, Tabs, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { graphql } from '../../graphql.ts';
import { gqlRequest } from '../../api/client.ts';
import { ErrorAlert, Loading, PageTitle } from '../../components/States.tsx';
import { Pager } from '../../components/Pager.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { offsetOf } from '../../lib/paging.ts';
import { formatDate } from '../../lib/format.ts';

const KINDS = [
  { value: 'facilities', label: 'Facilities' },
  { value: 'payers', label: 'Payers' },
  { value: 'members', label: 'Members' },
  { value: 'coverage', label: 'Coverage' },
  { value: 'service-events', label: 'Service events' },
];

export function ReferenceDataPage() {
  const { kind = 'facilities' } = useParams();
  const navigate = useNavigate();
  return (
    <Stack gap="md">
      <PageTitle title="Reference data" description="What sweeps, batches and claims read: facilities, payers (timely filing, in-flight limits), members, coverage and scheduled service events." />
      <Tabs value={kind} onChange={(value) => value && navigate(`/reference/${value}`)} keepMounted={false}>
        <Tabs.List>
          {KINDS.map((k) => <Tabs.Tab key={k.value} value={k.value}>{k.label}</Tabs.Tab>)}
        </Tabs.List>
        <Tabs.Panel value="facilities" pt="md"><Facilities /></Tabs.Panel>
        <Tabs.Panel value="payers" pt="md"><Payers /></Tabs.Panel>
        <Tabs.Panel value="members" pt="md"><Members /></Tabs.Panel>
        <Tabs.Panel value="coverage" pt="md"><Coverage /></Tabs.Panel>
        <Tabs.Panel value="service-events" pt="md"><ServiceEvents /></Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

const FacilitiesQuery = graphql(`
  query Facilities { facilities(orderBy: CODE_ASC) { nodes { rowId code name npi timeZone active } } }
`);

function Facilities() {
  const query = useQuery({ queryKey: ['facilities'], queryFn: () => gqlRequest(FacilitiesQuery) });
  if (query.isPending) return <Loading />;
  if (query.error) return <ErrorAlert error={query.error} />;
  return (
    <Table striped withTableBorder aria-label="Facilities">
      <Table.Thead><Table.Tr><Table.Th>Code</Table.Th><Table.Th>Name</Table.Th><Table.Th>NPI</Table.Th><Table.Th>Time zone</Table.Th><Table.Th>Active</Table.Th></Table.Tr></Table.Thead>
      <Table.Tbody>
        {query.data.facilities?.nodes.map((f) => (
          <Table.Tr key={f.rowId}><Table.Td className="mono">{f.code}</Table.Td><Table.Td>{f.name}</Table.Td><Table.Td className="mono">{f.npi ?? '—'}</Table.Td><Table.Td>{f.timeZone}</Table.Td><Table.Td>{f.active ? 'yes' : 'no'}</Table.Td></Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

const PayersQuery = graphql(`
  query Payers {
    payers(orderBy: CODE_ASC) {
      nodes { rowId code name kind payerIdentifier timelyFilingDays staleClaimDays maxInFlight active tradingPartner { name } }
    }
  }
`);

function Payers() {
  const query = useQuery({ queryKey: ['payers'], queryFn: () => gqlRequest(PayersQuery) });
  if (query.isPending) return <Loading />;
  if (query.error) return <ErrorAlert error={query.error} />;
  return (
    <Table striped withTableBorder aria-label="Payers">
      <Table.Thead><Table.Tr><Table.Th>Code</Table.Th><Table.Th>Name</Table.Th><Table.Th>Kind</Table.Th><Table.Th>Payer ID</Table.Th><Table.Th>Timely filing</Table.Th><Table.Th>Stale after</Table.Th><Table.Th>Max in flight</Table.Th><Table.Th>Trading partner</Table.Th></Table.Tr></Table.Thead>
      <Table.Tbody>
        {query.data.payers?.nodes.map((p) => (
          <Table.Tr key={p.rowId}>
            <Table.Td className="mono">{p.code}</Table.Td><Table.Td>{p.name}{p.active ? null : <Badge ml={6} color="gray" variant="outline">inactive</Badge>}</Table.Td><Table.Td>{p.kind}</Table.Td><Table.Td className="mono">{p.payerIdentifier}</Table.Td>
            <Table.Td>{p.timelyFilingDays ? `${p.timelyFilingDays} days` : '—'}</Table.Td><Table.Td>{p.staleClaimDays} days</Table.Td><Table.Td>{p.maxInFlight ?? 'no limit'}</Table.Td><Table.Td>{p.tradingPartner?.name ?? '—'}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function usePagedSearch() {
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(50);
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 250);
  return { page, setPage, pageSize, setPageSize: (size: number) => { setPageSize(size); setPage(1); }, search, setSearch: (s: string) => { setSearch(s); setPage(1); }, debounced };
}

const MembersQuery = graphql(`
  query Members($first: Int!, $offset: Int!, $filter: MemberFilter) {
    members(first: $first, offset: $offset, filter: $filter, orderBy: MEMBER_NUMBER_ASC) {
      totalCount
      nodes { rowId memberNumber firstName lastName dateOfBirth gender state }
    }
  }
`);

function Members() {
  const paging = usePagedSearch();
  const filter = paging.debounced
    ? { or: [{ memberNumber: { includesInsensitive: paging.debounced } }, { lastName: { includesInsensitive: paging.debounced } }, { firstName: { includesInsensitive: paging.debounced } }] }
    : undefined;
  const query = useQuery({
    queryKey: ['members', paging.page, paging.pageSize, paging.debounced],
    queryFn: () => gqlRequest(MembersQuery, { first: paging.pageSize, offset: offsetOf(paging.page, paging.pageSize), filter }),
    placeholderData: keepPreviousData,
  });
  return (
    <Stack gap="sm">
      <TextInput label="Search members" placeholder="Member number or name" value={paging.search} onChange={(e) => paging.setSearch(e.currentTarget.value)} w={320} />
      {query.isPending ? <Loading /> : query.error ? <ErrorAlert error={query.error} /> : (
        <>
          <Table striped withTableBorder aria-label="Members">
            <Table.Thead><Table.Tr><Table.Th>Member</Table.Th><Table.Th>Name</Table.Th><Table.Th>Date of birth</Table.Th><Table.Th>Gender</Table.Th><Table.Th>State</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {query.data.members?.nodes.map((m) => (
                <Table.Tr key={m.rowId}><Table.Td className="mono">{m.memberNumber}</Table.Td><Table.Td>{m.lastName}, {m.firstName}</Table.Td><Table.Td>{formatDate(m.dateOfBirth)}</Table.Td><Table.Td>{m.gender}</Table.Td><Table.Td>{m.state ?? '—'}</Table.Td></Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Pager label="members" total={query.data.members?.totalCount ?? 0} page={paging.page} pageSize={paging.pageSize} onPage={paging.setPage} onPageSize={paging.setPageSize} />
        </>
      )}
    </Stack>
  );
}

const CoverageQuery = graphql(`
  query Coverage($first: Int!, $offset: Int!, $filter: CoveragePolicyFilter) {
    coveragePolicies(first: $first, offset: $offset, filter: $filter, orderBy: [MEMBER_ID_ASC, PRIORITY_ASC]) {
      totalCount
      nodes {
        rowId subscriberId priority status effectiveFrom effectiveTo planName relationshipCode
        member { memberNumber lastName firstName }
        payer { code }
      }
    }
  }
`);

function Coverage() {
  const paging = usePagedSearch();
  const filter = paging.debounced
    ? { or: [{ subscriberId: { includesInsensitive: paging.debounced } }, { member: { memberNumber: { includesInsensitive: paging.debounced } } }] }
    : undefined;
  const query = useQuery({
    queryKey: ['coverage', paging.page, paging.pageSize, paging.debounced],
    queryFn: () => gqlRequest(CoverageQuery, { first: paging.pageSize, offset: offsetOf(paging.page, paging.pageSize), filter }),
    placeholderData: keepPreviousData,
  });
  return (
    <Stack gap="sm">
      <TextInput label="Search coverage" placeholder="Subscriber ID or member number" value={paging.search} onChange={(e) => paging.setSearch(e.currentTarget.value)} w={320} />
      {query.isPending ? <Loading /> : query.error ? <ErrorAlert error={query.error} /> : (
        <>
          <Table striped withTableBorder aria-label="Coverage policies">
            <Table.Thead><Table.Tr><Table.Th>Member</Table.Th><Table.Th>Payer</Table.Th><Table.Th>Subscriber ID</Table.Th><Table.Th>Priority</Table.Th><Table.Th>Status</Table.Th><Table.Th>Effective</Table.Th><Table.Th>Plan</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {query.data.coveragePolicies?.nodes.map((c) => (
                <Table.Tr key={c.rowId}>
                  <Table.Td><Text size="sm" className="mono">{c.member?.memberNumber}</Text><Text size="xs" c="dimmed">{c.member?.lastName}, {c.member?.firstName}</Text></Table.Td>
                  <Table.Td className="mono">{c.payer?.code}</Table.Td><Table.Td className="mono">{c.subscriberId}</Table.Td><Table.Td>{c.priority}</Table.Td>
                  <Table.Td><StatusBadge status={c.status} /></Table.Td><Table.Td className="nowrap">{formatDate(c.effectiveFrom)} – {c.effectiveTo ? formatDate(c.effectiveTo) : 'open'}</Table.Td><Table.Td>{c.planName ?? '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Pager label="policies" total={query.data.coveragePolicies?.totalCount ?? 0} page={paging.page} pageSize={paging.pageSize} onPage={paging.setPage} onPageSize={paging.setPageSize} />
        </>
      )}
    </Stack>
  );
}

const ServiceEventsQuery = graphql(`
  query ServiceEvents($first: Int!, $offset: Int!, $filter: ServiceEventFilter) {
    serviceEvents(first: $first, offset: $offset, filter: $filter, orderBy: [SERVICE_DATE_ASC]) {
      totalCount
      nodes {
        rowId eventNumber serviceDate serviceTypeCode status
        member { memberNumber lastName firstName }
        facility { code }
      }
    }
  }
`);

function ServiceEvents() {
  const paging = usePagedSearch();
  const filter = paging.debounced
    ? { or: [{ eventNumber: { includesInsensitive: paging.debounced } }, { member: { memberNumber: { includesInsensitive: paging.debounced } } }] }
    : undefined;
  const query = useQuery({
    queryKey: ['serviceEvents', paging.page, paging.pageSize, paging.debounced],
    queryFn: () => gqlRequest(ServiceEventsQuery, { first: paging.pageSize, offset: offsetOf(paging.page, paging.pageSize), filter }),
    placeholderData: keepPreviousData,
  });
  return (
    <Stack gap="sm">
      <TextInput label="Search service events" placeholder="Event or member number" value={paging.search} onChange={(e) => paging.setSearch(e.currentTarget.value)} w={320} />
      {query.isPending ? <Loading /> : query.error ? <ErrorAlert error={query.error} /> : (
        <>
          <Table striped withTableBorder aria-label="Service events">
            <Table.Thead><Table.Tr><Table.Th>Event</Table.Th><Table.Th>Service date</Table.Th><Table.Th>Member</Table.Th><Table.Th>Facility</Table.Th><Table.Th>Service type</Table.Th><Table.Th>Status</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {query.data.serviceEvents?.nodes.map((e) => (
                <Table.Tr key={e.rowId}>
                  <Table.Td className="mono">{e.eventNumber}</Table.Td><Table.Td>{formatDate(e.serviceDate)}</Table.Td>
                  <Table.Td><Text size="sm" className="mono">{e.member?.memberNumber}</Text><Text size="xs" c="dimmed">{e.member?.lastName}, {e.member?.firstName}</Text></Table.Td>
                  <Table.Td className="mono">{e.facility?.code}</Table.Td><Table.Td className="mono">{e.serviceTypeCode}</Table.Td><Table.Td><StatusBadge status={e.status} /></Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Pager label="events" total={query.data.serviceEvents?.totalCount ?? 0} page={paging.page} pageSize={paging.pageSize} onPage={paging.setPage} onPageSize={paging.setPageSize} />
        </>
      )}
    </Stack>
  );
}
