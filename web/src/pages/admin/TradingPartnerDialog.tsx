// Create or edit a trading partner. Field rules mirror the table's CHECK constraints; a server
// error about a column is shown under that field.
import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Group, Modal, NumberInput, Select, SimpleGrid, Stack, Switch, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { graphql } from '../../graphql.ts';
import { gqlRequest } from '../../api/client.ts';
import { errorMessage } from '../../lib/errors.ts';
import {
  EMPTY_TRADING_PARTNER,
  fieldOfServerError,
  toTradingPartnerInput,
  validateTradingPartner,
  type FieldErrors,
  type TradingPartnerValues,
} from '../../lib/trading-partner-form.ts';
import type { TradingPartnerRow } from './TradingPartnersPage.tsx';

const CreateTradingPartner = graphql(`
  mutation CreateTradingPartner($input: TradingPartnerInput!) {
    createTradingPartner(input: { tradingPartner: $input }) { tradingPartner { rowId name } }
  }
`);

const UpdateTradingPartner = graphql(`
  mutation UpdateTradingPartner($rowId: UUID!, $patch: TradingPartnerPatch!) {
    updateTradingPartner(input: { rowId: $rowId, patch: $patch }) { tradingPartner { rowId name } }
  }
`);

export function TradingPartnerDialog({ partner, onClose }: { partner: TradingPartnerRow | null; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [values, setValues] = useState<TradingPartnerValues>(partner ? { ...EMPTY_TRADING_PARTNER, ...partner } : EMPTY_TRADING_PARTNER);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);

  const save = useMutation({
    mutationFn: async (): Promise<unknown> => {
      const input = toTradingPartnerInput(values);
      return partner
        ? gqlRequest(UpdateTradingPartner, { rowId: partner.rowId, patch: input })
        : gqlRequest(CreateTradingPartner, { input });
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['tradingPartners'] });
      notifications.show({ color: 'teal', message: `Trading partner ${values.name.trim()} saved.` });
      onClose();
    },
    onError: (error) => {
      const message = errorMessage(error);
      const field = fieldOfServerError(message);
      if (field) setErrors({ [field]: message });
      else setFormError(message);
    },
  });

  function set<K extends keyof TradingPartnerValues>(key: K, value: TradingPartnerValues[K]) {
    setValues((current) => ({ ...current, [key]: value }));
    setErrors((current) => ({ ...current, [key]: undefined }));
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    setFormError(null);
    const found = validateTradingPartner(values);
    setErrors(found);
    if (Object.keys(found).length === 0) save.mutate();
  }

  return (
    <Modal opened onClose={onClose} title={partner ? `Edit ${partner.name}` : 'New trading partner'} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          {formError ? <Alert color="red" role="alert">{formError}</Alert> : null}
          <TextInput label="Name" required value={values.name} onChange={(e) => set('name', e.currentTarget.value)} error={errors.name} data-autofocus />
          <TextInput label="Endpoint URL" description="CORE real-time endpoint (HTTP MIME multipart)" required value={values.endpointUrl} onChange={(e) => set('endpointUrl', e.currentTarget.value)} error={errors.endpointUrl} />
          <SimpleGrid cols={3}>
            <Select label="Mode" data={[{ value: 'realtime', label: 'Real-time' }, { value: 'batch', label: 'Batch' }]} value={values.mode} onChange={(v) => v && set('mode', v)} error={errors.mode} allowDeselect={false} />
            <Select label="Usage" data={[{ value: 'T', label: 'T — test' }, { value: 'P', label: 'P — production' }]} value={values.usageIndicator} onChange={(v) => v && set('usageIndicator', v)} error={errors.usageIndicator} allowDeselect={false} />
            <NumberInput label="Timeout (ms)" min={100} max={120000} step={1000} value={values.timeoutMs} onChange={(v) => set('timeoutMs', v)} error={errors.timeoutMs} />
          </SimpleGrid>
          <SimpleGrid cols={4}>
            <TextInput label="Sender qualifier" value={values.senderQualifier} onChange={(e) => set('senderQualifier', e.currentTarget.value)} error={errors.senderQualifier} />
            <TextInput label="Sender ID" required value={values.senderId} onChange={(e) => set('senderId', e.currentTarget.value)} error={errors.senderId} />
            <TextInput label="Receiver qualifier" value={values.receiverQualifier} onChange={(e) => set('receiverQualifier', e.currentTarget.value)} error={errors.receiverQualifier} />
            <TextInput label="Receiver ID" required value={values.receiverId} onChange={(e) => set('receiverId', e.currentTarget.value)} error={errors.receiverId} />
          </SimpleGrid>
          <SimpleGrid cols={2}>
            <Switch label="Answers 276 claim status requests" description="Stale claims of payers sent through this partner are asked about" checked={values.supports276} onChange={(e) => set('supports276', e.currentTarget.checked)} />
            <NumberInput label="Ask a claim again after (days)" min={1} max={180} value={values.claimStatusIntervalDays} onChange={(v) => set('claimStatusIntervalDays', v)} error={errors.claimStatusIntervalDays} disabled={!values.supports276} />
          </SimpleGrid>
          <Switch label="Active" checked={values.active} onChange={(e) => set('active', e.currentTarget.checked)} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button type="submit" loading={save.isPending}>{partner ? 'Save changes' : 'Create trading partner'}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
