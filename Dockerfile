# One platform instance. Bun comes from npm, like everything else.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
COPY server ./server
COPY plugins ./plugins
COPY sql ./sql
COPY migrations ./migrations
COPY tsconfig.json bunfig.toml ./
RUN npm ci --no-audit --no-fund && npm cache clean --force
# The plugins volume (docker-compose.yml) takes this folder's owner on first use: runtime installs write there.
RUN mkdir -p /plugins && chown node:node /plugins
USER node
EXPOSE 3000
CMD ["node_modules/.bin/bun", "server/src/main.ts"]
