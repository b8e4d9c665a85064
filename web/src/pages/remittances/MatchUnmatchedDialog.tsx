// Matches an unmatched 835 claim (CLP) to one of our claims: by our patient control number, or by
// the payer's claim control number (a 277CA or an earlier 835 gave it). The SQL posts the CLP to that
// claim as the 835's posting would have, and refuses a claim of another payer or another charge.
import { useState } from 'react';
import { Button, Group, Modal, SegmentedControl, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { ErrorAlert } from '../../components/States.tsx';

export type MatchBy = 'PCN' | 'ICN';
export interface MatchInput { by: MatchBy; value: string; note: string | null }

interface Props {
  opened: boolean;
  context: string;
  onClose: () => void;
  onMatch: (input: MatchInput) => void;
  pending: boolean;
  error: unknown;
}

export function MatchUnmatchedDialog({ opened, context, onClose, onMatch, pending, error }: Props) {
  return (
    <Modal opened={opened} onClose={onClose} title="Match to one of our claims">
      {opened ? <MatchForm context={context} onClose={onClose} onMatch={onMatch} pending={pending} error={error} /> : null}
    </Modal>
  );
}

function MatchForm({ context, onClose, onMatch, pending, error }: Omit<Props, 'opened'>) {
  const [by, setBy] = useState<MatchBy>('PCN');
  const [value, setValue] = useState('');
  const [note, setNote] = useState('');
  return (
    <form onSubmit={(e) => { e.preventDefault(); if (value.trim()) onMatch({ by, value: value.trim(), note: note.trim() || null }); }}>
      <Stack>
        <Text size="sm">{context}</Text>
        <Text size="sm" c="dimmed">The payment and adjustments are posted to the claim you name, as if the 835 had named it: it must be billed to this payer, for the same charge.</Text>
        <SegmentedControl aria-label="Match by" value={by} onChange={(v) => setBy(v as MatchBy)}
          data={[{ value: 'PCN', label: 'Patient control number' }, { value: 'ICN', label: 'Payer claim number' }]} />
        <TextInput label={by === 'PCN' ? 'Patient control number' : 'Payer claim control number'} required value={value} onChange={(e) => setValue(e.currentTarget.value)} className="mono" data-autofocus />
        <Textarea label="Note" description="Why this claim (e.g. the payer keyed the number wrong)" value={note} onChange={(e) => setNote(e.currentTarget.value)} minRows={2} />
        {error ? <ErrorAlert error={error} title="Not matched" /> : null}
        <Group justify="flex-end"><Button variant="default" onClick={onClose}>Cancel</Button><Button type="submit" loading={pending} disabled={!value.trim()}>Match and post</Button></Group>
      </Stack>
    </form>
  );
}
