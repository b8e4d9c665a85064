// /remittances — 835s received (partner push, poll, console upload): posted, held with the failed
// balancing equation, or duplicate deliveries; an operator posts an 835 file here too.
// /remittances?tab=unmatched — the unmatched-claims queue (UnmatchedQueueTab).
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Anchor, Group, SegmentedControl, Stack, Table, Tabs, Text } from '@mantine/core';
import { graphql } from '../../graphql.ts';
import { gqlRequest } from '../../api/client.ts';
import { ErrorAlert, Loading, PageTitle } from '../../components/States.tsx';
import { Pager } from '../../components/Pager.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { formatDate, formatDateTime, formatMoney } from '../../lib/format.ts';
import { offsetOf } from '../../lib/paging.ts';
import { UploadRemittance } from './UploadRemittance.tsx';
import { RequirePermission } from '../../components/RequirePermission.tsx';
import { UnmatchedQueueTab } from './UnmatchedQueueTab.tsx';

const RemittancesQuery = graphql(`
  query Remittances($first: Int!, $offset: Int!, $filter: RemittanceFilter) {
    remittances(orderBy: [RECEIVED_AT_DESC], first: $first, offset: $offset, filter: $filter) {
      totalCount
      nodes {
        rowId status reason traceNumber paymentAmount paymentMethod paymentDate payerName source receivedAt
        claimCount claimsPosted claimsUnmatched
        payer { code }
      }
    }
  }
`);

const STATES = ['ALL', 'POSTED', 'HELD', 'DUPLICATE'];

const TABS = ['list', 'unmatched'];

export function RemittancesPage() {
  const [params, setParams] = useSearchParams();
  const tab = TABS.includes(params.get('tab') ?? '') ? params.get('tab')! : 'list';
  return (
    <Stack gap="md">
      <PageTitle title="Remittances" description="835 payments and denials from payers: balanced remittances are posted to their claims, unbalanced ones held whole with the equation that failed; claims the payer named that are not ours wait in the unmatched queue." />
      <Tabs value={tab} onChange={(value) => value && setParams(value === 'list' ? {} : { tab: value })} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="list">Remittances</Tabs.Tab>
          <Tabs.Tab value="unmatched">Unmatched claims</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="list" pt="md"><RequirePermission permission="claims.read" what="Reading remittances"><RemittanceList /></RequirePermission></Tabs.Panel>
        <Tabs.Panel value="unmatched" pt="md"><UnmatchedQueueTab /></Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

function RemittanceList() {
  const [status, setStatus] = useState('ALL');
  const [page, setPage] = useState(1);
  const pageSize = 50;
  const query = useQuery({
    queryKey: ['remittances', status, page],
    queryFn: () => gqlRequest(RemittancesQuery, { first: pageSize, offset: offsetOf(page, pageSize), filter: status === 'ALL' ? undefined : { status: { equalTo: status } } }),
    placeholderData: keepPreviousData,
    refetchInterval: 15_000,
  });
  return (
    <Stack gap="md">
      <UploadRemittance />
      <Group justify="space-between">
        <Text size="sm" c="dimmed">Newest first. A held remittance posted nothing: correct it with the payer and post the corrected 835.</Text>
        <SegmentedControl aria-label="Remittance status" size="xs" value={status} onChange={(v) => { setStatus(v); setPage(1); }} data={STATES} />
      </Group>
      {query.isPending ? <Loading /> : query.error ? <ErrorAlert error={query.error} /> : (
        <>
          <Table withTableBorder striped aria-label="Remittances" layout="fixed">
            <Table.Thead>
              <Table.Tr><Table.Th w={170}>Received</Table.Th><Table.Th w={100}>Payer</Table.Th><Table.Th w={125}>Trace</Table.Th><Table.Th w={130} ta="right">Payment</Table.Th><Table.Th w={125}>Claims</Table.Th><Table.Th w={100}>Status</Table.Th><Table.Th>Why</Table.Th></Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(query.data.remittances?.nodes ?? []).length === 0 ? <Table.Tr><Table.Td colSpan={7}><Text c="dimmed" ta="center">No remittance received yet.</Text></Table.Td></Table.Tr> : query.data.remittances?.nodes.map((r) => (
                <Table.Tr key={r.rowId} data-testid={`remittance-${r.traceNumber}`}>
                  <Table.Td className="nowrap"><Text size="sm">{formatDateTime(r.receivedAt)}</Text><Text size="xs" c="dimmed">{r.source.toLowerCase()}</Text></Table.Td>
                  <Table.Td><Text size="sm" truncate>{r.payer?.code ?? r.payerName ?? '—'}</Text></Table.Td>
                  <Table.Td><Anchor component={Link} to={`/remittances/${r.rowId}`} className="mono" size="sm">{r.traceNumber}</Anchor></Table.Td>
                  <Table.Td ta="right"><Text size="sm" className="tabular">{formatMoney(r.paymentAmount)}</Text><Text size="xs" c="dimmed">{r.paymentMethod ?? '—'} {formatDate(r.paymentDate)}</Text></Table.Td>
                  <Table.Td><Text size="sm" className="tabular">{r.claimsPosted} posted · {r.claimsUnmatched} unmatched</Text><Text size="xs" c="dimmed">of {r.claimCount} in the 835</Text></Table.Td>
                  <Table.Td><StatusBadge status={r.status} /></Table.Td>
                  <Table.Td><Text size="sm" lineClamp={2}>{r.reason ?? ''}</Text></Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Pager label="remittances" total={query.data.remittances?.totalCount ?? 0} page={page} pageSize={pageSize} onPage={setPage} />
        </>
      )}
    </Stack>
  );
}
