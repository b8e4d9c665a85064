// Dashboards: waits for its GraphQL API (not merged into this build yet).
import { Stack } from '@mantine/core';
import { NotAvailable, PageTitle } from '../../components/States.tsx';

export function DashboardsPage() {
  return (
    <Stack gap="md">
      <PageTitle title="Dashboards" />
      <NotAvailable feature="Dashboards" />
    </Stack>
  );
}
