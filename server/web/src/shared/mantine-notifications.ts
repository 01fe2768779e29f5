/** Notifications (toasts) for frontend plugins; the shell mounts their container. */
export { notifications } from "@mantine/notifications";
