// Ad-hoc sweep: one run now over a scope, without a schedule (reconciliation, facility onboarding).
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Group, Modal, Stack } from '@mantine/core';
import { graphql } from '../../graphql.ts';
import { gqlRequest } from '../../api/client.ts';
import { PermissionButton } from '../../components/PermissionButton.tsx';
import { errorMessage } from '../../lib/errors.ts';
import { ScopeFields, validateScope, type ScopeErrors, type ScopeValues } from './ScopeFields.tsx';

const StartAdhocSweep = graphql(`
  mutation StartAdhocSweep($facilityId: UUID, $windowFrom: Int!, $windowTo: Int!, $payerIds: [UUID]) {
    startAdhocSweep(input: { facilityId: $facilityId, windowFrom: $windowFrom, windowTo: $windowTo, payerIds: $payerIds }) { result }
  }
`);

export function AdhocSweepButton() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <PermissionButton permission="eligibility.update" action="Starting a sweep" variant="default" onClick={() => setOpen(true)}>Ad-hoc sweep</PermissionButton>
      {open ? <AdhocSweepDialog onClose={() => setOpen(false)} /> : null}
    </>
  );
}

function AdhocSweepDialog({ onClose }: { onClose: () => void }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [scope, setScope] = useState<ScopeValues>({ facilityId: null, windowFromDays: 0, windowToDays: 14, payerIds: [] });
  const [errors, setErrors] = useState<ScopeErrors>({});
  const start = useMutation({
    mutationFn: () => gqlRequest(StartAdhocSweep, { facilityId: scope.facilityId, windowFrom: Number(scope.windowFromDays), windowTo: Number(scope.windowToDays), payerIds: scope.payerIds }),
    onSuccess: async (data) => {
      await queryClient.invalidateQueries({ queryKey: ['sweepRuns'] });
      onClose();
      if (data.startAdhocSweep?.result) navigate(`/eligibility/runs/${data.startAdhocSweep.result}`);
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    const found = validateScope(scope);
    setErrors(found);
    if (Object.keys(found).length === 0) start.mutate();
  }
  return (
    <Modal opened onClose={onClose} title="Ad-hoc sweep" size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          {start.error ? <Alert color="red" role="alert">{errorMessage(start.error)}</Alert> : null}
          <ScopeFields values={scope} errors={errors} onChange={(patch) => setScope((s) => ({ ...s, ...patch }))} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button type="submit" loading={start.isPending}>Start sweep</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
