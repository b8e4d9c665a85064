// Sweep run: waits for its GraphQL API (not merged into this build yet).
import { Stack } from '@mantine/core';
import { NotAvailable, PageTitle } from '../../components/States.tsx';

export function SweepRunPage() {
  return (
    <Stack gap="md">
      <PageTitle title="Sweep run" />
      <NotAvailable feature="Sweep run" />
    </Stack>
  );
}
