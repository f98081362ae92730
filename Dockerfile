# syntax=docker/dockerfile:1
# Hygeia images, one Dockerfile:
#   runtime (default)  the app: gunicorn web, RQ workers, scheduler, migrations; non-root.
#   nginx              TLS front with the API docs' static assets baked in.
# EXTRAS picks the setup.py extras, so a clinic without x-ray gets no torch:
#   docker build --build-arg EXTRAS=server,s3 -t hygeia .          (s3: boto3, for STORAGE_URL=s3://...)
#   docker build --build-arg EXTRAS=server,s3,xray -t hygeia-xray .   (CPU torch)
#   ... --build-arg TORCH_INDEX_URL=https://download.pytorch.org/whl/cu128    (CUDA torch, GPU hosts)

ARG PYTHON_IMAGE=python:3.11-slim-bookworm
ARG NGINX_IMAGE=nginx:1.27-alpine

FROM ${PYTHON_IMAGE} AS build
ARG EXTRAS=server,s3
ARG TORCH_INDEX_URL=https://download.pytorch.org/whl/cpu
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1 PYTHONDONTWRITEBYTECODE=1
RUN python -m venv /opt/venv && /opt/venv/bin/pip install --upgrade pip
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /app
# Dependencies first (cached while only the code changes); the editable install keeps /app the
# code's home (migrations/, config/gunicorn.py, deploy/healthcheck.py), where the plugins' entry points point.
COPY setup.py constraints.txt README.md ./
COPY core/__init__.py core/
COPY config/__init__.py config/
COPY plugins/__init__.py plugins/
RUN pip install --extra-index-url "${TORCH_INDEX_URL}" -c constraints.txt -e ".[${EXTRAS}]"
COPY . .
RUN pip install --no-deps -e . \
 && python -m compileall -q core config plugins \
 && python -c "import shutil; from openapi_ui_bundles import redoc, swagger_ui; \
shutil.copytree(swagger_ui.static_path, '/docs-assets/swagger-ui'); shutil.copytree(redoc.static_path, '/docs-assets/redoc')"

FROM ${PYTHON_IMAGE} AS runtime
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    HYGEIA_ENV=production \
    HYGEIA_LOG_FORMAT=json
RUN groupadd --system --gid 10001 hygeia \
 && useradd --system --uid 10001 --gid hygeia --home-dir /app --shell /usr/sbin/nologin hygeia
COPY --from=build /opt/venv /opt/venv
COPY --from=build /app /app
# Uploads and model weights live on volumes mounted here; created now so the volumes belong to hygeia.
RUN mkdir -p /app/instance/uploads /app/instance/xray && chown -R hygeia:hygeia /app/instance
WORKDIR /app
USER hygeia
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "deploy/healthcheck.py", "http", "http://127.0.0.1:8000/api/health/"]
CMD ["gunicorn", "-c", "config/gunicorn.py", "wsgi:app"]

FROM ${NGINX_IMAGE} AS nginx
COPY --from=build /docs-assets /usr/share/nginx/docs-assets
COPY deploy/nginx/proxy_params.conf /etc/nginx/snippets/hygeia_proxy_params.conf
COPY deploy/nginx/templates/ /etc/nginx/templates/
RUN rm -f /etc/nginx/conf.d/default.conf
