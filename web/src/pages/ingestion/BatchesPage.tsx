// /batches: upload a file, and every batch with its counters (polled while one is running).
import { useState } from 'react';
import { Link } from 'react-router';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Anchor, Stack, Table, Text } from '@mantine/core';
import { graphql } from '../../graphql.ts';
import { gqlRequest } from '../../api/client.ts';
import { ErrorAlert, Loading, PageTitle } from '../../components/States.tsx';
import { Pager } from '../../components/Pager.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { CountersBar } from '../../components/CountersBar.tsx';
import { formatCount, formatDateTime } from '../../lib/format.ts';
import { offsetOf } from '../../lib/paging.ts';
import { isBatchLive } from '../../lib/batch.ts';
import { UploadArtifact } from './UploadArtifact.tsx';

const BatchesQuery = graphql(`
  query Batches($first: Int!, $offset: Int!) {
    batches(orderBy: [CREATED_AT_DESC], first: $first, offset: $offset) {
      totalCount
      nodes {
        rowId status total processed pending success error skippedDuplicates createdAt completedAt heldReason
        feed { name kind }
        artifact { fileName }
      }
    }
  }
`);

export function BatchesPage() {
  const [page, setPage] = useState(1);
  const pageSize = 25;
  const query = useQuery({
    queryKey: ['batches', page],
    queryFn: () => gqlRequest(BatchesQuery, { first: pageSize, offset: offsetOf(page, pageSize) }),
    placeholderData: keepPreviousData,
    refetchInterval: (q) => (q.state.data?.batches?.nodes.some((b) => isBatchLive(b.status)) ? 2000 : 15_000),
  });
  const batches = query.data?.batches?.nodes ?? [];
  return (
    <Stack gap="md">
      <PageTitle title="Ingestion batches" description="Feeds from source systems (members, coverage, scheduled visits, charges), row by row, idempotently, with retry." />
      <UploadArtifact />
      {query.isPending ? <Loading /> : query.error ? <ErrorAlert error={query.error} /> : (
        <>
          <Table withTableBorder highlightOnHover aria-label="Batches" layout="fixed">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Batch</Table.Th>
                <Table.Th w={190}>Status</Table.Th>
                <Table.Th w={310}>Processed</Table.Th>
                <Table.Th w={150}>Success · error</Table.Th>
                <Table.Th w={175}>Created</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {batches.length === 0 ? <Table.Tr><Table.Td colSpan={5}><Text c="dimmed" ta="center">No batches yet. Upload a file above.</Text></Table.Td></Table.Tr> : batches.map((batch) => (
                <Table.Tr key={batch.rowId} data-testid="batch-row">
                  <Table.Td>
                    <Anchor component={Link} to={`/batches/${batch.rowId}`} size="sm" fw={600}>{batch.artifact?.fileName ?? batch.rowId.slice(0, 8)}</Anchor>
                    <Text size="xs" c="dimmed">{batch.feed?.name} · {batch.feed?.kind}</Text>
                  </Table.Td>
                  <Table.Td><StatusBadge status={batch.status} />{batch.heldReason ? <Text size="xs" c="dimmed" truncate>{batch.heldReason}</Text> : null}</Table.Td>
                  <Table.Td><CountersBar batch={batch} /></Table.Td>
                  <Table.Td><Text size="sm" className="tabular"><Text span c="teal.8" inherit>{formatCount(batch.success)}</Text> · <Text span c="red.8" inherit>{formatCount(batch.error)}</Text></Text></Table.Td>
                  <Table.Td><Text size="sm" className="nowrap">{formatDateTime(batch.createdAt)}</Text></Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Pager label="batches" total={query.data?.batches?.totalCount ?? 0} page={page} pageSize={pageSize} onPage={setPage} />
        </>
      )}
    </Stack>
  );
}
