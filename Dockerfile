# trialdata: one image for the API (which serves the web app at /console and /q/{token}), the worker and
# the CLI (`migrate`). Build: `docker build -t trialdata .`; run everything: `docker compose up -d`.

# --- build: every dependency, then the server (dist/apps, dist/libs, dist/migrations) and the web app (dist/web)
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# --- runtime: production dependencies and the build output only, as an unprivileged user
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    STORAGE_DIR=/data/storage
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
RUN mkdir -p /data/storage && chown -R node:node /data
USER node
VOLUME ["/data/storage"]
EXPOSE 3000 3001
# The worker and `migrate` are the same image with another command (docker-compose.yml).
CMD ["node", "dist/apps/api/src/main.js"]
