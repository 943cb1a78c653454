# The GUI as compose and GHCR ship it, running as a non-root user (uid 101) on the unprivileged nginx image.
# The image's entrypoint renders /etc/nginx/templates/*.template into /etc/nginx/conf.d/ with envsubst at start-up
# (only the variables in NGINX_ENVSUBST_FILTER; /etc/nginx is writable by uid 101 there), so the same server block
# runs here and under scripts/stack.sh. The rendered default.conf replaces the image's own default server.
# NGINX_ENTRYPOINT_LOCAL_RESOLVERS makes the entrypoint put the container's nameservers (Docker's DNS, 127.0.0.11,
# on a compose network) into NGINX_LOCAL_RESOLVERS: nginx looks the edge up there at request time.
#   docker build -f docker/frontend.Dockerfile frontend
# Build context: frontend/ (docker/frontend.Dockerfile.dockerignore keeps node_modules and test output out).
FROM nginxinc/nginx-unprivileged:1.30-alpine

ENV NGINX_PORT=3000 \
    EDGE_UPSTREAM=http://edge:8080 \
    FRONTEND_ROOT=/srv/todo \
    NGINX_ENTRYPOINT_LOCAL_RESOLVERS=1 \
    NGINX_RESOLVER_VALID=10s \
    NGINX_ACCESS_LOG=/dev/stdout \
    NGINX_ENVSUBST_FILTER='^(NGINX_PORT|EDGE_UPSTREAM|FRONTEND_ROOT|NGINX_LOCAL_RESOLVERS|NGINX_RESOLVER_VALID|NGINX_ACCESS_LOG)$'

# owned by root and read-only for the nginx user: the server cannot rewrite what it serves. nginx.conf replaces the
# image's main configuration for its connection limits (worker_connections 4096: one edge's 2000 /events streams,
# two connections each); everything else in it is the image's.
COPY --chown=0:0 nginx/nginx.conf /etc/nginx/nginx.conf
COPY --chown=0:0 nginx/default.conf.template /etc/nginx/templates/default.conf.template
COPY --chown=0:0 src/ /srv/todo/

USER 101
EXPOSE 3000
HEALTHCHECK --interval=5s --timeout=3s --start-period=5s --retries=10 \
  CMD wget -q -O /dev/null "http://127.0.0.1:${NGINX_PORT}/healthz" || exit 1
