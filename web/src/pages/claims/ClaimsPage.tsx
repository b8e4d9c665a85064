// /claims?tab=charges|claims|submissions|rejections|denials|timely-filing|stale — billing: charges to claims,
// claims leaving (837P submissions, the rejection queue), denials worked, and what is at risk.
import { useSearchParams } from 'react-router';
import { Stack, Tabs } from '@mantine/core';
import { PageTitle } from '../../components/States.tsx';
import { ChargesTab } from './ChargesTab.tsx';
import { ClaimsTab } from './ClaimsTab.tsx';
import { TimelyFilingTab } from './TimelyFilingTab.tsx';
import { StaleClaimsTab } from './StaleClaimsTab.tsx';
import { SubmissionsTab } from './SubmissionsTab.tsx';
import { RejectionQueueTab } from './RejectionQueueTab.tsx';
import { DenialQueueTab } from './DenialQueueTab.tsx';

const TABS = ['charges', 'claims', 'submissions', 'rejections', 'denials', 'timely-filing', 'stale'];

export function ClaimsPage() {
  const [params, setParams] = useSearchParams();
  const tab = TABS.includes(params.get('tab') ?? '') ? params.get('tab')! : 'charges';
  return (
    <Stack gap="md">
      <PageTitle title="Claims" description="Validated charges become claims (837P grouping) and leave as 837P submissions; rejections and 835 denials wait in their queues; timely-filing deadlines and stale claims are watched nightly." />
      <Tabs value={tab} onChange={(value) => value && setParams({ tab: value })} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="charges">Charges</Tabs.Tab>
          <Tabs.Tab value="claims">Claims</Tabs.Tab>
          <Tabs.Tab value="submissions">Submissions</Tabs.Tab>
          <Tabs.Tab value="rejections">Rejection queue</Tabs.Tab>
          <Tabs.Tab value="denials">Denial queue</Tabs.Tab>
          <Tabs.Tab value="timely-filing">Timely filing</Tabs.Tab>
          <Tabs.Tab value="stale">Stale claims</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="charges" pt="md"><ChargesTab /></Tabs.Panel>
        <Tabs.Panel value="claims" pt="md"><ClaimsTab /></Tabs.Panel>
        <Tabs.Panel value="submissions" pt="md"><SubmissionsTab /></Tabs.Panel>
        <Tabs.Panel value="rejections" pt="md"><RejectionQueueTab /></Tabs.Panel>
        <Tabs.Panel value="denials" pt="md"><DenialQueueTab /></Tabs.Panel>
        <Tabs.Panel value="timely-filing" pt="md"><TimelyFilingTab /></Tabs.Panel>
        <Tabs.Panel value="stale" pt="md"><StaleClaimsTab /></Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
