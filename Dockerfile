# Stratum API / worker image. TypeScript runs through tsx (a runtime dependency): no build step.
FROM node:20-slim AS dependencies
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

# The embeddable widgets' bundle (Vite is a dev dependency, so it is built here, not at start-up).
FROM node:20-slim AS widgets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY widgets ./widgets
RUN npm run build:widgets

FROM node:20-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080 \
    STRATUM_DATA_DIR=/data
WORKDIR /app
COPY --from=dependencies /app/node_modules ./node_modules
COPY . .
# A bundle from the build context could be stale or carry old chunks: only the built one ships.
RUN rm -rf widgets/dist
COPY --from=widgets /app/widgets/dist ./widgets/dist
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8080
ENTRYPOINT ["node", "bin/stratum.js"]
CMD ["start"]
