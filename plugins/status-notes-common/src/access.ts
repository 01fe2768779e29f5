import { accessPair, type AccessRule } from "@checkstack/common";

/**
 * A read rule and a manage rule for this plugin's items. The platform prefixes
 * rule ids with the plugin id, so they are stored as "status-notes.item.read"
 * and "status-notes.item.manage".
 *
 * idParam names the input field that holds an item's id: procedures on one item
 * are checked against that item (a call without the id is denied). Procedures on
 * many items override it in the contract.
 */
export const statusNotesAccess = {
  item: accessPair(
    "item",
    {
      // Granted to every signed-in user through the built-in "users" role.
      read: { description: "View Status Notes items", isDefault: true },
      manage: { description: "Create, change and delete Status Notes items" },
    },
    { idParam: "id" },
  ),
};

export const accessRuleList: AccessRule[] = [statusNotesAccess.item.read, statusNotesAccess.item.manage];
