// New schedule / Edit schedule: name, cron preset or custom 5-field expression with the next fire
// times shown as you type (eligibility.fn_cron_preview through GraphQL), and the sweep scope.
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Badge, Button, Group, List, Modal, Paper, Select, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { graphql } from '../../graphql.ts';
import { gqlRequest } from '../../api/client.ts';
import { errorMessage } from '../../lib/errors.ts';
import { cronErrorField, cronParts, describeCronError, looksComplete } from '../../lib/cron.ts';
import { formatCountdown, formatDateTime } from '../../lib/format.ts';
import { useNow } from '../../components/Countdown.tsx';
import { ScopeFields, validateScope, type ScopeErrors, type ScopeValues } from './ScopeFields.tsx';
import type { ScheduleRow } from './SchedulesTab.tsx';

const CronPresetsQuery = graphql(`query CronPresets { cronPresets(orderBy: SORT_ORDER_ASC) { nodes { key label cronExpression timeZone } } }`);
const CronPreviewQuery = graphql(`query CronPreview($expr: String!, $tz: String!) { cronPreviewList(expr: $expr, tz: $tz, count: 5) }`);

const CreateSchedule = graphql(`
  mutation CreateSchedule($name: String!, $cron: String!, $tz: String!, $facilityId: UUID, $from: Int!, $to: Int!, $payerIds: [UUID]) {
    createSweepSchedule(input: { name: $name, cronExpression: $cron, timeZone: $tz, facilityId: $facilityId, windowFromDays: $from, windowToDays: $to, payerIds: $payerIds }) {
      result { rowId name }
    }
  }
`);
const UpdateSchedule = graphql(`
  mutation UpdateSchedule($id: UUID!, $name: String!, $cron: String!, $tz: String!, $facilityId: UUID, $clearFacility: Boolean, $from: Int!, $to: Int!, $payerIds: [UUID]) {
    updateSweepSchedule(input: { scheduleId: $id, name: $name, cronExpression: $cron, timeZone: $tz, facilityId: $facilityId, clearFacility: $clearFacility, windowFromDays: $from, windowToDays: $to, payerIds: $payerIds }) {
      result { rowId name }
    }
  }
`);

const CUSTOM = 'custom';
const TIME_ZONES = ['UTC', 'America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles', 'America/Phoenix', 'Pacific/Honolulu'];

interface Errors extends ScopeErrors {
  name?: string;
  cron?: string;
  timeZone?: string;
}

export function ScheduleDialog({ schedule, onClose }: { schedule: ScheduleRow | null; onClose: () => void }) {
  const queryClient = useQueryClient();
  const presets = useQuery({ queryKey: ['cronPresets'], queryFn: () => gqlRequest(CronPresetsQuery), staleTime: Infinity });
  const presetList = presets.data?.cronPresets?.nodes ?? [];
  const [name, setName] = useState(schedule?.name ?? '');
  const [expression, setExpression] = useState(schedule?.cronExpression ?? '0 2 * * *');
  const [timeZone, setTimeZone] = useState(schedule?.timeZone ?? 'UTC');
  const [scope, setScope] = useState<ScopeValues>({
    facilityId: schedule?.facilityId ?? null,
    windowFromDays: schedule?.windowFromDays ?? 0,
    windowToDays: schedule?.windowToDays ?? 3,
    payerIds: (schedule?.payerIds ?? []).filter((id): id is string => typeof id === 'string'),
  });
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const matchingPreset = presetList.find((p) => p.cronExpression === expression.trim() && (p.timeZone ?? 'UTC') === timeZone);
  const presetValue = matchingPreset?.key ?? CUSTOM;

  const [debouncedExpression] = useDebouncedValue(expression.trim(), 200);
  const preview = useQuery({
    queryKey: ['cronPreview', debouncedExpression, timeZone],
    queryFn: () => gqlRequest(CronPreviewQuery, { expr: debouncedExpression, tz: timeZone }),
    enabled: looksComplete(debouncedExpression),
    retry: false,
    staleTime: 30_000,
  });
  const previewError = preview.error ? describeCronError(errorMessage(preview.error)) : !looksComplete(expression) ? 'A cron expression has 5 fields: minute hour day-of-month month day-of-week.' : null;
  const wrongField = preview.error ? cronErrorField(errorMessage(preview.error)) : null;
  const fireTimes = preview.error ? [] : (preview.data?.cronPreviewList ?? []);

  const save = useMutation({
    mutationFn: async (): Promise<unknown> => {
      const common = { name: name.trim(), cron: expression.trim(), tz: timeZone, facilityId: scope.facilityId, from: Number(scope.windowFromDays), to: Number(scope.windowToDays), payerIds: scope.payerIds };
      return schedule ? gqlRequest(UpdateSchedule, { ...common, id: schedule.rowId, clearFacility: scope.facilityId === null }) : gqlRequest(CreateSchedule, common);
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['sweepSchedules'] });
      notifications.show({ color: 'teal', message: `Schedule ${name.trim()} saved; the supervisor picks it up at once.` });
      onClose();
    },
    onError: (error) => {
      const message = errorMessage(error);
      if (/cron/i.test(message)) setErrors({ cron: describeCronError(message) });
      else if (/window/i.test(message)) setErrors({ windowToDays: message });
      else if (/named|name/i.test(message) && /exists|name/.test(message)) setErrors({ name: message });
      else if (/time zone/i.test(message)) setErrors({ timeZone: message });
      else if (/facility/i.test(message)) setErrors({ facilityId: message });
      else if (/payer/i.test(message)) setErrors({ payerIds: message });
      else setFormError(message);
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    setFormError(null);
    const found: Errors = validateScope(scope);
    if (!name.trim()) found.name = 'Name the schedule (e.g. Nightly outpatient pre-check).';
    if (previewError) found.cron = previewError;
    setErrors(found);
    if (Object.keys(found).length === 0) save.mutate();
  }

  return (
    <Modal opened onClose={onClose} title={schedule ? `Edit ${schedule.name}` : 'New schedule'} size="xl">
      <form onSubmit={submit} noValidate>
        <Stack>
          {formError ? <Alert color="red" role="alert">{formError}</Alert> : null}
          <TextInput label="Name" placeholder="Nightly outpatient pre-check" required value={name} onChange={(e) => { setName(e.currentTarget.value); setErrors((x) => ({ ...x, name: undefined })); }} error={errors.name} data-autofocus />
          <Group grow align="flex-start">
            <Select
              label="Cron preset"
              data={[...presetList.map((p) => ({ value: p.key, label: p.label ?? p.key })), { value: CUSTOM, label: 'Custom expression' }]}
              value={presetValue}
              onChange={(key) => {
                const preset = presetList.find((p) => p.key === key);
                if (preset?.cronExpression) {
                  setExpression(preset.cronExpression);
                  setTimeZone(preset.timeZone ?? 'UTC');
                  setErrors((x) => ({ ...x, cron: undefined }));
                }
              }}
              allowDeselect={false}
            />
            <Select label="Time zone" data={TIME_ZONES.includes(timeZone) ? TIME_ZONES : [timeZone, ...TIME_ZONES]} value={timeZone} onChange={(v) => v && setTimeZone(v)} allowDeselect={false} searchable error={errors.timeZone} />
          </Group>
          <TextInput
            label="Cron expression"
            description="5 fields: minute hour day-of-month month day-of-week"
            value={expression}
            onChange={(e) => { setExpression(e.currentTarget.value); setErrors((x) => ({ ...x, cron: undefined })); }}
            error={errors.cron ?? (previewError && debouncedExpression === expression.trim() ? previewError : undefined)}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
            spellCheck={false}
            autoComplete="off"
          />
          <Group gap={6} aria-label="Cron fields">
            {cronParts(expression).map((part) => (
              <Badge key={part.name} variant={wrongField === part.name ? 'filled' : 'light'} color={wrongField === part.name ? 'red' : 'gray'} tt="none" data-testid={`cron-field-${part.name}`}>
                {part.name}: {part.value || '—'}
              </Badge>
            ))}
          </Group>
          <FireTimes times={fireTimes} loading={preview.isFetching} />
          <ScopeFields values={scope} errors={errors} onChange={(patch) => { setScope((s) => ({ ...s, ...patch })); setErrors((x) => ({ ...x, windowFromDays: undefined, windowToDays: undefined, facilityId: undefined, payerIds: undefined })); }} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button type="submit" loading={save.isPending}>{schedule ? 'Save schedule' : 'Create schedule'}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function FireTimes({ times, loading }: { times: string[]; loading: boolean }) {
  const now = useNow();
  return (
    <Paper withBorder p="sm" bg="gray.0" mih={150} aria-live="polite" aria-busy={loading}>
      <Text size="sm" fw={600} mb={4}>Next fire times</Text>
      {times.length === 0 ? <Text size="sm" c="dimmed">{loading ? 'Computing…' : 'Type a valid expression to see when it fires.'}</Text> : (
        <List size="sm" spacing={2} data-testid="next-fire-times">
          {times.map((time, index) => (
            <List.Item key={time}>
              <Text span className="tabular" size="sm">{formatDateTime(time)}</Text>
              {index === 0 ? <Text span c="dimmed" size="sm" className="tabular"> ({formatCountdown(new Date(time).getTime() - now)})</Text> : null}
            </List.Item>
          ))}
        </List>
      )}
    </Paper>
  );
}
