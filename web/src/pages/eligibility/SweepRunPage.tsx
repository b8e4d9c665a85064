// Run detail (/eligibility/runs/:runId): header with status, scope and counters; sub-tabs All members
// and Exceptions (FAILED and SKIPPED with failure_reason); Cancel sweep and Re-run failed.
import { useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Anchor, Button, Group, Modal, Paper, SegmentedControl, SimpleGrid, Stack, Table, Tabs, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { graphql } from '../../graphql.ts';
import { gqlRequest } from '../../api/client.ts';
import { ErrorAlert, Loading } from '../../components/States.tsx';
import { Pager } from '../../components/Pager.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { RunProgress } from '../../components/RunProgress.tsx';
import { PermissionButton } from '../../components/PermissionButton.tsx';
import { errorMessage } from '../../lib/errors.ts';
import { formatCount, formatDate, formatDateTime, formatDuration } from '../../lib/format.ts';
import { offsetOf } from '../../lib/paging.ts';
import { nonEmptyFilter } from '../../lib/filter.ts';
import { describeWindow, isRunLive } from '../../lib/sweep.ts';

const SweepRunQuery = graphql(`
  query SweepRun($id: UUID!) {
    eligibilitySweepRuns(condition: { rowId: $id }, first: 1) {
      nodes {
        rowId name status trigger firedAt startedAt completedAt cancelledBy requestedBy error
        windowStart windowEnd windowFromDays windowToDays payerIds timeZone
        totalMembers queuedCount submittedCount receivedCount failedCount skippedCount cacheHitCount inquiriesSent
        schedule { rowId name }
        facility { code name }
        rerunOf { rowId name }
      }
    }
  }
`);

const CancelSweep = graphql(`mutation CancelSweep($id: UUID!) { cancelSweepRun(input: { sweepRunId: $id }) { result { rowId status } } }`);
const RerunFailed = graphql(`mutation RerunFailed($id: UUID!) { rerunFailedMembers(input: { sweepRunId: $id }) { result } }`);

export function SweepRunPage() {
  const { runId = '' } = useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [confirmCancel, setConfirmCancel] = useState(false);
  const query = useQuery({
    queryKey: ['sweepRun', runId],
    queryFn: () => gqlRequest(SweepRunQuery, { id: runId }),
    refetchInterval: (q) => (q.state.data?.eligibilitySweepRuns?.nodes[0] && isRunLive(q.state.data.eligibilitySweepRuns.nodes[0].status) ? 2000 : false),
  });
  const run = query.data?.eligibilitySweepRuns?.nodes[0];
  const cancel = useMutation({
    mutationFn: () => gqlRequest(CancelSweep, { id: runId }),
    onSuccess: async () => {
      setConfirmCancel(false);
      await queryClient.invalidateQueries({ queryKey: ['sweepRun', runId] });
      await queryClient.invalidateQueries({ queryKey: ['sweepRunMembers', runId] });
      notifications.show({ color: 'yellow', message: 'Sweep cancelled: queued members are skipped; submitted ones still resolve.' });
    },
  });
  const rerun = useMutation({
    mutationFn: () => gqlRequest(RerunFailed, { id: runId }),
    onSuccess: async (data) => {
      await queryClient.invalidateQueries({ queryKey: ['sweepRuns'] });
      if (data.rerunFailedMembers?.result) navigate(`/eligibility/runs/${data.rerunFailedMembers.result}`);
    },
    onError: (error) => notifications.show({ color: 'red', title: 'Could not re-run', message: errorMessage(error) }),
  });

  if (query.isPending) return <Loading />;
  if (query.error) return <ErrorAlert error={query.error} />;
  if (!run) return <ErrorAlert title="Run not found" error={new Error(`There is no sweep run ${runId} in this tenant.`)} />;
  const live = isRunLive(run.status);

  return (
    <Stack gap="md">
      <Anchor component={Link} to="/eligibility?tab=sweeps" size="sm">← Sweeps</Anchor>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <div>
          <Group gap="sm">
            <Title order={2}>{run.name}</Title>
            <span data-testid="run-status" data-status={run.status} data-run-id={run.rowId}><StatusBadge status={run.status} /></span>
          </Group>
          <Text size="sm" c="dimmed">
            {run.schedule ? <>Schedule <strong>{run.schedule.name}</strong></> : `${run.trigger.toLowerCase()} run`}
            {run.rerunOf ? <> · re-run of <Anchor component={Link} to={`/eligibility/runs/${run.rerunOf.rowId}`}>{run.rerunOf.name}</Anchor></> : null}
            {run.requestedBy ? ` · requested by ${run.requestedBy}` : ''}
          </Text>
        </div>
        <Group gap="sm" wrap="nowrap">
          {live ? <PermissionButton permission="eligibility.update" action="Cancelling a sweep" color="red" variant="light" onClick={() => setConfirmCancel(true)}>Cancel sweep</PermissionButton> : null}
          {!live && run.failedCount > 0 ? <PermissionButton permission="eligibility.update" action="Re-running failed members" loading={rerun.isPending} onClick={() => rerun.mutate()}>Re-run failed ({formatCount(run.failedCount)})</PermissionButton> : null}
        </Group>
      </Group>

      <SimpleGrid cols={{ base: 2, md: 4 }} spacing="sm">
        <Fact label="Scope" value={`${run.facility?.code ?? 'All facilities'} · ${describeWindow(run.windowFromDays, run.windowToDays)}`} detail={`${formatDate(run.windowStart)} – ${formatDate(run.windowEnd)} · ${run.payerIds.length ? `${run.payerIds.length} payer(s)` : 'every payer'}`} />
        <Fact label="Fired" value={formatDateTime(run.firedAt)} detail={run.startedAt ? `started ${formatDateTime(run.startedAt)}` : 'waiting for the worker'} />
        <Fact label={run.completedAt ? 'Finished' : 'Running for'} value={run.completedAt ? formatDateTime(run.completedAt) : formatDuration(run.startedAt, null)} detail={run.completedAt ? `took ${formatDuration(run.startedAt, run.completedAt)}${run.cancelledBy ? ` · cancelled by ${run.cancelledBy}` : ''}` : ' '} />
        <Fact label="270s sent" value={formatCount(run.inquiriesSent)} detail={`${formatCount(run.cacheHitCount)} answered from the eligibility cache`} />
      </SimpleGrid>

      <Paper withBorder p="md">
        <Group justify="space-between" wrap="nowrap">
          <RunProgress run={run} width={300} />
          <Group gap="md" wrap="nowrap" data-testid="run-counters">
            <Counter label="Total" value={run.totalMembers} />
            <Counter label="Queued" value={run.queuedCount} />
            <Counter label="Submitted" value={run.submittedCount} color="blue.8" />
            <Counter label="Received" value={run.receivedCount} color="teal.8" />
            <Counter label="Failed" value={run.failedCount} color="red.8" />
            <Counter label="Skipped" value={run.skippedCount} color="yellow.9" />
          </Group>
        </Group>
        {run.error ? <Text c="red.8" size="sm" mt="xs">{run.error}</Text> : null}
      </Paper>

      <RunMembers runId={run.rowId} live={live} />

      <Modal opened={confirmCancel} onClose={() => setConfirmCancel(false)} title="Cancel this sweep?">
        <Stack>
          <Text size="sm">Queued members become SKIPPED with reason <em>Cancelled by operator</em> and the run becomes CANCELLED. 270s already submitted are not revoked: they still resolve as RECEIVED.</Text>
          {cancel.error ? <ErrorAlert error={cancel.error} title="Not cancelled" /> : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirmCancel(false)}>Keep running</Button>
            <Button color="red" loading={cancel.isPending} onClick={() => cancel.mutate()}>Cancel sweep</Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}

function Fact({ label, value, detail }: { label: string; value: string; detail?: string }) {
  return (
    <Paper withBorder p="sm">
      <Text size="xs" c="dimmed" tt="uppercase" fw={700}>{label}</Text>
      <Text size="sm" fw={600} className="tabular">{value}</Text>
      {detail ? <Text size="xs" c="dimmed" className="tabular">{detail}</Text> : null}
    </Paper>
  );
}

function Counter({ label, value, color }: { label: string; value: number; color?: string }) {
  return (
    <div style={{ minWidth: 58, textAlign: 'right' }}>
      <Text size="xs" c="dimmed">{label}</Text>
      <Text fw={700} c={color} className="tabular" aria-label={`${label}: ${value}`}>{formatCount(value)}</Text>
    </div>
  );
}

const RunMembersQuery = graphql(`
  query RunMembers($runId: UUID!, $first: Int!, $offset: Int!, $filter: SweepRunMemberFilter) {
    sweepRunMembers(condition: { sweepRunId: $runId }, filter: $filter, first: $first, offset: $offset, orderBy: [PRIMARY_KEY_ASC]) {
      totalCount
      nodes {
        rowId status failureReason serviceDate attempts submittedAt completedAt cacheReused coverageCount
        member { memberNumber firstName lastName }
      }
    }
  }
`);

const RunExceptionsQuery = graphql(`
  query RunExceptions($runId: UUID!, $first: Int!, $offset: Int!, $filter: SweepExceptionFilter) {
    sweepExceptions(condition: { sweepRunId: $runId }, filter: $filter, first: $first, offset: $offset, orderBy: [MEMBER_NUMBER_ASC]) {
      totalCount
      nodes { rowId status failureReason serviceDate attempts completedAt memberNumber firstName lastName }
    }
  }
`);

const MEMBER_STATUSES = ['ALL', 'QUEUED', 'SUBMITTED', 'RECEIVED', 'FAILED', 'SKIPPED'];
const EXCEPTION_STATUSES = ['ALL', 'FAILED', 'SKIPPED'];

interface MemberRow {
  rowId: string;
  status: string | null;
  failureReason: string | null;
  serviceDate: string | null;
  attempts: number | null;
  completedAt: string | null;
  memberNumber: string | null;
  name: string;
}

function RunMembers({ runId, live }: { runId: string; live: boolean }) {
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'exceptions' ? 'exceptions' : 'all';
  const [status, setStatus] = useState('ALL');
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(50);
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const statuses = tab === 'exceptions' ? EXCEPTION_STATUSES : MEMBER_STATUSES;
  const effectiveStatus = statuses.includes(status) ? status : 'ALL';

  const query = useQuery({
    queryKey: ['sweepRunMembers', runId, tab, effectiveStatus, debounced, page, pageSize],
    placeholderData: keepPreviousData,
    refetchInterval: live ? 2000 : false,
    queryFn: async (): Promise<{ total: number; rows: MemberRow[] }> => {
      const offset = offsetOf(page, pageSize);
      if (tab === 'exceptions') {
        const filter = {
          ...(effectiveStatus !== 'ALL' ? { status: { equalTo: effectiveStatus } } : {}),
          ...(debounced ? { or: [{ memberNumber: { includesInsensitive: debounced } }, { lastName: { includesInsensitive: debounced } }, { failureReason: { includesInsensitive: debounced } }] } : {}),
        };
        const data = await gqlRequest(RunExceptionsQuery, { runId, first: pageSize, offset, filter: nonEmptyFilter(filter) });
        return {
          total: data.sweepExceptions?.totalCount ?? 0,
          rows: (data.sweepExceptions?.nodes ?? []).map((n) => ({ ...n, name: `${n.lastName ?? ''}, ${n.firstName ?? ''}` })),
        };
      }
      const filter = {
        ...(effectiveStatus !== 'ALL' ? { status: { equalTo: effectiveStatus } } : {}),
        ...(debounced ? { member: { or: [{ memberNumber: { includesInsensitive: debounced } }, { lastName: { includesInsensitive: debounced } }] } } : {}),
      };
      const data = await gqlRequest(RunMembersQuery, { runId, first: pageSize, offset, filter: nonEmptyFilter(filter) });
      return {
        total: data.sweepRunMembers?.totalCount ?? 0,
        rows: (data.sweepRunMembers?.nodes ?? []).map((n) => ({
          rowId: n.rowId, status: n.status, failureReason: n.failureReason, serviceDate: n.serviceDate, attempts: n.attempts, completedAt: n.completedAt,
          memberNumber: n.member?.memberNumber ?? null, name: `${n.member?.lastName ?? ''}, ${n.member?.firstName ?? ''}`,
        })),
      };
    },
  });

  const rows = query.data?.rows ?? [];
  return (
    <Tabs value={tab} onChange={(value) => { setParams(value === 'exceptions' ? { tab: 'exceptions' } : {}); setPage(1); }}>
      <Tabs.List>
        <Tabs.Tab value="all">All members</Tabs.Tab>
        <Tabs.Tab value="exceptions">Exceptions</Tabs.Tab>
      </Tabs.List>
      <Stack gap="sm" pt="md">
        <Group justify="space-between" align="flex-end">
          <SegmentedControl aria-label="Filter by status" data={statuses.map((s) => ({ value: s, label: s === 'ALL' ? 'All' : s }))} value={effectiveStatus} onChange={(value) => { setStatus(value); setPage(1); }} size="xs" />
          <TextInput label="Search" placeholder={tab === 'exceptions' ? 'Member number, name or reason' : 'Member number or name'} value={search} onChange={(e) => { setSearch(e.currentTarget.value); setPage(1); }} w={300} size="xs" />
        </Group>
        {query.isPending ? <Loading /> : query.error ? <ErrorAlert error={query.error} /> : (
          <>
            <Table withTableBorder striped verticalSpacing={6} aria-label={tab === 'exceptions' ? 'Exceptions' : 'All members'} layout="fixed">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={130}>Member</Table.Th>
                  <Table.Th w="16%">Name</Table.Th>
                  <Table.Th w={120}>Service date</Table.Th>
                  <Table.Th w={135}>Status</Table.Th>
                  <Table.Th>Failure reason</Table.Th>
                  <Table.Th w={80}>Attempts</Table.Th>
                  <Table.Th w={175}>Completed</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.length === 0 ? (
                  <Table.Tr><Table.Td colSpan={7}><Text c="dimmed" ta="center">{tab === 'exceptions' ? 'No FAILED or SKIPPED members.' : 'No members match.'}</Text></Table.Td></Table.Tr>
                ) : rows.map((row) => (
                  <Table.Tr key={row.rowId} data-testid="member-row">
                    <Table.Td className="mono">{row.memberNumber}</Table.Td>
                    <Table.Td><Text size="sm" truncate>{row.name}</Text></Table.Td>
                    <Table.Td>{formatDate(row.serviceDate)}</Table.Td>
                    <Table.Td>{row.status ? <StatusBadge status={row.status} /> : null}</Table.Td>
                    <Table.Td><Text size="sm" c={row.status === 'FAILED' ? 'red.8' : undefined} style={{ overflowWrap: 'anywhere' }}>{row.failureReason ?? ''}</Text></Table.Td>
                    <Table.Td className="tabular">{row.attempts ?? 0}</Table.Td>
                    <Table.Td><Text size="sm" className="nowrap">{row.completedAt ? formatDateTime(row.completedAt) : '—'}</Text></Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            <Pager label={tab === 'exceptions' ? 'exceptions' : 'members'} total={query.data?.total ?? 0} page={page} pageSize={pageSize} onPage={setPage} onPageSize={(size) => { setPageSize(size); setPage(1); }} />
          </>
        )}
      </Stack>
    </Tabs>
  );
}
