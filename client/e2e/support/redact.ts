/**
 * API keys (`tg_` + base64url) never reach a test log: server output quoted in a failure message
 * or kept for a post-mortem shows `tg_…redacted` instead. The key itself is read from the raw
 * output before it is redacted.
 */
export const redactKeys = (text: string): string => text.replace(/tg_[A-Za-z0-9_-]+/g, 'tg_…redacted');
