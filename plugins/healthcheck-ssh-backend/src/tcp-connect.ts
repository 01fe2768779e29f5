import { connect, type Socket } from "node:net";

/** Opens a TCP connection; the socket is returned at once so the caller can destroy it on abort. */
export function openSocket(host: string, port: number): { socket: Socket; connected: Promise<void> } {
  const socket = connect({ host, port });
  const connected = new Promise<void>((resolve, reject) => {
    const onError = (error: Error) => {
      socket.off("connect", onConnect);
      reject(error);
    };
    const onConnect = () => {
      socket.off("error", onError);
      socket.off("close", onClose);
      resolve();
    };
    const onClose = () => onError(new Error("connection closed"));
    socket.once("error", onError);
    socket.once("close", onClose);
    socket.once("connect", onConnect);
  });
  return { socket, connected };
}
