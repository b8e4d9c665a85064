// Records what a biller did about a denial, one mutation per action (billing.fn_record_denial_action):
// appeal (with the date to chase the payer), corrected claim, void, write-off (amount and reason)
// or bill the secondary coverage. The SQL decides what each action does to the claim (corrected,
// void and secondary go through the claims-out submission path there).
import { useState } from 'react';
import { Button, Group, Modal, NumberInput, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { ErrorAlert } from '../../components/States.tsx';
import { formatMoney } from '../../lib/format.ts';

export type DenialActionKind = 'APPEAL' | 'CORRECTED_CLAIM' | 'VOID' | 'WRITE_OFF' | 'BILL_SECONDARY';

export const DENIAL_ACTIONS: { kind: DenialActionKind; label: string; explain: string }[] = [
  { kind: 'APPEAL', label: 'Appeal', explain: 'The appeal is recorded with the date to follow up with the payer; the denial stays open until resolved.' },
  { kind: 'CORRECTED_CLAIM', label: 'Corrected claim', explain: 'The claim goes out again as a replacement (frequency 7, the payer\'s claim number in REF*F8) in the next submission, its lines refreshed from the charges; the denial stays open until the payer answers.' },
  { kind: 'VOID', label: 'Void', explain: 'The claim goes out as a void (frequency 8) in the next submission; the denial is resolved.' },
  { kind: 'WRITE_OFF', label: 'Write off', explain: 'The denial is accepted as final: the amount is recorded as written off (what the payer\'s denial already took off the balance, then any balance still shown); the denial is resolved.' },
  { kind: 'BILL_SECONDARY', label: 'Bill secondary', explain: 'A claim to the member\'s next coverage goes out in the next submission; the denial is resolved.' },
];

export interface DenialActionInput { action: DenialActionKind; followUpBy: string | null; amount: string | null; reason: string | null; note: string | null }

interface Props {
  action: DenialActionKind | null;
  patientControlNumber: string;
  balance: string | null;
  deniedAmount: string | null;
  onClose: () => void;
  onRecord: (input: DenialActionInput) => void;
  pending: boolean;
  error: unknown;
}

export function DenialActionDialog({ action, patientControlNumber, balance, deniedAmount, onClose, onRecord, pending, error }: Props) {
  const meta = DENIAL_ACTIONS.find((a) => a.kind === action);
  return (
    <Modal opened={action !== null} onClose={onClose} title={meta ? `${meta.label}: claim ${patientControlNumber}` : ''}>
      {action && meta ? <DenialActionForm key={action} action={action} explain={meta.explain} label={meta.label} balance={balance} deniedAmount={deniedAmount} onClose={onClose} onRecord={onRecord} pending={pending} error={error} /> : null}
    </Modal>
  );
}

function inDays(days: number): string {
  const d = new Date(Date.now() + days * 86_400_000);
  return d.toISOString().slice(0, 10);
}

function DenialActionForm({ action, label, explain, balance, deniedAmount, onClose, onRecord, pending, error }: Omit<Props, 'action' | 'patientControlNumber'> & { action: DenialActionKind; label: string; explain: string }) {
  const [followUpBy, setFollowUpBy] = useState(action === 'APPEAL' ? inDays(30) : '');
  // Empty: the SQL writes off all it can (the denied amount adjusted off + any balance).
  const [amount, setAmount] = useState<string | number>('');
  const writable = Number(balance ?? 0) + Number(deniedAmount ?? 0);
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const ready = (action !== 'APPEAL' || followUpBy !== '') && (action !== 'WRITE_OFF' || ((amount === '' || Number(amount) > 0) && reason.trim() !== ''));
  return (
    <form onSubmit={(e) => {
      e.preventDefault();
      if (!ready) return;
      onRecord({ action, followUpBy: action === 'APPEAL' ? followUpBy : null, amount: action === 'WRITE_OFF' && amount !== '' ? String(amount) : null, reason: action === 'WRITE_OFF' ? reason.trim() : null, note: note.trim() || null });
    }}>
      <Stack>
        <Text size="sm" c="dimmed">{explain}</Text>
        {action === 'APPEAL' ? <TextInput type="date" label="Follow up by" description="When to chase the payer if no answer came" required value={followUpBy} onChange={(e) => setFollowUpBy(e.currentTarget.value)} /> : null}
        {action === 'WRITE_OFF' ? (
          <>
            <NumberInput label="Amount" description={`Empty: all of it, at most ${formatMoney(String(writable))} (denied ${formatMoney(deniedAmount)} + balance ${formatMoney(balance)})`} min={0.01} max={writable} decimalScale={2} fixedDecimalScale prefix="$" value={amount} onChange={setAmount} />
            <TextInput label="Write-off reason" required value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
          </>
        ) : null}
        <Textarea label="Note" description="What was done, for the next person who looks" value={note} onChange={(e) => setNote(e.currentTarget.value)} minRows={2} data-autofocus />
        {error ? <ErrorAlert error={error} title="Not recorded" /> : null}
        <Group justify="flex-end"><Button variant="default" onClick={onClose}>Cancel</Button><Button type="submit" loading={pending} disabled={!ready}>{`Record ${label.toLowerCase()}`}</Button></Group>
      </Stack>
    </form>
  );
}
