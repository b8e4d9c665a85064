// 837P submissions: per trading partner and state, how many claims each carried, how many the
// payer accepted or rejected, and the file as sent.
import { useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Group, SegmentedControl, Select, Stack, Table, Text } from '@mantine/core';
import { graphql } from '../../graphql.ts';
import { gqlRequest } from '../../api/client.ts';
import { ErrorAlert, Loading } from '../../components/States.tsx';
import { Pager } from '../../components/Pager.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { DownloadSubmissionButton } from '../../components/DownloadSubmissionButton.tsx';
import { formatDateTime, formatMoney } from '../../lib/format.ts';
import { offsetOf } from '../../lib/paging.ts';
import { nonEmptyFilter } from '../../lib/filter.ts';
import { submissionOutcome } from '../../lib/submissions.ts';

const SubmissionsQuery = graphql(`
  query ClaimSubmissions($first: Int!, $offset: Int!, $filter: ClaimSubmissionFilter) {
    claimSubmissions(orderBy: [CREATED_AT_DESC], first: $first, offset: $offset, filter: $filter) {
      totalCount
      nodes {
        rowId status claimCount totalAmount interchangeControlNumber createdAt sentAt acknowledgedAt rejectionReason lastError x12Bytes
        tradingPartner { name }
        acknowledgments(filter: { claimId: { isNull: false } }) { nodes { claimId status receivedAt } }
      }
    }
  }
`);

const PartnersQuery = graphql(`query SubmissionPartners { tradingPartners(orderBy: NAME_ASC) { nodes { rowId name } } }`);

const STATES = ['ALL', 'CREATED', 'SENT', 'ACKNOWLEDGED', 'REJECTED'];

export function SubmissionsTab() {
  const [state, setState] = useState('ALL');
  const [partner, setPartner] = useState<string | null>(null);
  const [page, setPage] = useState(1);
  const pageSize = 50;
  const partners = useQuery({ queryKey: ['submissionPartners'], queryFn: () => gqlRequest(PartnersQuery) });
  const query = useQuery({
    queryKey: ['claimSubmissions', state, partner, page],
    queryFn: () => gqlRequest(SubmissionsQuery, {
      first: pageSize,
      offset: offsetOf(page, pageSize),
      filter: nonEmptyFilter({ ...(state === 'ALL' ? {} : { status: { equalTo: state } }), ...(partner ? { tradingPartnerId: { equalTo: partner } } : {}) }),
    }),
    placeholderData: keepPreviousData,
    refetchInterval: 15_000,
  });
  return (
    <Stack gap="sm">
      <Group gap="md">
        <SegmentedControl aria-label="Submission state" size="xs" data={STATES.map((s) => ({ value: s, label: s === 'ALL' ? 'All' : s }))} value={state} onChange={(v) => { setState(v); setPage(1); }} />
        <Select aria-label="Trading partner" placeholder="All trading partners" size="xs" clearable w={240}
          data={(partners.data?.tradingPartners?.nodes ?? []).map((p) => ({ value: p.rowId, label: p.name }))} value={partner} onChange={(v) => { setPartner(v); setPage(1); }} />
      </Group>
      {query.isPending ? <Loading /> : query.error ? <ErrorAlert error={query.error} /> : (
        <>
          <Table withTableBorder striped aria-label="Submissions">
            <Table.Thead>
              <Table.Tr><Table.Th>Interchange</Table.Th><Table.Th>Trading partner</Table.Th><Table.Th>State</Table.Th><Table.Th>Claims</Table.Th><Table.Th>Accepted / rejected</Table.Th><Table.Th ta="right">Total</Table.Th><Table.Th>Sent</Table.Th><Table.Th aria-label="File" /></Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(query.data.claimSubmissions?.nodes ?? []).length === 0 ? <Table.Tr><Table.Td colSpan={8}><Text c="dimmed" ta="center">No submissions.</Text></Table.Td></Table.Tr> : query.data.claimSubmissions?.nodes.map((s) => {
                const outcome = submissionOutcome(s.status, s.claimCount, s.acknowledgments.nodes);
                return (
                  <Table.Tr key={s.rowId} data-testid={`submission-${s.interchangeControlNumber}`}>
                    <Table.Td className="mono">{s.interchangeControlNumber}</Table.Td>
                    <Table.Td><Text size="sm" className="nowrap">{s.tradingPartner?.name}</Text>{s.rejectionReason || s.lastError ? <Text size="xs" c="red.8" lineClamp={2} maw={260}>{s.rejectionReason ?? s.lastError}</Text> : null}</Table.Td>
                    <Table.Td><StatusBadge status={s.status} /></Table.Td>
                    <Table.Td className="tabular">{s.claimCount}</Table.Td>
                    <Table.Td>
                      <Text size="sm" className="tabular nowrap" aria-label={`${outcome.accepted} accepted, ${outcome.rejected} rejected, ${outcome.waiting} waiting`}>
                        <Text span c="teal.8">{outcome.accepted} accepted</Text> · <Text span c={outcome.rejected ? 'red.8' : undefined}>{outcome.rejected} rejected</Text>
                        {outcome.waiting ? <Text span c="dimmed"> · {outcome.waiting} waiting</Text> : null}
                      </Text>
                    </Table.Td>
                    <Table.Td ta="right" className="tabular">{formatMoney(s.totalAmount)}</Table.Td>
                    <Table.Td className="nowrap">{formatDateTime(s.sentAt)}{s.acknowledgedAt ? <Text size="xs" c="dimmed">acknowledged {formatDateTime(s.acknowledgedAt)}</Text> : null}</Table.Td>
                    <Table.Td>{s.x12Bytes ? <DownloadSubmissionButton submissionId={s.rowId} interchangeControlNumber={String(s.interchangeControlNumber)} /> : <Text size="xs" c="dimmed">not written</Text>}</Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
          <Pager label="submissions" total={query.data.claimSubmissions?.totalCount ?? 0} page={page} pageSize={pageSize} onPage={setPage} />
        </>
      )}
    </Stack>
  );
}
