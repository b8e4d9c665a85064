// Routes of the console. URLs follow the operator manual (/eligibility?tab=sweeps, /admin/trading-partners).
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { Center, Loader } from '@mantine/core';
import { SessionProvider, useToken } from './auth/session.tsx';
import { SignInPage } from './pages/SignInPage.tsx';
import { Layout } from './components/Layout.tsx';
import { TradingPartnersPage } from './pages/admin/TradingPartnersPage.tsx';
import { ReferenceDataPage } from './pages/reference/ReferenceDataPage.tsx';
import { EligibilityPage } from './pages/eligibility/EligibilityPage.tsx';
import { SweepRunPage } from './pages/eligibility/SweepRunPage.tsx';
import { BatchesPage } from './pages/ingestion/BatchesPage.tsx';
import { BatchPage } from './pages/ingestion/BatchPage.tsx';
import { ClaimsPage } from './pages/claims/ClaimsPage.tsx';
import { ClaimPage } from './pages/claims/ClaimPage.tsx';
import { RemittancesPage } from './pages/remittances/RemittancesPage.tsx';
import { RemittancePage } from './pages/remittances/RemittancePage.tsx';
import { JobRunnerPage } from './pages/jobs/JobRunnerPage.tsx';
import { DashboardsPage } from './pages/dashboards/DashboardsPage.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';

export function App() {
  const token = useToken();
  const location = useLocation();
  if (location.pathname === '/sign-in') return <SignInPage />;
  if (!token) return <Navigate to={`/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  return (
    <SessionProvider
      token={token}
      fallback={({ error }) =>
        error ? <SignInPage problem={error instanceof Error ? error.message : String(error)} /> : <Center h="100vh"><Loader aria-label="Loading session" /></Center>
      }
    >
      <Layout>
        <Routes>
          <Route path="/" element={<Navigate to="/eligibility?tab=sweeps" replace />} />
          <Route path="/eligibility" element={<EligibilityPage />} />
          <Route path="/eligibility/runs/:runId" element={<SweepRunPage />} />
          <Route path="/batches" element={<BatchesPage />} />
          <Route path="/batches/:batchId" element={<BatchPage />} />
          <Route path="/claims" element={<ClaimsPage />} />
          <Route path="/claims/:claimId" element={<ClaimPage />} />
          <Route path="/remittances" element={<RemittancesPage />} />
          <Route path="/remittances/:remittanceId" element={<RemittancePage />} />
          <Route path="/job-runner" element={<JobRunnerPage />} />
          <Route path="/dashboards" element={<DashboardsPage />} />
          <Route path="/admin/trading-partners" element={<TradingPartnersPage />} />
          <Route path="/reference/:kind" element={<ReferenceDataPage />} />
          <Route path="/reference" element={<Navigate to="/reference/facilities" replace />} />
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      </Layout>
    </SessionProvider>
  );
}
