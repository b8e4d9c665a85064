// What the console's work queues share (intake queue, rejection queue, denial queue): a group of
// items under a heading with its counts, and the Assign and Resolve dialogs. Each queue keeps its
// own query, columns and mutations; the way a person assigns or closes an item is the same.
import { useState, type ReactNode } from 'react';
import { Button, Group, Modal, Paper, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { ErrorAlert } from './States.tsx';
import { errorMessage } from '../lib/errors.ts';

/** One group of a grouped queue: a heading, a summary line and the group's table. */
export function WorkQueueGroup({ title, subtitle, summary, label, testId, children }: { title: string; subtitle?: ReactNode | null; summary: ReactNode; label: string; testId: string; children: ReactNode }) {
  return (
    <Paper withBorder p="sm" data-testid={testId} aria-label={label}>
      <Group justify="space-between" mb="xs" align="flex-start">
        <div>
          <Title order={3} size="h5" className="mono">{title}</Title>
          {subtitle ? <Text size="sm">{subtitle}</Text> : null}
        </div>
        <Text size="sm" c="dimmed" className="tabular">{summary}</Text>
      </Group>
      {children}
    </Paper>
  );
}

interface DialogProps {
  opened: boolean;
  title: string;
  onClose: () => void;
  pending: boolean;
  error: unknown;
}

/** Assign an item: the assignee is prefilled (the current one, else the signed-in user). */
export function AssignDialog({ opened, title, onClose, pending, error, initialAssignee, onAssign }: DialogProps & { initialAssignee: string; onAssign: (assignee: string | null) => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title={title}>
      {opened ? <AssignForm initialAssignee={initialAssignee} onClose={onClose} pending={pending} error={error} onAssign={onAssign} /> : null}
    </Modal>
  );
}

function AssignForm({ initialAssignee, onClose, pending, error, onAssign }: Pick<DialogProps, 'onClose' | 'pending' | 'error'> & { initialAssignee: string; onAssign: (assignee: string | null) => void }) {
  const [assignee, setAssignee] = useState(initialAssignee);
  return (
    <form onSubmit={(e) => { e.preventDefault(); onAssign(assignee.trim() || null); }}>
      <Stack>
        <TextInput label="Assignee" description="Leave empty to assign to yourself" value={assignee} onChange={(e) => setAssignee(e.currentTarget.value)} data-autofocus />
        {error ? <ErrorAlert error={error} title="Not assigned" /> : null}
        <Group justify="flex-end"><Button variant="default" onClick={onClose}>Cancel</Button><Button type="submit" loading={pending}>Assign</Button></Group>
      </Stack>
    </form>
  );
}

/** Resolve an item with a note (required: it is what the next person reads). */
export function ResolveDialog({ opened, title, onClose, pending, error, context, onResolve }: DialogProps & { context?: ReactNode | null; onResolve: (note: string) => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title={title}>
      {opened ? <ResolveForm context={context} onClose={onClose} pending={pending} error={error} onResolve={onResolve} /> : null}
    </Modal>
  );
}

function ResolveForm({ context, onClose, pending, error, onResolve }: Pick<DialogProps, 'onClose' | 'pending' | 'error'> & { context?: ReactNode | null; onResolve: (note: string) => void }) {
  const [note, setNote] = useState('');
  return (
    <form onSubmit={(e) => { e.preventDefault(); if (note.trim()) onResolve(note.trim()); }}>
      <Stack>
        {context ? <Text size="sm">{context}</Text> : null}
        <Textarea label="Resolution note" description="What was done, for the next person who looks" required value={note} onChange={(e) => setNote(e.currentTarget.value)} error={error ? errorMessage(error) : undefined} minRows={3} data-autofocus />
        <Group justify="flex-end"><Button variant="default" onClick={onClose}>Cancel</Button><Button type="submit" loading={pending} disabled={!note.trim()}>Resolve</Button></Group>
      </Stack>
    </form>
  );
}
