// Sweep schedules: next fire counting down, pause/resume, edit, delete, run now, New schedule.
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Group, Modal, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { graphql, type ResultOf } from '../../graphql.ts';
import { gqlRequest } from '../../api/client.ts';
import { ErrorAlert, Loading } from '../../components/States.tsx';
import { PermissionButton } from '../../components/PermissionButton.tsx';
import { Countdown } from '../../components/Countdown.tsx';
import { errorMessage } from '../../lib/errors.ts';
import { formatDateTime } from '../../lib/format.ts';
import { describeWindow } from '../../lib/sweep.ts';
import { ScheduleDialog } from './ScheduleDialog.tsx';
import { PauseIcon, PlayIcon } from '../../components/Icons.tsx';

export const SweepSchedulesQuery = graphql(`
  query SweepSchedules {
    sweepSchedules(orderBy: NAME_ASC) {
      nodes {
        rowId name cronExpression timeZone paused nextFireAt lastFiredAt
        windowFromDays windowToDays payerIds facilityId
        facility { code name }
      }
    }
  }
`);

export type ScheduleRow = NonNullable<ResultOf<typeof SweepSchedulesQuery>['sweepSchedules']>['nodes'][number];

const PauseSchedule = graphql(`mutation PauseSchedule($id: UUID!) { pauseSweepSchedule(input: { scheduleId: $id }) { result { rowId paused } } }`);
const ResumeSchedule = graphql(`mutation ResumeSchedule($id: UUID!) { resumeSweepSchedule(input: { scheduleId: $id }) { result { rowId paused } } }`);
const DeleteSchedule = graphql(`mutation DeleteSchedule($id: UUID!) { deleteSweepSchedule(input: { scheduleId: $id }) { result } }`);
const RunScheduleNow = graphql(`mutation RunScheduleNow($id: UUID!) { startSweep(input: { scheduleId: $id }) { result } }`);

export function SchedulesTab() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [editing, setEditing] = useState<ScheduleRow | 'new' | null>(null);
  const [deleting, setDeleting] = useState<ScheduleRow | null>(null);
  const query = useQuery({ queryKey: ['sweepSchedules'], queryFn: () => gqlRequest(SweepSchedulesQuery), refetchInterval: 10_000 });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['sweepSchedules'] });

  const toggle = useMutation({
    mutationFn: async (schedule: ScheduleRow): Promise<unknown> => (schedule.paused ? gqlRequest(ResumeSchedule, { id: schedule.rowId }) : gqlRequest(PauseSchedule, { id: schedule.rowId })),
    onSuccess: refresh,
    onError: (error) => notifications.show({ color: 'red', title: 'Could not change the schedule', message: errorMessage(error) }),
  });
  const runNow = useMutation({
    mutationFn: (schedule: ScheduleRow) => gqlRequest(RunScheduleNow, { id: schedule.rowId }),
    onSuccess: async (data, schedule) => {
      await queryClient.invalidateQueries({ queryKey: ['sweepRuns'] });
      notifications.show({ color: 'teal', message: `Sweep started for ${schedule.name}.` });
      if (data.startSweep?.result) navigate(`/eligibility/runs/${data.startSweep.result}`);
    },
    onError: (error) => notifications.show({ color: 'red', title: 'Could not start the sweep', message: errorMessage(error) }),
  });
  const remove = useMutation({
    mutationFn: (schedule: ScheduleRow) => gqlRequest(DeleteSchedule, { id: schedule.rowId }),
    onSuccess: async () => {
      setDeleting(null);
      await refresh();
    },
  });

  const schedules = query.data?.sweepSchedules?.nodes ?? [];
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">Times are shown in UTC. A paused schedule keeps its configuration and stops creating runs.</Text>
        <PermissionButton permission="eligibility.update" action="Creating a schedule" onClick={() => setEditing('new')}>New schedule</PermissionButton>
      </Group>
      {query.isPending ? <Loading /> : query.error ? <ErrorAlert error={query.error} /> : (
        <Table withTableBorder highlightOnHover verticalSpacing="xs" aria-label="Sweep schedules" layout="fixed">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Schedule</Table.Th>
              <Table.Th w={120}>Cron</Table.Th>
              <Table.Th w={180}>Scope</Table.Th>
              <Table.Th w={190}>Next fire</Table.Th>
              <Table.Th w={330} aria-label="Actions" />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {schedules.length === 0 ? (
              <Table.Tr><Table.Td colSpan={5}><Text c="dimmed" ta="center">No schedules yet.</Text></Table.Td></Table.Tr>
            ) : schedules.map((schedule) => (
              <Table.Tr key={schedule.rowId} data-testid={`schedule-${schedule.name}`}>
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    <Text fw={600} size="sm">{schedule.name}</Text>
                    {schedule.paused ? <Badge color="yellow" variant="light">paused</Badge> : null}
                  </Group>
                  <Text size="xs" c="dimmed">last fired {formatDateTime(schedule.lastFiredAt)}</Text>
                </Table.Td>
                <Table.Td><Text className="mono" size="sm">{schedule.cronExpression}</Text><Text size="xs" c="dimmed">{schedule.timeZone}</Text></Table.Td>
                <Table.Td>
                  <Text size="sm">{schedule.facility?.code ?? 'All facilities'} · {describeWindow(schedule.windowFromDays, schedule.windowToDays)}</Text>
                  <Text size="xs" c="dimmed">{schedule.payerIds.length ? `${schedule.payerIds.length} payer(s)` : 'every payer'}</Text>
                </Table.Td>
                <Table.Td>
                  {schedule.paused ? <Text size="sm" c="dimmed">paused</Text> : (
                    <>
                      <Countdown to={schedule.nextFireAt} label={`Next fire of ${schedule.name}`} />
                      <Text size="xs" c="dimmed" className="nowrap" data-testid="next-fire-at">{formatDateTime(schedule.nextFireAt)}</Text>
                    </>
                  )}
                </Table.Td>
                <Table.Td>
                  <Group gap={6} justify="flex-end" wrap="nowrap">
                    <PermissionButton
                      permission="eligibility.update"
                      action={schedule.paused ? 'Resuming a schedule' : 'Pausing a schedule'}
                      size="xs"
                      variant="subtle"
                      aria-label={`${schedule.paused ? 'Resume' : 'Pause'} ${schedule.name}`}
                      onClick={() => toggle.mutate(schedule)}
                    >
                      {schedule.paused ? <PlayIcon /> : <PauseIcon />}
                    </PermissionButton>
                    <PermissionButton permission="eligibility.update" action="Running a sweep" size="xs" variant="light" aria-label={`Run ${schedule.name} now`} loading={runNow.isPending && runNow.variables?.rowId === schedule.rowId} onClick={() => runNow.mutate(schedule)}>Run now</PermissionButton>
                    <PermissionButton permission="eligibility.update" action="Editing a schedule" size="xs" variant="default" aria-label={`Edit ${schedule.name}`} onClick={() => setEditing(schedule)}>Edit</PermissionButton>
                    <PermissionButton permission="eligibility.update" action="Deleting a schedule" size="xs" variant="subtle" color="red" aria-label={`Delete ${schedule.name}`} onClick={() => setDeleting(schedule)}>Delete</PermissionButton>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {editing ? <ScheduleDialog schedule={editing === 'new' ? null : editing} onClose={() => setEditing(null)} /> : null}
      <Modal opened={deleting !== null} onClose={() => setDeleting(null)} title="Delete schedule?">
        <Stack>
          <Text size="sm">Delete <strong>{deleting?.name}</strong>? Its past runs stay. To stop it for a while, pause it instead.</Text>
          {remove.error ? <ErrorAlert error={remove.error} title="Not deleted" /> : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setDeleting(null)}>Keep it</Button>
            <Button color="red" loading={remove.isPending} onClick={() => deleting && remove.mutate(deleting)}>Delete schedule</Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
