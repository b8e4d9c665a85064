// /claims?tab=charges|claims|submissions|rejections|timely-filing|stale — billing: charges to claims,
// claims leaving (837P submissions, the rejection queue), and what is at risk.
import { useSearchParams } from 'react-router';
import { Stack, Tabs } from '@mantine/core';
import { PageTitle } from '../../components/States.tsx';
import { ChargesTab } from './ChargesTab.tsx';
import { ClaimsTab } from './ClaimsTab.tsx';
import { TimelyFilingTab } from './TimelyFilingTab.tsx';
import { StaleClaimsTab } from './StaleClaimsTab.tsx';
import { SubmissionsTab } from './SubmissionsTab.tsx';
import { RejectionQueueTab } from './RejectionQueueTab.tsx';

const TABS = ['charges', 'claims', 'submissions', 'rejections', 'timely-filing', 'stale'];

export function ClaimsPage() {
  const [params, setParams] = useSearchParams();
  const tab = TABS.includes(params.get('tab') ?? '') ? params.get('tab')! : 'charges';
  return (
    <Stack gap="md">
      <PageTitle title="Claims" description="Validated charges become claims (837P grouping) and leave as 837P submissions; rejections wait in the queue; timely-filing deadlines and stale claims are watched nightly." />
      <Tabs value={tab} onChange={(value) => value && setParams({ tab: value })} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="charges">Charges</Tabs.Tab>
          <Tabs.Tab value="claims">Claims</Tabs.Tab>
          <Tabs.Tab value="submissions">Submissions</Tabs.Tab>
          <Tabs.Tab value="rejections">Rejection queue</Tabs.Tab>
          <Tabs.Tab value="timely-filing">Timely filing</Tabs.Tab>
          <Tabs.Tab value="stale">Stale claims</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="charges" pt="md"><ChargesTab /></Tabs.Panel>
        <Tabs.Panel value="claims" pt="md"><ClaimsTab /></Tabs.Panel>
        <Tabs.Panel value="submissions" pt="md"><SubmissionsTab /></Tabs.Panel>
        <Tabs.Panel value="rejections" pt="md"><RejectionQueueTab /></Tabs.Panel>
        <Tabs.Panel value="timely-filing" pt="md"><TimelyFilingTab /></Tabs.Panel>
        <Tabs.Panel value="stale" pt="md"><StaleClaimsTab /></Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
