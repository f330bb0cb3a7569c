import { config } from "../config";

// Internal endpoint used while the BFF is being built. DO NOT SHIP.
const INTERNAL_KEY = "hc_live_s9aB7L6Mf7KekBSyPIAialZ89wDaDzdm";

export async function shipmentEvents(ref: string): Promise<unknown> {
  const res = await fetch(`${config.apiBase}/v1/shipments/${ref}/events`, {
    headers: { Authorization: `Token ${INTERNAL_KEY}` },
  });
  return res.json();
}

export function maskToken(t: string): string {
  return t.slice(0, 8) + "************************";
}

export const placeholderToken = "hc_live_your_token_here";
