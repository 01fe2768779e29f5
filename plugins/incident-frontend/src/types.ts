import type { incidentApi } from "./api";

/** An incident with its timeline, as getIncident answers it. */
export type IncidentDetail = Awaited<ReturnType<typeof incidentApi.client.getIncident>>;
