/** What the server tells its own pages at run time (GET /client-config.json). */
export interface ClientConfig {
  /** a write-scoped key, handed out only while the server listens on loopback */
  apiKey: string | null;
  requireKeyForReads: boolean;
}

/** null when the server cannot be reached: the app still renders and the banner explains */
export async function fetchClientConfig(fetchImpl: typeof fetch = fetch): Promise<ClientConfig | null> {
  try {
    const res = await fetchImpl('/client-config.json', { headers: { accept: 'application/json' } });
    if (!res.ok) return null;
    const body = (await res.json()) as Partial<ClientConfig>;
    return { apiKey: typeof body.apiKey === 'string' ? body.apiKey : null, requireKeyForReads: body.requireKeyForReads === true };
  } catch {
    return null;
  }
}
