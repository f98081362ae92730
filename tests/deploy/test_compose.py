"""The compose files, the Dockerfile and .env.example: valid, complete, and in step with what the app reads."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from config.settings import BaseConfig
from tests.deploy.conftest import ROOT, app_env
from tests.deploy.envscan import variables_read

COMPOSE_FILES = ["docker-compose.yml", "docker-compose.prod.yml"]
SERVICES = {"postgres", "redis", "migrate", "web", "web-ws", "worker", "worker-xray", "scheduler", "nginx",
            "prometheus", "grafana", "minio", "minio-bucket"}
OPTIONAL = {"minio", "minio-bucket"}  # COMPOSE_PROFILES=minio: an object store for stored files
ONE_SHOT = {"migrate", "minio-bucket"}
APP_SERVICES = {"migrate", "web", "web-ws", "worker", "worker-xray", "scheduler"}


def load(name: str) -> dict:
    return yaml.safe_load((ROOT / name).read_text())


def env_example() -> dict[str, str]:
    """NAME -> value for every documented variable, set (NAME=...) or optional (# NAME=...)."""
    found: dict[str, str] = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        match = re.match(r"^(?:# )?([A-Za-z_][A-Za-z0-9_]*)=(.*)$", line)
        if match:
            assert match.group(1) not in found, f"{match.group(1)} is documented twice"
            found[match.group(1)] = match.group(2)
    return found


def compose_command() -> list[str] | None:
    if shutil.which("docker") and subprocess.run(["docker", "compose", "version"], capture_output=True).returncode == 0:
        return ["docker", "compose"]
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    return None


@pytest.fixture
def project(tmp_path) -> Path:
    """The compose files beside a .env made from .env.example, as a user would start."""
    for name in COMPOSE_FILES:
        shutil.copy(ROOT / name, tmp_path / name)
    (tmp_path / "deploy").symlink_to(ROOT / "deploy")
    shutil.copy(ROOT / ".env.example", tmp_path / ".env")
    return tmp_path


@pytest.mark.parametrize("files", [["docker-compose.yml"], ["docker-compose.prod.yml"],
                                   ["docker-compose.prod.yml", "deploy/compose.gpu.yml"]])
def test_compose_files_validate(project, files):
    command = compose_command()
    if command is None:
        pytest.skip("neither `docker compose` nor docker-compose is installed (apt-get install docker-compose)")
    args = [a for f in files for a in ("-f", f)]
    checked = subprocess.run(command + args + ["config", "-q"], cwd=project, capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    services = subprocess.run(command + args + ["--profile", "xray", "config", "--services"], cwd=project,
                              capture_output=True, text=True, check=True).stdout.split()
    # docker compose v2 leaves out a service whose profile is not asked for; docker-compose 1.29 lists them all
    assert SERVICES - OPTIONAL <= set(services) <= SERVICES


@pytest.mark.parametrize("name", COMPOSE_FILES)
def test_every_service_has_health_checks_restarts_and_declared_volumes(name):
    compose = load(name)
    services = compose["services"]
    assert set(services) == SERVICES
    assert {name for name, service in services.items() if "minio" in service.get("profiles", [])} == OPTIONAL
    for service_name, service in services.items():
        if service_name in ONE_SHOT:
            assert service["restart"] == "no" and service["healthcheck"] == {"disable": True}
            continue
        assert service["restart"] in {"unless-stopped", "always"}, service_name
        assert service["healthcheck"]["test"][0] in {"CMD", "CMD-SHELL"}, service_name
        for dependency, condition in service.get("depends_on", {}).items():
            assert dependency in services, f"{service_name} depends on unknown {dependency}"
            wanted = "service_completed_successfully" if dependency in ONE_SHOT else "service_healthy"
            assert condition["condition"] == wanted, (service_name, dependency)
        for mount in service.get("volumes", []):
            source = mount.split(":", 1)[0]
            if not source.startswith((".", "/")):
                assert source in compose["volumes"], f"{service_name} mounts undeclared volume {source}"
    for app_service in APP_SERVICES - ONE_SHOT:
        assert services[app_service]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
        assert services[app_service]["env_file"] == ".env"
    assert {"pgdata", "uploads", "models"} <= set(compose["volumes"])


def test_production_persists_redis_and_terminates_tls():
    services = load("docker-compose.prod.yml")["services"]
    redis_command = services["redis"]["command"]
    assert redis_command[redis_command.index("--appendonly") + 1] == "yes" and "--requirepass" in redis_command
    assert "redisdata:/data" in services["redis"]["volumes"]
    assert any(port.endswith(":443") for port in services["nginx"]["ports"])
    assert "certs:/etc/nginx/certs:ro" in services["nginx"]["volumes"]
    assert services["web"]["environment"]["HYGEIA_ENV"] == "production"
    assert services["grafana"]["environment"]["GF_SECURITY_ADMIN_PASSWORD"] == "${GRAFANA_ADMIN_PASSWORD}"
    assert all(not port.startswith(("5432", "6379")) for s in services.values() for port in s.get("ports", []))


@pytest.mark.parametrize("name", COMPOSE_FILES)
def test_workers_per_queue_and_the_xray_worker_on_its_own(name):
    services = load(name)["services"]
    worker, xray = services["worker"], services["worker-xray"]
    assert worker["command"][3:6] == ["worker", "--exclude", "xray"] and "--metrics-port" in worker["command"]
    assert xray["command"][3:6] == ["worker", "xray", "--simple"] and xray["profiles"] == ["xray"]
    assert xray["build"]["args"]["EXTRAS"].endswith(",xray")  # torch only in the x-ray image
    for service_name in APP_SERVICES - {"worker-xray"}:
        assert "xray" not in services[service_name]["build"]["args"]["EXTRAS"], service_name
    assert services["scheduler"]["command"][3:] == ["scheduler"]


@pytest.mark.parametrize("name", COMPOSE_FILES)
def test_http_on_gthread_and_websockets_on_gevent_behind_one_nginx(name):
    services = load(name)["services"]
    assert services["web"]["environment"]["GUNICORN_WORKER_CLASS"] == "gthread"
    assert services["web-ws"]["environment"]["GUNICORN_WORKER_CLASS"] == "gevent"
    for web in ("web", "web-ws"):
        assert services[web]["command"][:3] == ["gunicorn", "-c", "config/gunicorn.py"]
        assert services[web]["environment"]["HYGEIA_PROXY_COUNT"] == "1"
    nginx = services["nginx"]["environment"]
    assert (nginx["HYGEIA_WEB_UPSTREAM"], nginx["HYGEIA_WS_UPSTREAM"]) == ("web:8000", "web-ws:8000")


def test_prometheus_scrapes_the_ports_the_services_expose():
    scrape = {job["job_name"]: job for job in yaml.safe_load((ROOT / "deploy/prometheus/prometheus.yml").read_text())
              ["scrape_configs"]}
    services = load("docker-compose.prod.yml")["services"]
    assert scrape["hygeia-web"]["dns_sd_configs"][0] == {"names": ["web"], "type": "A", "port": 8000,
                                                         "refresh_interval": "30s"}
    assert scrape["hygeia-web-ws"]["dns_sd_configs"][0]["names"] == ["web-ws"]
    for job, service in (("hygeia-worker", "worker"), ("hygeia-worker-xray", "worker-xray")):
        sd = scrape[job]["dns_sd_configs"][0]
        command = services[service]["command"]
        assert sd["names"] == [service] and str(sd["port"]) == command[command.index("--metrics-port") + 1]


def test_every_variable_the_app_reads_is_documented_in_env_example():
    documented = env_example()
    missing = {name: sorted(files) for name, files in variables_read(ROOT).items() if name not in documented}
    assert not missing, f"add to .env.example (commented with its default when optional): {missing}"


@pytest.mark.parametrize("name", COMPOSE_FILES + ["deploy/compose.gpu.yml"])
def test_every_variable_the_compose_files_use_is_documented(name):
    text = re.sub(r"\$\$", "", (ROOT / name).read_text())
    used = set(re.findall(r"\$\{([A-Za-z_][A-Za-z0-9_]*)", text))
    assert used or name.startswith("deploy/"), "the compose files take their settings from .env"
    assert not used - set(env_example()), f"add to .env.example: {sorted(used - set(env_example()))}"


def test_upload_limits_agree_between_nginx_and_the_app():
    documented = env_example()
    size = documented["NGINX_MAX_BODY_SIZE"]
    assert re.fullmatch(r"\d+m", size)
    assert int(size[:-1]) * 1024 * 1024 == int(documented["MAX_CONTENT_LENGTH"]) == BaseConfig({}).MAX_CONTENT_LENGTH


def test_dockerfile_is_multi_stage_non_root_with_extras_by_build_argument():
    dockerfile = (ROOT / "Dockerfile").read_text()
    stages = re.findall(r"^FROM \S+ AS (\w+)$", dockerfile, re.M)
    assert stages == ["build", "runtime", "nginx"]
    runtime = dockerfile.split(" AS runtime")[1].split(" AS nginx")[0]
    assert re.search(r"^USER hygeia$", runtime, re.M) and "useradd --system" in runtime
    assert "COPY --from=build /opt/venv /opt/venv" in runtime and "pip install" not in runtime
    default_extras = re.search(r"^ARG EXTRAS=(\S+)$", dockerfile, re.M).group(1)
    assert "xray" not in default_extras.split(",") and "server" in default_extras.split(",")
    assert 'CMD ["gunicorn", "-c", "config/gunicorn.py", "wsgi:app"]' in runtime
    ignored = (ROOT / ".dockerignore").read_text().splitlines()
    assert {".git", ".env", "tests", "instance/*"} <= set(ignored)


def test_container_health_checks_tell_healthy_from_unhealthy(gunicorn, hygeia_backend, redis_prefix):
    script = [sys.executable, str(ROOT / "deploy" / "healthcheck.py")]
    server = gunicorn("gevent", workers=1)
    assert subprocess.run(script + ["http", f"{server.url}/api/health/"], timeout=30).returncode == 0
    server.stop()
    assert subprocess.run(script + ["http", f"{server.url}/api/health/"], capture_output=True,
                          timeout=30).returncode == 1
    if not hygeia_backend.redis_url:
        return
    import redis

    env = app_env(hygeia_backend, HYGEIA_REDIS_PREFIX=redis_prefix)
    assert subprocess.run(script + ["scheduler"], env=env, capture_output=True, timeout=30).returncode == 1
    client = redis.Redis.from_url(hygeia_backend.redis_url)
    client.set(f"{redis_prefix}:scheduler:lock", "scheduler-1", ex=60)
    assert subprocess.run(script + ["scheduler"], env=env, timeout=30).returncode == 0
