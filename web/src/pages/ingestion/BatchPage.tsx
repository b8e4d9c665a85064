// /batches/:id: counters that tie out, a success/error chart, the error rows with their detail, Retry.
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Anchor, Badge, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { DonutChart } from '@mantine/charts';
import { graphql } from '../../graphql.ts';
import { gqlRequest } from '../../api/client.ts';
import { ErrorAlert, Loading } from '../../components/States.tsx';
import { Pager } from '../../components/Pager.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { PermissionButton } from '../../components/PermissionButton.tsx';
import { errorMessage } from '../../lib/errors.ts';
import { formatCount, formatDateTime, formatDuration } from '../../lib/format.ts';
import { offsetOf } from '../../lib/paging.ts';
import { describeErrorDetail, isBatchLive, summariseRecord, tieOuts } from '../../lib/batch.ts';

const BatchQuery = graphql(`
  query Batch($id: UUID!) {
    batches(condition: { rowId: $id }, first: 1) {
      nodes {
        rowId status total processed pending success error skippedDuplicates idempotencyKeyFields heldReason interruptedReason topErrorCodes
        createdAt createdBy startedAt completedAt
        feed { name kind }
        artifact { fileName rowCount sizeBytes }
      }
    }
  }
`);
const ErrorRowsQuery = graphql(`
  query BatchErrorRows($id: UUID!, $first: Int!, $offset: Int!) {
    batchRecords(condition: { batchId: $id }, filter: { status: { equalTo: "ERROR" } }, orderBy: [ROW_NUMBER_ASC], first: $first, offset: $offset) {
      totalCount
      nodes { id rowNumber attempts data errorDetail processedAt }
    }
  }
`);
const RetryBatch = graphql(`mutation RetryBatch($id: UUID!) { retryBatch(input: { batchId: $id }) { result } }`);

export function BatchPage() {
  const { batchId = '' } = useParams();
  const queryClient = useQueryClient();
  const [page, setPage] = useState(1);
  const [retryResult, setRetryResult] = useState<string | null>(null);
  const pageSize = 50;
  const query = useQuery({
    queryKey: ['batch', batchId],
    queryFn: () => gqlRequest(BatchQuery, { id: batchId }),
    refetchInterval: (q) => (q.state.data?.batches?.nodes[0] && isBatchLive(q.state.data.batches.nodes[0].status) ? 1000 : false),
  });
  const batch = query.data?.batches?.nodes[0];
  const live = batch ? isBatchLive(batch.status) : false;
  const errors = useQuery({
    queryKey: ['batchErrors', batchId, page, batch?.error, batch?.status],
    queryFn: () => gqlRequest(ErrorRowsQuery, { id: batchId, first: pageSize, offset: offsetOf(page, pageSize) }),
    placeholderData: keepPreviousData,
    enabled: Boolean(batch),
  });
  const retry = useMutation({
    mutationFn: () => gqlRequest(RetryBatch, { id: batchId }),
    onSuccess: async (data) => {
      const result = (data.retryBatch?.result ?? {}) as { requeued?: number; message?: string };
      setRetryResult(result.requeued ? `${formatCount(result.requeued)} record${result.requeued === 1 ? '' : 's'} requeued: they go back to PENDING and are processed on the next tick.` : (result.message ?? 'Nothing to retry.'));
      await queryClient.invalidateQueries({ queryKey: ['batch', batchId] });
      await queryClient.invalidateQueries({ queryKey: ['batches'] });
    },
    onError: (error) => setRetryResult(errorMessage(error)),
  });

  if (query.isPending) return <Loading />;
  if (query.error) return <ErrorAlert error={query.error} />;
  if (!batch) return <ErrorAlert title="Batch not found" error={new Error(`There is no batch ${batchId} in this tenant.`)} />;
  const checks = tieOuts(batch, !live);
  const topCodes = Array.isArray(batch.topErrorCodes) ? (batch.topErrorCodes as { code: string; count: number }[]) : [];

  return (
    <Stack gap="md">
      <Anchor component={Link} to="/batches" size="sm">← Batches</Anchor>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <div>
          <Group gap="sm"><Title order={2}>{batch.artifact?.fileName ?? 'Batch'}</Title><StatusBadge status={batch.status} /></Group>
          <Text size="sm" c="dimmed">Feed {batch.feed?.name} ({batch.feed?.kind}) · idempotency key {batch.idempotencyKeyFields.join(' + ')} · created {formatDateTime(batch.createdAt)}{batch.createdBy ? ` by ${batch.createdBy}` : ''}</Text>
        </div>
        <PermissionButton permission="ingestion.update" action="Retrying a batch" loading={retry.isPending} onClick={() => retry.mutate()} disabled={batch.error === 0}>
          Retry {formatCount(batch.error)} error{batch.error === 1 ? '' : 's'}
        </PermissionButton>
      </Group>
      {retryResult ? <Alert color="blue" data-testid="retry-result" withCloseButton onClose={() => setRetryResult(null)}>{retryResult}</Alert> : null}
      {batch.heldReason ? <Alert color="yellow" title="Held">{batch.heldReason}</Alert> : null}
      {batch.interruptedReason ? <Alert color="orange" title="Upload interrupted">{batch.interruptedReason}</Alert> : null}

      <SimpleGrid cols={{ base: 1, md: 3 }} spacing="md">
        <Paper withBorder p="md">
          <Text size="xs" c="dimmed" tt="uppercase" fw={700} mb="xs">Counters</Text>
          <Table withRowBorders={false} verticalSpacing={2} data-testid="batch-counters">
            <Table.Tbody>
              {([['Total', batch.total], ['Processed', batch.processed], ['Pending', batch.pending], ['Success', batch.success], ['Error', batch.error], ['Skipped as duplicates', batch.skippedDuplicates]] as const).map(([label, value]) => (
                <Table.Tr key={label}><Table.Td><Text size="sm">{label}</Text></Table.Td><Table.Td ta="right"><Text size="sm" fw={600} className="tabular" aria-label={`${label}: ${value}`}>{formatCount(value)}</Text></Table.Td></Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
        <Paper withBorder p="md">
          <Text size="xs" c="dimmed" tt="uppercase" fw={700} mb="xs">Tie-out</Text>
          <Stack gap={6} data-testid="tie-outs">
            {checks.map((check) => (
              <Group key={check.label} gap={6} wrap="nowrap">
                <Badge color={check.holds ? 'teal' : 'red'} variant="light" w={70}>{check.holds ? 'ties' : 'off'}</Badge>
                <Text size="sm" className="tabular">{check.label}</Text>
              </Group>
            ))}
            <Text size="xs" c="dimmed">{batch.startedAt ? `Processing took ${formatDuration(batch.startedAt, batch.completedAt)}${batch.completedAt ? '' : ' so far'}` : 'Waiting for the worker'}</Text>
          </Stack>
        </Paper>
        <Paper withBorder p="md">
          <Text size="xs" c="dimmed" tt="uppercase" fw={700} mb="xs">Success and error</Text>
          <Group wrap="nowrap" gap="md">
            <DonutChart
              size={120}
              thickness={22}
              withTooltip={false}
              aria-label={`${batch.success} succeeded, ${batch.error} errors, ${batch.pending} pending`}
              data={[
                { name: 'Success', value: batch.success, color: 'teal.6' },
                { name: 'Error', value: batch.error, color: 'red.6' },
                { name: 'Pending', value: batch.pending, color: 'gray.4' },
              ].filter((d) => d.value > 0).concat(batch.total === 0 ? [{ name: 'Empty', value: 1, color: 'gray.2' }] : [])}
            />
            <Stack gap={2}>
              <Text size="sm" c="teal.8" className="tabular">{formatCount(batch.success)} success</Text>
              <Text size="sm" c="red.8" className="tabular">{formatCount(batch.error)} error</Text>
              <Text size="sm" c="dimmed" className="tabular">{formatCount(batch.pending)} pending</Text>
              {topCodes.slice(0, 3).map((c) => <Text key={c.code} size="xs" c="dimmed">{c.code}: {formatCount(c.count)}</Text>)}
            </Stack>
          </Group>
        </Paper>
      </SimpleGrid>

      <Title order={3} size="h4">Error rows</Title>
      {errors.isPending ? <Loading /> : errors.error ? <ErrorAlert error={errors.error} /> : (
        <>
          <Table withTableBorder striped aria-label="Error rows" layout="fixed">
            <Table.Thead><Table.Tr><Table.Th w={70}>Row</Table.Th><Table.Th w="38%">Error</Table.Th><Table.Th>Record</Table.Th><Table.Th w={95}>Attempts</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {(errors.data?.batchRecords?.nodes ?? []).length === 0 ? <Table.Tr><Table.Td colSpan={4}><Text c="dimmed" ta="center">No error rows.</Text></Table.Td></Table.Tr> : errors.data?.batchRecords?.nodes.map((row) => (
                <Table.Tr key={row.id} data-testid="error-row">
                  <Table.Td className="tabular">{row.rowNumber}</Table.Td>
                  <Table.Td><Text size="sm" c="red.8" style={{ overflowWrap: 'anywhere' }}>{describeErrorDetail(row.errorDetail)}</Text></Table.Td>
                  <Table.Td><Text size="xs" className="mono" style={{ overflowWrap: 'anywhere' }}>{summariseRecord(row.data)}</Text></Table.Td>
                  <Table.Td className="tabular">{row.attempts}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Pager label="error rows" total={errors.data?.batchRecords?.totalCount ?? 0} page={page} pageSize={pageSize} onPage={setPage} />
        </>
      )}
    </Stack>
  );
}
