// Eligibility sweeps: waits for its GraphQL API (not merged into this build yet).
import { Stack } from '@mantine/core';
import { NotAvailable, PageTitle } from '../../components/States.tsx';

export function EligibilityPage() {
  return (
    <Stack gap="md">
      <PageTitle title="Eligibility sweeps" />
      <NotAvailable feature="Eligibility sweeps" />
    </Stack>
  );
}
