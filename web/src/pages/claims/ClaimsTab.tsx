// Claims: status, payer, member, amount, lines and their timely-filing deadline.
import { useState } from 'react';
import { Link } from 'react-router';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Anchor, SegmentedControl, Stack, Table, Text } from '@mantine/core';
import { graphql } from '../../graphql.ts';
import { gqlRequest } from '../../api/client.ts';
import { ErrorAlert, Loading } from '../../components/States.tsx';
import { Pager } from '../../components/Pager.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { formatDate, formatDateTime, formatMoney } from '../../lib/format.ts';
import { offsetOf } from '../../lib/paging.ts';
import { nonEmptyFilter } from '../../lib/filter.ts';

const ClaimsQuery = graphql(`
  query Claims($first: Int!, $offset: Int!, $filter: ClaimFilter) {
    claims(filter: $filter, orderBy: [EARLIEST_SERVICE_DATE_DESC], first: $first, offset: $offset) {
      totalCount
      nodes {
        rowId patientControlNumber status totalAmount paidAmount lineCount earliestServiceDate latestServiceDate timelyFilingDeadline statusChangedAt rejectionReason denialCategory
        payer { code }
        member { memberNumber lastName firstName }
        facility { code }
      }
    }
  }
`);

const STATUSES = ['ALL', 'CREATED', 'BUILT', 'SUBMITTED', 'ACCEPTED', 'REJECTED', 'PAID', 'DENIED'];

export function ClaimsTab() {
  const [status, setStatus] = useState('ALL');
  const [page, setPage] = useState(1);
  const pageSize = 50;
  const query = useQuery({
    queryKey: ['claims', status, page],
    queryFn: () => gqlRequest(ClaimsQuery, { first: pageSize, offset: offsetOf(page, pageSize), filter: nonEmptyFilter(status === 'ALL' ? {} : { status: { equalTo: status } }) }),
    placeholderData: keepPreviousData,
  });
  return (
    <Stack gap="sm">
      <SegmentedControl aria-label="Claim status" size="xs" data={STATUSES.map((s) => ({ value: s, label: s === 'ALL' ? 'All' : s }))} value={status} onChange={(v) => { setStatus(v); setPage(1); }} w="fit-content" />
      {query.isPending ? <Loading /> : query.error ? <ErrorAlert error={query.error} /> : (
        <>
          <Table withTableBorder striped aria-label="Claims" layout="fixed">
            <Table.Thead>
              <Table.Tr><Table.Th w="24%">Status</Table.Th><Table.Th w={75}>Payer</Table.Th><Table.Th>Member</Table.Th><Table.Th w={120}>Service date</Table.Th><Table.Th w={60}>Lines</Table.Th><Table.Th w={105} ta="right">Total</Table.Th><Table.Th w={110}>Filing deadline</Table.Th><Table.Th w={175}>Status changed</Table.Th></Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(query.data.claims?.nodes ?? []).length === 0 ? <Table.Tr><Table.Td colSpan={8}><Text c="dimmed" ta="center">No claims.</Text></Table.Td></Table.Tr> : query.data.claims?.nodes.map((claim) => (
                <Table.Tr key={claim.rowId} data-testid="claim-row">
                  <Table.Td><Anchor component={Link} to={`/claims/${claim.rowId}`} size="sm" className="mono" mr={6}>{claim.patientControlNumber}</Anchor><StatusBadge status={claim.status} />{claim.rejectionReason || claim.denialCategory ? <Text size="xs" c="red.8" lineClamp={2}>{claim.rejectionReason ?? `denied: ${claim.denialCategory}`}</Text> : null}</Table.Td>
                  <Table.Td className="mono">{claim.payer?.code}</Table.Td>
                  <Table.Td><Text size="sm" className="mono">{claim.member?.memberNumber} · {claim.facility?.code}</Text><Text size="xs" c="dimmed" truncate>{claim.member?.lastName}, {claim.member?.firstName}</Text></Table.Td>
                  <Table.Td className="nowrap">{formatDate(claim.earliestServiceDate)}{claim.latestServiceDate !== claim.earliestServiceDate ? <Text size="xs" c="dimmed">to {formatDate(claim.latestServiceDate)}</Text> : null}</Table.Td>
                  <Table.Td className="tabular">{claim.lineCount}</Table.Td>
                  <Table.Td ta="right" className="tabular">{formatMoney(claim.totalAmount)}{claim.paidAmount ? <Text size="xs" c="teal.8">paid {formatMoney(claim.paidAmount)}</Text> : null}</Table.Td>
                  <Table.Td>{formatDate(claim.timelyFilingDeadline)}</Table.Td>
                  <Table.Td className="nowrap">{formatDateTime(claim.statusChangedAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Pager label="claims" total={query.data.claims?.totalCount ?? 0} page={page} pageSize={pageSize} onPage={setPage} />
        </>
      )}
    </Stack>
  );
}
