// Coverage anomalies found by sweeps: what the intake desk should see before the visit.
import { useState } from 'react';
import { Link } from 'react-router';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Anchor, Badge, Stack, Table, Text } from '@mantine/core';
import { graphql } from '../../graphql.ts';
import { gqlRequest } from '../../api/client.ts';
import { ErrorAlert, Loading } from '../../components/States.tsx';
import { Pager } from '../../components/Pager.tsx';
import { formatDate, formatDateTime } from '../../lib/format.ts';
import { offsetOf } from '../../lib/paging.ts';

const AnomaliesQuery = graphql(`
  query CoverageAnomalies($first: Int!, $offset: Int!) {
    coverageAnomalies(orderBy: [SERVICE_DATE_ASC, EVENT_NUMBER_ASC], first: $first, offset: $offset) {
      totalCount
      nodes {
        kind detail eventNumber serviceDate subscriberId receivedAt sweepRunId memberId
        serviceEvent { member { memberNumber firstName lastName } facility { code } }
      }
    }
  }
`);

export function AnomaliesTab() {
  const [page, setPage] = useState(1);
  const pageSize = 50;
  const query = useQuery({
    queryKey: ['coverageAnomalies', page],
    queryFn: () => gqlRequest(AnomaliesQuery, { first: pageSize, offset: offsetOf(page, pageSize) }),
    placeholderData: keepPreviousData,
    refetchInterval: 15_000,
  });
  if (query.isPending) return <Loading />;
  if (query.error) return <ErrorAlert error={query.error} />;
  const rows = query.data.coverageAnomalies?.nodes ?? [];
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">Visits whose latest 271 shows a problem with the coverage on file. Resolve them in the intake queue.</Text>
      <Table withTableBorder striped aria-label="Coverage anomalies">
        <Table.Thead>
          <Table.Tr><Table.Th>Anomaly</Table.Th><Table.Th>Visit</Table.Th><Table.Th>Member</Table.Th><Table.Th>Subscriber ID</Table.Th><Table.Th>Detail</Table.Th><Table.Th>Answered</Table.Th></Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.length === 0 ? <Table.Tr><Table.Td colSpan={6}><Text c="dimmed" ta="center">No coverage anomalies.</Text></Table.Td></Table.Tr> : rows.map((row, index) => (
            <Table.Tr key={`${row.eventNumber}-${row.kind}-${index}`}>
              <Table.Td><Badge color="orange" variant="light" tt="none">{row.kind}</Badge></Table.Td>
              <Table.Td><Text size="sm" className="mono">{row.eventNumber}</Text><Text size="xs" c="dimmed">{formatDate(row.serviceDate)} · {row.serviceEvent?.facility?.code}</Text></Table.Td>
              <Table.Td><Text size="sm" className="mono">{row.serviceEvent?.member?.memberNumber}</Text><Text size="xs" c="dimmed">{row.serviceEvent?.member?.lastName}, {row.serviceEvent?.member?.firstName}</Text></Table.Td>
              <Table.Td className="mono">{row.subscriberId}</Table.Td>
              <Table.Td><Text size="sm">{row.detail}</Text></Table.Td>
              <Table.Td>
                <Text size="sm" className="nowrap">{formatDateTime(row.receivedAt)}</Text>
                {row.sweepRunId ? <Anchor component={Link} size="xs" to={`/eligibility/runs/${row.sweepRunId}`}>sweep run</Anchor> : null}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Pager label="anomalies" total={query.data.coverageAnomalies?.totalCount ?? 0} page={page} pageSize={pageSize} onPage={setPage} />
    </Stack>
  );
}
