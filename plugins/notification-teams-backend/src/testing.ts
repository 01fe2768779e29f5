/** "@checkstack/notification-teams-backend/testing": the fake Teams Workflows trigger. */
export { checkTeamsRequest, fakeTeamsWorkflowUrl, startFakeTeams } from "./fake-teams";
