// /job-runner: the nightly job runner's heartbeat — last cycle per task, next fire times, failures.
import { useState } from 'react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Code, Group, Select, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { graphql } from '../../graphql.ts';
import { gqlRequest } from '../../api/client.ts';
import { ErrorAlert, Loading, PageTitle } from '../../components/States.tsx';
import { Pager } from '../../components/Pager.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { Countdown } from '../../components/Countdown.tsx';
import { PermissionButton } from '../../components/PermissionButton.tsx';
import { errorMessage } from '../../lib/errors.ts';
import { formatAgo, formatDateTime, formatDuration } from '../../lib/format.ts';
import { describeCounts, describeErrors } from '../../lib/jobs.ts';
import { offsetOf } from '../../lib/paging.ts';
import { nonEmptyFilter } from '../../lib/filter.ts';

const StatusQuery = graphql(`
  query JobRunnerStatus {
    jobRunnerStatuses { nodes { task cron description nextFireAt lastStatus lastStartedAt lastFinishedAt lastCounts lastErrors } }
  }
`);
const CyclesQuery = graphql(`
  query JobRunnerCycles($first: Int!, $offset: Int!, $filter: JobRunnerCycleFilter) {
    jobRunnerCycles(orderBy: [STARTED_AT_DESC], first: $first, offset: $offset, filter: $filter) {
      totalCount
      nodes { rowId task status startedAt finishedAt counts errors }
    }
  }
`);
const CheckTimelyFiling = graphql(`mutation CheckTimelyFiling { checkTimelyFiling(input: {}) { clientMutationId } }`);
const DetectStaleClaims = graphql(`mutation DetectStaleClaims { detectStaleClaims(input: {}) { clientMutationId } }`);

export function JobRunnerPage() {
  const queryClient = useQueryClient();
  const [task, setTask] = useState('all');
  const [page, setPage] = useState(1);
  const pageSize = 25;
  const status = useQuery({ queryKey: ['jobRunnerStatus'], queryFn: () => gqlRequest(StatusQuery), refetchInterval: 10_000 });
  const cycles = useQuery({
    queryKey: ['jobRunnerCycles', task, page],
    queryFn: () => gqlRequest(CyclesQuery, { first: pageSize, offset: offsetOf(page, pageSize), filter: nonEmptyFilter(task === 'all' ? {} : { task: { equalTo: task } }) }),
    placeholderData: keepPreviousData,
    refetchInterval: 10_000,
  });
  const failures = (cycles.data?.jobRunnerCycles?.nodes ?? []).filter((c) => c.status === 'FAILED').length;
  const runTask = useMutation({
    mutationFn: async (task: 'timely' | 'stale'): Promise<unknown> => (task === 'timely' ? gqlRequest(CheckTimelyFiling, {}) : gqlRequest(DetectStaleClaims, {})),
    onSuccess: async () => {
      notifications.show({ color: 'teal', message: 'Done: the cycle is recorded below.' });
      await queryClient.invalidateQueries({ queryKey: ['jobRunnerStatus'] });
      await queryClient.invalidateQueries({ queryKey: ['jobRunnerCycles'] });
    },
    onError: (error) => notifications.show({ color: 'red', title: 'Task failed', message: errorMessage(error) }),
  });

  return (
    <Stack gap="md">
      <PageTitle
        title="Job runner"
        description="The nightly job runner: claims build, timely-filing checks, stale-claim detection, reporting refresh. One heartbeat row per task and cycle."
        actions={
          <Group gap="xs">
            <PermissionButton permission="claims.write" action="Checking timely filing" variant="default" size="xs" loading={runTask.isPending && runTask.variables === 'timely'} onClick={() => runTask.mutate('timely')}>Check timely filing now</PermissionButton>
            <PermissionButton permission="claims.write" action="Detecting stale claims" variant="default" size="xs" loading={runTask.isPending && runTask.variables === 'stale'} onClick={() => runTask.mutate('stale')}>Detect stale claims now</PermissionButton>
          </Group>
        }
      />
      {status.isPending ? <Loading /> : status.error ? <ErrorAlert error={status.error} /> : (
        <Table withTableBorder aria-label="Tasks" layout="fixed">
          <Table.Thead><Table.Tr><Table.Th w="32%">Task</Table.Th><Table.Th w={100}>Cron (UTC)</Table.Th><Table.Th w={175}>Next fire</Table.Th><Table.Th w={125}>Last cycle</Table.Th><Table.Th w={140}>Last heartbeat</Table.Th><Table.Th>Last result</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {(status.data.jobRunnerStatuses?.nodes ?? []).map((task) => task.task && (
              <Table.Tr key={task.task} data-testid={`task-${task.task}`}>
                <Table.Td><Text size="sm" fw={600} className="mono">{task.task}</Text><Text size="xs" c="dimmed">{task.description}</Text></Table.Td>
                <Table.Td className="mono">{task.cron}</Table.Td>
                <Table.Td><Countdown to={task.nextFireAt} label={`Next run of ${task.task}`} /><Text size="xs" c="dimmed">{formatDateTime(task.nextFireAt)}</Text></Table.Td>
                <Table.Td>{task.lastStatus ? <StatusBadge status={task.lastStatus} /> : <Text size="sm" c="dimmed">never ran</Text>}</Table.Td>
                <Table.Td><Text size="sm">{formatAgo(task.lastFinishedAt ?? task.lastStartedAt)}</Text><Text size="xs" c="dimmed">{task.lastStartedAt ? `took ${formatDuration(task.lastStartedAt, task.lastFinishedAt)}` : ''}</Text></Table.Td>
                <Table.Td><Text size="xs" style={{ overflowWrap: 'anywhere' }}>{describeCounts(task.lastCounts)}</Text>{describeErrors(task.lastErrors).map((e) => <Text key={e} size="xs" c="red.8">{e}</Text>)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Group justify="space-between">
        <Title order={3} size="h4">Cycles</Title>
        <Group gap="sm">
          <Text size="sm" c={failures > 0 ? 'red.8' : 'dimmed'} data-testid="failure-count">{failures} failed on this page</Text>
          <Select size="xs" aria-label="Task" w={260} value={task} onChange={(v) => { setTask(v ?? 'all'); setPage(1); }} allowDeselect={false} data={[{ value: 'all', label: 'All tasks' }, ...(status.data?.jobRunnerStatuses?.nodes ?? []).flatMap((t) => (t.task ? [{ value: t.task, label: t.task }] : []))]} />
        </Group>
      </Group>
      {cycles.isPending ? <Loading /> : cycles.error ? <ErrorAlert error={cycles.error} /> : (
        <>
          <Table withTableBorder striped aria-label="Cycles" layout="fixed">
            <Table.Thead><Table.Tr><Table.Th w={220}>Task</Table.Th><Table.Th w={120}>Status</Table.Th><Table.Th w={170}>Started</Table.Th><Table.Th w={90}>Took</Table.Th><Table.Th>Counts and errors</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {(cycles.data.jobRunnerCycles?.nodes ?? []).length === 0 ? <Table.Tr><Table.Td colSpan={5}><Text c="dimmed" ta="center">No cycles yet.</Text></Table.Td></Table.Tr> : cycles.data.jobRunnerCycles?.nodes.map((cycle) => (
                <Table.Tr key={cycle.rowId} bg={cycle.status === 'FAILED' ? 'red.0' : undefined}>
                  <Table.Td className="mono">{cycle.task}</Table.Td>
                  <Table.Td><StatusBadge status={cycle.status} /></Table.Td>
                  <Table.Td className="nowrap">{formatDateTime(cycle.startedAt)}</Table.Td>
                  <Table.Td className="tabular">{formatDuration(cycle.startedAt, cycle.finishedAt)}</Table.Td>
                  <Table.Td><Code block={false} fz="xs">{describeCounts(cycle.counts)}</Code>{describeErrors(cycle.errors).map((e) => <Text key={e} size="xs" c="red.8">{e}</Text>)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Pager label="cycles" total={cycles.data.jobRunnerCycles?.totalCount ?? 0} page={page} pageSize={pageSize} onPage={setPage} />
        </>
      )}
    </Stack>
  );
}
