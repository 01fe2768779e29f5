import { z } from "zod";

/**
 * The parts of an RDAP domain object (RFC 9083 §5.3) this check reads. Other
 * members are allowed and ignored; events are validated one by one so that
 * one odd event does not hide the expiration.
 */
const eventSchema = z.object({ eventAction: z.string(), eventDate: z.string().optional() });

export const rdapDomainSchema = z.object({
  objectClassName: z.literal("domain", "the RDAP response is not a domain object"),
  ldhName: z.string().optional(),
  status: z.array(z.string()).optional(),
  events: z.array(z.unknown()).default([]),
});

export type RdapDomain = z.output<typeof rdapDomainSchema>;

export interface RdapEvent {
  eventAction: string;
  eventDate?: string;
}

export function rdapEvents(domain: RdapDomain): RdapEvent[] {
  return domain.events.flatMap((event) => {
    const parsed = eventSchema.safeParse(event);
    return parsed.success ? [parsed.data] : [];
  });
}

/** The registration's expiry: the "expiration" event's date, when there is one with a valid date. */
export function expirationDate(domain: RdapDomain): Date | undefined {
  const event = rdapEvents(domain).find((entry) => entry.eventAction === "expiration" && entry.eventDate !== undefined);
  if (!event?.eventDate) return undefined;
  const date = new Date(event.eventDate);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** RFC 9083 §6: the error response body, for a clearer message than the status alone. */
export const rdapErrorSchema = z.object({ errorCode: z.number().optional(), title: z.string().optional(), description: z.array(z.string()).optional() });
