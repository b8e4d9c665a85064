// The denial queue: claims an 835 denied, grouped by category, payer and CARC (billing.denial_queue)
// so one fix clears a group; assign an item, record what was done (appeal, corrected claim, void,
// write-off, bill secondary) or resolve it with a note.
import { useState } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Anchor, Group, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { graphql, type ResultOf } from '../../graphql.ts';
import { gqlRequest } from '../../api/client.ts';
import { useSession } from '../../auth/session.tsx';
import { ErrorAlert, Loading } from '../../components/States.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { PermissionButton, PermissionMenu } from '../../components/PermissionButton.tsx';
import { AssignDialog, ResolveDialog, WorkQueueGroup } from '../../components/WorkQueue.tsx';
import { RequirePermission } from '../../components/RequirePermission.tsx';
import { formatAgo, formatDate, formatMoney } from '../../lib/format.ts';
import { DENIAL_ACTIONS, DenialActionDialog, type DenialActionInput, type DenialActionKind } from './DenialActionDialog.tsx';

const DenialQueueQuery = graphql(`
  query DenialQueue {
    denialQueues { nodes { denialCategory payerId payerCode reasonCode reasonDescription openCount unassignedCount deniedAmount oldestAt } }
    denialWorkItems(filter: { status: { equalTo: "OPEN" } }, orderBy: [CREATED_AT_ASC]) {
      nodes {
        rowId denialCategory payerId reasonCode groupCode remarkCodes deniedAmount assignedTo createdAt
        claim { rowId patientControlNumber status balance frequencyCode member { memberNumber lastName firstName } payer { code } }
        denialActions(orderBy: [PRIMARY_KEY_ASC]) { nodes { rowId action followUpBy recordedAt recordedBy amount reason note } }
      }
    }
  }
`);
type DenialItem = NonNullable<ResultOf<typeof DenialQueueQuery>['denialWorkItems']>['nodes'][number];

const AssignDenial = graphql(`mutation AssignDenial($id: UUID!, $assignee: String) { assignDenial(input: { denialWorkItemId: $id, assignedTo: $assignee }) { result { rowId assignedTo } } }`);
const ResolveDenial = graphql(`mutation ResolveDenial($id: UUID!, $note: String!) { resolveDenial(input: { denialWorkItemId: $id, note: $note }) { result { rowId status } } }`);
const RecordDenialAction = graphql(`
  mutation RecordDenialAction($id: UUID!, $action: String!, $followUpBy: Date, $amount: BigFloat, $reason: String, $note: String) {
    recordDenialAction(input: { denialWorkItemId: $id, action: $action, followUpBy: $followUpBy, amount: $amount, reason: $reason, note: $note }) { result { rowId action } }
  }
`);

function lastAction(item: DenialItem): string | null {
  const last = item.denialActions.nodes.at(-1);
  if (!last) return null;
  const label = DENIAL_ACTIONS.find((a) => a.kind === last.action)?.label ?? last.action;
  return `${label}${last.followUpBy ? `, follow up by ${formatDate(last.followUpBy)}` : ''}${last.amount ? ` ${formatMoney(last.amount)}` : ''} · ${formatAgo(last.recordedAt)}`;
}

export function DenialQueueTab() {
  return <RequirePermission permission="claims.read" what="Reading the denial queue"><DenialQueue /></RequirePermission>;
}

function DenialQueue() {
  const session = useSession();
  const queryClient = useQueryClient();
  const [assigning, setAssigning] = useState<DenialItem | null>(null);
  const [resolving, setResolving] = useState<DenialItem | null>(null);
  const [acting, setActing] = useState<{ item: DenialItem; action: DenialActionKind } | null>(null);
  const query = useQuery({ queryKey: ['denialQueue'], queryFn: () => gqlRequest(DenialQueueQuery), refetchInterval: 15_000 });
  const done = async (message: string) => {
    notifications.show({ color: 'teal', message });
    setAssigning(null);
    setResolving(null);
    setActing(null);
    await queryClient.invalidateQueries({ queryKey: ['denialQueue'] });
  };
  const assign = useMutation({
    mutationFn: ({ item, assignee }: { item: DenialItem; assignee: string | null }) => gqlRequest(AssignDenial, { id: item.rowId, assignee: assignee ?? session.userId }),
    onSuccess: () => done('Denial assigned.'),
  });
  const resolve = useMutation({
    mutationFn: ({ item, note }: { item: DenialItem; note: string }) => gqlRequest(ResolveDenial, { id: item.rowId, note }),
    onSuccess: () => done('Denial resolved.'),
  });
  const act = useMutation({
    mutationFn: ({ item, input }: { item: DenialItem; input: DenialActionInput }) => gqlRequest(RecordDenialAction, { id: item.rowId, ...input }),
    onSuccess: (_data, { input }) => done(`${DENIAL_ACTIONS.find((a) => a.kind === input.action)?.label ?? input.action} recorded.`),
  });

  if (query.isPending) return <Loading />;
  if (query.error) return <ErrorAlert error={query.error} />;
  const groups = [...(query.data.denialQueues?.nodes ?? [])].sort((a, b) => (a.denialCategory ?? '').localeCompare(b.denialCategory ?? '') || (b.openCount ?? 0) - (a.openCount ?? 0));
  const items = query.data.denialWorkItems?.nodes ?? [];
  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">Claims a payer denied on an 835, grouped by denial category, payer and reason code (CARC). Appeal, send a corrected claim, void, write off or bill the secondary coverage; resolve with a note when done.</Text>
      {groups.length === 0 ? <Text c="dimmed" ta="center">No open denials.</Text> : groups.map((group) => {
        const key = `${group.denialCategory}-${group.payerCode}-${group.reasonCode}`;
        const inGroup = items.filter((i) => i.denialCategory === group.denialCategory && i.payerId === group.payerId && i.reasonCode === group.reasonCode);
        return (
          <WorkQueueGroup key={key} testId="denial-group" label={`Denials ${group.denialCategory} ${group.payerCode} CARC ${group.reasonCode}`}
            title={`${group.denialCategory} · ${group.payerCode} · CARC ${group.reasonCode}`} subtitle={group.reasonDescription}
            summary={`${group.openCount} open · ${group.unassignedCount} unassigned · ${formatMoney(group.deniedAmount)} · oldest ${formatAgo(group.oldestAt)}`}>
            <Table striped layout="fixed" aria-label={`Denied claims ${group.denialCategory} ${group.payerCode} ${group.reasonCode}`}>
              <Table.Thead><Table.Tr><Table.Th w={140}>Claim</Table.Th><Table.Th>Member</Table.Th><Table.Th w={115} ta="right">Denied / balance</Table.Th><Table.Th w={85}>Codes</Table.Th><Table.Th w={190}>Assigned · last action</Table.Th><Table.Th w={250} aria-label="Actions" /></Table.Tr></Table.Thead>
              <Table.Tbody>
                {inGroup.map((item) => {
                  const pcn = item.claim?.patientControlNumber ?? '';
                  return (
                    <Table.Tr key={item.rowId} data-testid={`denial-${pcn}`}>
                      <Table.Td><Anchor component={Link} to={`/claims/${item.claim?.rowId}`} className="mono" size="sm">{pcn}</Anchor><Text size="xs" c="dimmed">{item.claim?.payer?.code} · <StatusBadge status={item.claim?.status ?? ''} /></Text></Table.Td>
                      <Table.Td><Text size="sm" className="mono">{item.claim?.member?.memberNumber}</Text><Text size="xs" c="dimmed" truncate>{item.claim?.member?.lastName}, {item.claim?.member?.firstName}</Text></Table.Td>
                      <Table.Td ta="right" className="tabular"><Text size="sm">{formatMoney(item.deniedAmount)}</Text><Text size="xs" c="dimmed">balance {formatMoney(item.claim?.balance)}</Text></Table.Td>
                      <Table.Td className="mono"><Text size="xs">{item.groupCode}-{item.reasonCode}</Text><Text size="xs">{item.remarkCodes.filter(Boolean).join(' ')}</Text></Table.Td>
                      <Table.Td><Text size="sm" truncate>{item.assignedTo ?? 'unassigned'}</Text><Text size="xs" c="dimmed" data-testid="denial-last-action">{lastAction(item) ?? 'no action yet'}</Text></Table.Td>
                      <Table.Td>
                        <Group gap={6} justify="flex-end" wrap="nowrap">
                          <PermissionButton permission="claims.write" action="Assigning a denial" size="xs" variant="default" aria-label={`Assign ${pcn}`} onClick={() => { assign.reset(); setAssigning(item); }}>Assign</PermissionButton>
                          <PermissionMenu permission="claims.write" action="Working a denial" label="Act" ariaLabel={`Act on ${item.claim?.patientControlNumber}`}
                            items={DENIAL_ACTIONS.map((a) => ({ key: a.kind, label: a.label }))} onPick={(action) => { act.reset(); setActing({ item, action }); }} />
                          <PermissionButton permission="claims.write" action="Resolving a denial" size="xs" variant="default" aria-label={`Resolve ${pcn}`} onClick={() => { resolve.reset(); setResolving(item); }}>Resolve</PermissionButton>
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </WorkQueueGroup>
        );
      })}
      <AssignDialog opened={assigning !== null} title="Assign denial" onClose={() => setAssigning(null)} pending={assign.isPending} error={assign.error}
        initialAssignee={assigning?.assignedTo ?? session.userId} onAssign={(assignee) => assigning && assign.mutate({ item: assigning, assignee })} />
      <ResolveDialog opened={resolving !== null} title="Resolve denial" onClose={() => setResolving(null)} pending={resolve.isPending} error={resolve.error}
        context={resolving ? `Claim ${resolving.claim?.patientControlNumber}: ${resolving.groupCode}-${resolving.reasonCode}` : null} onResolve={(note) => resolving && resolve.mutate({ item: resolving, note })} />
      <DenialActionDialog action={acting?.action ?? null} patientControlNumber={acting?.item.claim?.patientControlNumber ?? ''} balance={acting?.item.claim?.balance ?? null}
        deniedAmount={acting?.item.deniedAmount ?? null}
        onClose={() => setActing(null)} pending={act.isPending} error={act.error} onRecord={(input) => acting && act.mutate({ item: acting.item, input })} />
    </Stack>
  );
}
