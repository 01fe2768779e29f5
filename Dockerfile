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
USER node
EXPOSE 3000
CMD ["node_modules/.bin/bun", "server/src/main.ts"]
