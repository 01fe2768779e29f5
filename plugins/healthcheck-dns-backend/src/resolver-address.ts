import { isIP } from "node:net";
import { z } from "zod";

const DNS_PORT = 53;

/**
 * "ip", "ip:port", "ipv6" or "[ipv6]:port". Names are refused because
 * resolving the resolver would need a resolver. A refinement, not a
 * transform, so the stored config stays exactly what the user wrote.
 */
export const resolverAddressSchema = z
  .string()
  .trim()
  .refine(
    (value) => parseResolverAddress(value) !== undefined,
    'resolver must be an IP address with an optional port, e.g. "1.1.1.1", "10.0.0.2:5353" or "[::1]:53"',
  );

/** The address in the form Resolver.setServers takes, with the port made explicit; undefined when invalid. */
export function parseResolverAddress(value: string): string | undefined {
  const bracketed = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(value);
  if (bracketed) return withPort(bracketed[1] ?? "", bracketed[2], 6);
  if (isIP(value) === 6) return withPort(value, undefined, 6);
  const [host = "", port, ...rest] = value.split(":");
  if (rest.length > 0) return undefined;
  return withPort(host, port, 4);
}

function withPort(ip: string, port: string | undefined, family: 4 | 6): string | undefined {
  if (isIP(ip) !== family) return undefined;
  if (port !== undefined && !/^\d{1,5}$/.test(port)) return undefined;
  const number = port === undefined ? DNS_PORT : Number(port);
  if (number < 1 || number > 65535) return undefined;
  return family === 6 ? `[${ip}]:${number}` : `${ip}:${number}`;
}
