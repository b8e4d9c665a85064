// Sign-in with a bearer token: paste the token `npm start` prints (or `npm run token`), or, on a
// development server with the demo tenant, take the demo token with one click.
import { useState, type FormEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { Alert, Button, Center, Divider, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { gqlRequest } from '../api/client.ts';
import { SessionQuery } from '../auth/session.tsx';
import { writeToken } from '../auth/token-store.ts';
import { errorMessage } from '../lib/errors.ts';
import { normaliseToken } from '../lib/token.ts';

export function SignInPage({ problem }: { problem?: string }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(problem ?? null);
  const [busy, setBusy] = useState(false);
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const next = params.get('next') ?? '/eligibility?tab=sweeps';

  async function signIn(raw: string) {
    const candidate = normaliseToken(raw);
    if (!candidate) {
      setError('Paste a token: the long text after "export TOKEN=" in the output of npm start.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const session = await gqlRequest(SessionQuery, {}, { token: candidate });
      if (!session.currentTenant) throw new Error('The token is valid but names no tenant this server knows.');
      writeToken(candidate);
      navigate(next.startsWith('/') && next !== '/sign-in' ? next : '/', { replace: true });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  async function signInWithDemoToken() {
    setBusy(true);
    setError(null);
    try {
      const response = await fetch('/dev/demo-token', { headers: { accept: 'application/json' } });
      if (!response.ok) throw new Error('This server offers no demo token (it is only there in development with the demo tenant). Paste a token instead.');
      const body = (await response.json()) as { token: string };
      await signIn(body.token);
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    void signIn(token);
  }

  return (
    <Center mih="100vh" bg="gray.0">
      <Paper component="main" withBorder shadow="sm" p="xl" w={480}>
        <Stack>
          <div>
            <Title order={1} size="h3">rcm-core console</Title>
            <Text c="dimmed" size="sm">Sign in with a bearer token.</Text>
          </div>
          {error ? <Alert color="red" role="alert" title="Not signed in">{error}</Alert> : null}
          <form onSubmit={onSubmit}>
            <Stack>
              <Textarea
                label="Token"
                description="npm start prints it (export TOKEN=…); npm run token -- --tenant demo --permissions all mints one."
                autosize
                minRows={3}
                maxRows={6}
                value={token}
                onChange={(event) => setToken(event.currentTarget.value)}
                styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 12 } }}
              />
              <Button type="submit" loading={busy}>Sign in</Button>
            </Stack>
          </form>
          <Divider label="development" labelPosition="center" />
          <Button variant="light" onClick={() => void signInWithDemoToken()} disabled={busy}>Use the demo token</Button>
        </Stack>
      </Paper>
    </Center>
  );
}
