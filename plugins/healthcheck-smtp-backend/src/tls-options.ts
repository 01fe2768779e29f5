import { isIP } from "node:net";
import { checkServerIdentity, type ConnectionOptions, type PeerCertificate } from "node:tls";
import type { SmtpCheckConfig } from "./config";

/**
 * TLS settings for implicit TLS and STARTTLS: the config's trust, SNI only
 * for a DNS name (RFC 6066), and the certificate checked against servername or host.
 */
export function tlsOptions(config: SmtpCheckConfig): ConnectionOptions {
  const name = config.servername ?? config.host;
  return {
    ...(isIP(name) === 0 ? { servername: name } : {}),
    ...(config.ca !== undefined ? { ca: config.ca } : {}),
    rejectUnauthorized: !config.insecureSkipVerify,
    checkServerIdentity: (_host: string, certificate: PeerCertificate) => (config.insecureSkipVerify ? undefined : checkServerIdentity(name, certificate)),
  };
}
