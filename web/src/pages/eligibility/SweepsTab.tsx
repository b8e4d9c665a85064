// Sweep runs, newest first, polled every 2 s while one is live (the manual's real-time stream).
import { useState } from 'react';
import { Link } from 'react-router';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Anchor, Group, Stack, Table, Text } from '@mantine/core';
import { graphql } from '../../graphql.ts';
import { gqlRequest } from '../../api/client.ts';
import { ErrorAlert, Loading } from '../../components/States.tsx';
import { Pager } from '../../components/Pager.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { RunProgress } from '../../components/RunProgress.tsx';
import { formatDate, formatDateTime, formatDuration } from '../../lib/format.ts';
import { offsetOf } from '../../lib/paging.ts';
import { describeWindow, isRunLive } from '../../lib/sweep.ts';
import { AdhocSweepButton } from './AdhocSweepDialog.tsx';

export const SweepRunsQuery = graphql(`
  query SweepRuns($first: Int!, $offset: Int!) {
    eligibilitySweepRuns(orderBy: [FIRED_AT_DESC], first: $first, offset: $offset) {
      totalCount
      nodes {
        rowId name status trigger firedAt startedAt completedAt
        windowStart windowEnd windowFromDays windowToDays
        totalMembers queuedCount submittedCount receivedCount failedCount skippedCount
        schedule { name }
        facility { code }
      }
    }
  }
`);

export function SweepsTab() {
  const [page, setPage] = useState(1);
  const pageSize = 25;
  const query = useQuery({
    queryKey: ['sweepRuns', page],
    queryFn: () => gqlRequest(SweepRunsQuery, { first: pageSize, offset: offsetOf(page, pageSize) }),
    placeholderData: keepPreviousData,
    refetchInterval: (q) => (q.state.data?.eligibilitySweepRuns?.nodes.some((run) => isRunLive(run.status)) ? 2000 : 10000),
  });
  const runs = query.data?.eligibilitySweepRuns?.nodes ?? [];
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">Runs update every 2 seconds while one is queued or running. Click a run for its members and exceptions.</Text>
        <AdhocSweepButton />
      </Group>
      {query.isPending ? <Loading /> : query.error ? <ErrorAlert error={query.error} /> : (
        <>
          <Table withTableBorder highlightOnHover verticalSpacing="xs" aria-label="Sweep runs" layout="fixed">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Run</Table.Th>
                <Table.Th w={125}>Status</Table.Th>
                <Table.Th w={190}>Scope</Table.Th>
                <Table.Th w={300}>Progress</Table.Th>
                <Table.Th w={175}>Fired</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {runs.length === 0 ? (
                <Table.Tr><Table.Td colSpan={5}><Text c="dimmed" ta="center">No sweep runs yet. Run a schedule now from the Schedules tab.</Text></Table.Td></Table.Tr>
              ) : runs.map((run) => (
                <Table.Tr key={run.rowId} data-testid="sweep-run-row">
                  <Table.Td>
                    <Anchor component={Link} to={`/eligibility/runs/${run.rowId}`} fw={600} size="sm">{run.name}</Anchor>
                    <Text size="xs" c="dimmed">{run.schedule?.name ? `schedule ${run.schedule.name}` : run.trigger.toLowerCase()}</Text>
                  </Table.Td>
                  <Table.Td><StatusBadge status={run.status} /></Table.Td>
                  <Table.Td>
                    <Text size="sm" className="nowrap">{formatDate(run.windowStart)} – {formatDate(run.windowEnd)}</Text>
                    <Text size="xs" c="dimmed">{run.facility?.code ?? 'All facilities'} · {describeWindow(run.windowFromDays, run.windowToDays)}</Text>
                  </Table.Td>
                  <Table.Td><RunProgress run={run} breakdown /></Table.Td>
                  <Table.Td>
                    <Text size="sm" className="nowrap">{formatDateTime(run.firedAt)}</Text>
                    <Text size="xs" c="dimmed" className="tabular">{run.startedAt ? `took ${formatDuration(run.startedAt, run.completedAt)}` : 'not started'}</Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Pager label="runs" total={query.data?.eligibilitySweepRuns?.totalCount ?? 0} page={page} pageSize={pageSize} onPage={setPage} />
        </>
      )}
    </Stack>
  );
}
