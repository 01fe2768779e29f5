/**
 * @checkstack/frontend-api: what frontend plugins build on. The shell provides
 * one instance of this module, React, the query client and the component
 * library to every plugin, bundled or installed at runtime.
 */
export { createFrontendPlugin, holdsAll, type FrontendPlugin, type FrontendRoute, type NavigationItem, type SlotContributions } from "./frontend-plugin";
export { createContractApi, operationTypeOf, type ContractApi } from "./contract-api";
export { operationsOf, type ContractOperations } from "./contract-operations";
export { useApiQuery, useApiMutation, type ApiMutationOptions } from "./api-hooks";
export { describeFailure, fieldErrorsUnder, type ApiFailure } from "./api-errors";
export { ShellProvider, Slot, useHasRule, useSession, type ShellSession } from "./session-context";
export { BackLink, ConfirmButton, EmptyState, PageHeader, QueryState } from "./components";
export { BadgeList, DataTable, type DataColumn } from "./data-table";
export { useFormSubmit } from "./form-state";
export { readAllPages, type CursorPage } from "./paging";
export { SchemaForm, type SchemaFormProps } from "./schema-form/schema-form";
export { compactValue, fieldKindOf, initialValueOf, labelOf, REDACTED_SECRET, type FieldKind, type JsonSchema } from "./schema-form/schema-model";
export { LiveConnection, liveConnection, useLiveEvents, LIVE_READY, LIVE_RESYNC, type LiveHandler, type LiveMessage } from "./live";
