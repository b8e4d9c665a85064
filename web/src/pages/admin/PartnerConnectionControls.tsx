// Set credentials and Test connection for one trading partner: they need the eligibility API.
import type { TradingPartnerRow } from './TradingPartnersPage.tsx';

export function PartnerConnectionControls(_props: { partner: TradingPartnerRow }) {
  return null;
}
