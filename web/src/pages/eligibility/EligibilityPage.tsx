// /eligibility?tab=sweeps|schedules|anomalies|intake — the Sweeps area of the manual (6.4).
import { useSearchParams } from 'react-router';
import { Stack, Tabs } from '@mantine/core';
import { PageTitle } from '../../components/States.tsx';
import { SweepsTab } from './SweepsTab.tsx';
import { SchedulesTab } from './SchedulesTab.tsx';
import { AnomaliesTab } from './AnomaliesTab.tsx';
import { IntakeQueueTab } from './IntakeQueueTab.tsx';

const TABS = ['sweeps', 'schedules', 'anomalies', 'intake'] as const;

export function EligibilityPage() {
  const [params, setParams] = useSearchParams();
  const requested = params.get('tab');
  const tab = (TABS as readonly string[]).includes(requested ?? '') ? requested! : 'sweeps';
  return (
    <Stack gap="md">
      <PageTitle title="Eligibility" description="Pre-flight 270 sweeps, their schedules, and what the intake desk should look at before a visit." />
      <Tabs value={tab} onChange={(value) => value && setParams({ tab: value })} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="sweeps">Sweeps</Tabs.Tab>
          <Tabs.Tab value="schedules">Schedules</Tabs.Tab>
          <Tabs.Tab value="anomalies">Coverage anomalies</Tabs.Tab>
          <Tabs.Tab value="intake">Intake queue</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="sweeps" pt="md"><SweepsTab /></Tabs.Panel>
        <Tabs.Panel value="schedules" pt="md"><SchedulesTab /></Tabs.Panel>
        <Tabs.Panel value="anomalies" pt="md"><AnomaliesTab /></Tabs.Panel>
        <Tabs.Panel value="intake" pt="md"><IntakeQueueTab /></Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
