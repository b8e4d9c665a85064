// The intake queue: work items from sweep exceptions; assign one, resolve it with a note.
import { useState } from 'react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Group, SegmentedControl, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { graphql, type ResultOf } from '../../graphql.ts';
import { gqlRequest } from '../../api/client.ts';
import { useSession } from '../../auth/session.tsx';
import { ErrorAlert, Loading } from '../../components/States.tsx';
import { Pager } from '../../components/Pager.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { PermissionButton } from '../../components/PermissionButton.tsx';
import { AssignDialog, ResolveDialog } from '../../components/WorkQueue.tsx';
import { formatDate, formatAgo } from '../../lib/format.ts';
import { offsetOf } from '../../lib/paging.ts';

const IntakeQuery = graphql(`
  query IntakeQueue($first: Int!, $offset: Int!, $filter: IntakeWorkItemFilter) {
    intakeWorkItems(orderBy: [LAST_SEEN_AT_DESC], first: $first, offset: $offset, filter: $filter) {
      totalCount
      nodes {
        rowId kind reason status assignedTo serviceDate seenCount lastSeenAt resolvedAt resolvedBy resolutionNote
        member { memberNumber firstName lastName }
        payer { code }
      }
    }
  }
`);
type WorkItem = NonNullable<ResultOf<typeof IntakeQuery>['intakeWorkItems']>['nodes'][number];

const AssignWorkItem = graphql(`mutation AssignWorkItem($id: UUID!, $assignee: String) { assignIntakeWorkItem(input: { workItemId: $id, assignee: $assignee }) { result { rowId status assignedTo } } }`);
const ResolveWorkItem = graphql(`mutation ResolveWorkItem($id: UUID!, $note: String!) { resolveIntakeWorkItem(input: { workItemId: $id, note: $note }) { result { rowId status } } }`);

export function IntakeQueueTab() {
  const session = useSession();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState('open');
  const [page, setPage] = useState(1);
  const [assigning, setAssigning] = useState<WorkItem | null>(null);
  const [resolving, setResolving] = useState<WorkItem | null>(null);
  const pageSize = 50;
  const filter = status === 'open' ? { status: { in: ['OPEN', 'ASSIGNED'] } } : status === 'resolved' ? { status: { equalTo: 'RESOLVED' } } : undefined;
  const query = useQuery({
    queryKey: ['intakeQueue', status, page],
    queryFn: () => gqlRequest(IntakeQuery, { first: pageSize, offset: offsetOf(page, pageSize), filter }),
    placeholderData: keepPreviousData,
    refetchInterval: 15_000,
  });
  const done = async () => {
    setAssigning(null);
    setResolving(null);
    await queryClient.invalidateQueries({ queryKey: ['intakeQueue'] });
  };
  const assign = useMutation({
    mutationFn: ({ item, assignee }: { item: WorkItem; assignee: string | null }) => gqlRequest(AssignWorkItem, { id: item.rowId, assignee }),
    onSuccess: async () => { notifications.show({ color: 'teal', message: 'Work item assigned.' }); await done(); },
  });
  const resolve = useMutation({
    mutationFn: ({ item, note }: { item: WorkItem; note: string }) => gqlRequest(ResolveWorkItem, { id: item.rowId, note }),
    onSuccess: async () => { notifications.show({ color: 'teal', message: 'Work item resolved.' }); await done(); },
  });

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">Members the intake desk should contact before the visit: sweep exceptions and coverage anomalies, one item per problem.</Text>
        <SegmentedControl aria-label="Work item status" size="xs" value={status} onChange={(v) => { setStatus(v); setPage(1); }} data={[{ value: 'open', label: 'Open' }, { value: 'resolved', label: 'Resolved' }, { value: 'all', label: 'All' }]} />
      </Group>
      {query.isPending ? <Loading /> : query.error ? <ErrorAlert error={query.error} /> : (
        <>
          <Table withTableBorder striped aria-label="Intake queue" layout="fixed">
            <Table.Thead>
              <Table.Tr><Table.Th w={135}>Member</Table.Th><Table.Th>Reason</Table.Th><Table.Th w={105}>Visit</Table.Th><Table.Th w={105}>Status</Table.Th><Table.Th w={125}>Assigned</Table.Th><Table.Th w={100}>Last seen</Table.Th><Table.Th w={170} aria-label="Actions" /></Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(query.data.intakeWorkItems?.nodes ?? []).length === 0 ? <Table.Tr><Table.Td colSpan={7}><Text c="dimmed" ta="center">Nothing in the queue.</Text></Table.Td></Table.Tr> : query.data.intakeWorkItems?.nodes.map((item) => (
                <Table.Tr key={item.rowId} data-testid="work-item">
                  <Table.Td><Text size="sm" className="mono">{item.member?.memberNumber}</Text><Text size="xs" c="dimmed" truncate>{item.member?.lastName}, {item.member?.firstName}</Text></Table.Td>
                  <Table.Td><Text size="sm">{item.reason}</Text><Text size="xs" c="dimmed">{item.kind}{item.payer ? ` · ${item.payer.code}` : ''}{item.seenCount > 1 ? ` · seen ${item.seenCount} times` : ''}</Text>{item.resolutionNote ? <Text size="xs" c="teal.8">Note: {item.resolutionNote}</Text> : null}</Table.Td>
                  <Table.Td>{formatDate(item.serviceDate)}</Table.Td>
                  <Table.Td><StatusBadge status={item.status} /></Table.Td>
                  <Table.Td><Text size="sm" truncate>{item.status === 'RESOLVED' ? `by ${item.resolvedBy ?? '—'}` : item.assignedTo ?? 'unassigned'}</Text></Table.Td>
                  <Table.Td><Text size="sm">{formatAgo(item.lastSeenAt)}</Text></Table.Td>
                  <Table.Td>
                    {item.status === 'RESOLVED' ? null : (
                      <Group gap={6} justify="flex-end" wrap="nowrap">
                        <PermissionButton permission="eligibility.update" action="Assigning work" size="xs" variant="default" aria-label={`Assign ${item.member?.memberNumber}`} onClick={() => { assign.reset(); setAssigning(item); }}>Assign</PermissionButton>
                        <PermissionButton permission="eligibility.update" action="Resolving work" size="xs" aria-label={`Resolve ${item.member?.memberNumber}`} onClick={() => { resolve.reset(); setResolving(item); }}>Resolve</PermissionButton>
                      </Group>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Pager label="work items" total={query.data.intakeWorkItems?.totalCount ?? 0} page={page} pageSize={pageSize} onPage={setPage} />
        </>
      )}
      <AssignDialog opened={assigning !== null} title="Assign work item" onClose={() => setAssigning(null)} pending={assign.isPending} error={assign.error}
        initialAssignee={assigning?.assignedTo ?? session.userId} onAssign={(assignee) => assigning && assign.mutate({ item: assigning, assignee })} />
      <ResolveDialog opened={resolving !== null} title="Resolve work item" onClose={() => setResolving(null)} pending={resolve.isPending} error={resolve.error}
        context={resolving?.reason} onResolve={(note) => resolving && resolve.mutate({ item: resolving, note })} />
    </Stack>
  );
}
