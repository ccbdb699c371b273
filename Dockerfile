# syntax=docker/dockerfile:1
#
# The transform runner of the data mesh platform (engine duckdb): the `mesh` CLI, whose container
# args (`transform <domain>/<product> --major N --product FILE --sql FILE --staging s3://…
# --catalog glue:<account> --table db.table …`, components/compute/runnerProtocol.ts) reach it
# unchanged.
#
# Runs as UID/GID 65532 (components/compute/podSpec.ts RUNNER_UID) on a read-only root filesystem:
# everything it writes (tsx's compile cache, DuckDB spill files, extensions) goes to /tmp, an
# emptyDir in the pod. Build, publish and pin: docs/runner.md.
#
# The base is pinned by tag here; pin it by digest when publishing (docs/runner.md), e.g.
#   docker build --build-arg NODE_IMAGE=node:20-bookworm-slim@sha256:<digest> .
ARG NODE_IMAGE=node:20-bookworm-slim
ARG PYTHON_IMAGE=python:3.11-slim-bookworm
# DuckDB's extensions for S3 (httpfs, aws) and the Iceberg catalog (iceberg, avro), for the exact DuckDB
# version in the lock, from PyPI (`duckdb-ext-<name>`, runner/extensions.ts, which a test holds
# this to): installed at build time, so the pod never downloads one and needs no egress to
# extensions.duckdb.org. runner/session.ts points DuckDB at them (MESH_DUCKDB_EXTENSION_DIRECTORY).
ARG DUCKDB_EXTENSIONS_VERSION=1.4.4.20260205

# ---- DuckDB's extensions, from PyPI ----
FROM ${PYTHON_IMAGE} AS extensions
ARG DUCKDB_EXTENSIONS_VERSION
RUN pip install --no-cache-dir --no-deps --target /ext \
      duckdb-ext-httpfs==${DUCKDB_EXTENSIONS_VERSION} \
      duckdb-ext-aws==${DUCKDB_EXTENSIONS_VERSION} \
      duckdb-ext-avro==${DUCKDB_EXTENSIONS_VERSION} \
      duckdb-ext-iceberg==${DUCKDB_EXTENSIONS_VERSION}

# ---- dependencies: production only, without install scripts (no plugin downloads at build) ----
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
ENV NODE_ENV=production \
    npm_config_audit=false \
    npm_config_fund=false \
    npm_config_update_notifier=false
COPY package.json package-lock.json ./
# Native modules (@duckdb/node-bindings-*, @esbuild/*) come as per-platform optional packages, so
# install scripts are not needed; the runner never uses Pulumi's provider plugins.
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force

# ---- runtime ----
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOME=/tmp \
    TMPDIR=/tmp \
    NODE_OPTIONS=--enable-source-maps \
    MESH_DUCKDB_EXTENSION_DIRECTORY=/app/duckdb-extensions
WORKDIR /app
# Owned by root and not writable by the runner: the code cannot be changed at run time.
COPY --from=deps /app/node_modules ./node_modules
COPY --from=extensions /ext/duckdb_ext/extensions ./duckdb-extensions
COPY package.json package-lock.json tsconfig.json ./
COPY bin ./bin
COPY cli ./cli
COPY components ./components
COPY policies ./policies
COPY program ./program
COPY runner ./runner
COPY sdk ./sdk
COPY schema ./schema
# The CLI runs from source through tsx, as the published package does; a failed import fails the build.
RUN node /app/bin/mesh.js --version
USER 65532:65532
ENTRYPOINT ["node", "/app/bin/mesh.js"]
CMD ["--help"]
