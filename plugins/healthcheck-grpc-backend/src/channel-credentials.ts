import { connect as tlsConnect, checkServerIdentity, type ConnectionOptions, type PeerCertificate } from "node:tls";
import { isIP, type Socket } from "node:net";
import { CallCredentials, ChannelCredentials, type ChannelOptions, type experimental } from "@grpc/grpc-js";
import type { GrpcCheckConfig } from "./config";

/**
 * Channel credentials that own the run's sockets. grpc-js hands every new TCP
 * connection to the credentials' connector; keeping them lets the run destroy
 * them when it ends or times out. (Closing a grpc-js client only asks its
 * HTTP/2 session to close, which never happens while the handshake with a
 * silent server is pending.) The TLS handshake is done here too, with Node's
 * tls: it sends no SNI for an IP address (grpc-js would, and Bun refuses
 * that) and verifies the certificate against servername or host.
 */
export class RunCredentials extends ChannelCredentials {
  private readonly sockets = new Set<Socket>();

  constructor(private readonly config: GrpcCheckConfig) {
    super();
  }

  _isSecure(): boolean {
    return this.config.tls;
  }

  _equals(other: ChannelCredentials): boolean {
    return other === this;
  }

  _createSecureConnector(): experimental.SecureConnector {
    return {
      connect: async (socket: Socket) => {
        this.sockets.add(socket);
        if (!this.config.tls) return { socket, secure: false };
        const secured = await handshake(socket, tlsOptions(this.config));
        this.sockets.add(secured);
        return { socket: secured, secure: true };
      },
      waitForReady: () => Promise.resolve(),
      getCallCredentials: () => CallCredentials.createEmpty(),
      destroy: () => undefined,
    };
  }

  /** Closes every connection the run opened. */
  destroySockets(): void {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }
}

/** The TLS options for a config: its trust, the name to verify, and h2 by ALPN as gRPC requires. */
export function tlsOptions(config: GrpcCheckConfig): ConnectionOptions {
  const name = config.servername ?? config.host;
  return {
    ALPNProtocols: ["h2"],
    ...(isIP(name) === 0 ? { servername: name } : {}),
    ...(config.ca !== undefined ? { ca: config.ca } : {}),
    ...(config.clientCertificate !== undefined && config.clientKey !== undefined ? { cert: config.clientCertificate, key: config.clientKey } : {}),
    rejectUnauthorized: !config.insecureSkipVerify,
    checkServerIdentity: (_host: string, certificate: PeerCertificate) =>
      config.insecureSkipVerify ? undefined : checkServerIdentity(name, certificate),
  };
}

function handshake(socket: Socket, options: ConnectionOptions): Promise<Socket> {
  return new Promise<Socket>((resolve, reject) => {
    const secured = tlsConnect({ ...options, socket }, () => {
      secured.off("error", reject);
      resolve(secured);
    });
    secured.once("error", reject);
  });
}

/**
 * Channel options for one check run. A local subchannel pool gives the run
 * its own connection instead of one from the process-wide pool; no retries
 * inside a run (the next run is the retry).
 */
export function channelOptions(config: GrpcCheckConfig): ChannelOptions {
  return {
    "grpc.use_local_subchannel_pool": 1,
    "grpc.enable_retries": 0,
    "grpc.max_receive_message_length": 64 * 1024,
    ...(config.tls && config.servername !== undefined ? { "grpc.default_authority": config.servername } : {}),
  };
}

/** host:port, with IPv6 literals in brackets as gRPC target names need. */
export function grpcTarget(config: GrpcCheckConfig): string {
  return config.host.includes(":") ? `[${config.host}]:${config.port}` : `${config.host}:${config.port}`;
}
