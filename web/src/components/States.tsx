// Loading, error and "not in this build" states shared by every page.
import type { ReactNode } from 'react';
import { Alert, Center, Loader, Stack, Text, Title } from '@mantine/core';
import { errorMessage } from '../lib/errors.ts';

export function Loading({ label = 'Loading' }: { label?: string }) {
  return (
    <Center py="xl">
      <Loader size="sm" aria-label={label} />
    </Center>
  );
}

export function ErrorAlert({ error, title = 'Could not load' }: { error: unknown; title?: string }) {
  return (
    <Alert color="red" title={title} role="alert" style={{ whiteSpace: 'pre-wrap' }}>
      {errorMessage(error)}
    </Alert>
  );
}

export function NotAvailable({ feature, children }: { feature: string; children?: ReactNode }) {
  return (
    <Alert color="gray" title={`${feature}: not available in this build`} data-testid="not-available">
      <Stack gap={4}>
        <Text size="sm">This server's GraphQL API does not offer {feature.toLowerCase()} yet, so there is nothing to show here.</Text>
        {children}
      </Stack>
    </Alert>
  );
}

export function PageTitle({ title, description, actions }: { title: string; description?: ReactNode; actions?: ReactNode }) {
  return (
    <Stack gap={2} mb="md">
      <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: 16, minHeight: 36 }}>
        <Title order={2}>{title}</Title>
        {actions}
      </div>
      {description ? <Text c="dimmed" size="sm">{description}</Text> : null}
    </Stack>
  );
}
