from setuptools import find_namespace_packages, setup

BUILTIN_PLUGINS = ["symptoms", "xray", "research", "diet", "chat", "medications"]
# Installed with Hygeia but off unless HYGEIA_PLUGINS names them.
OPT_IN_PLUGINS = ["compat"]

setup(
    name="hygeia",
    version="0.1.0",
    description="Self-hostable AI healthcare assistant backend: a Flask core with pluggy feature plugins.",
    long_description=open("README.md", encoding="utf-8").read(),
    long_description_content_type="text/markdown",
    license="MIT",
    python_requires=">=3.11",
    # Namespace packages too: Alembic folders (each plugin's migrations/) and data folders
    # (core/mail/templates, core/triage/data) have no __init__.py but must ship. The core's Alembic
    # environment and revisions live in migrations/ at the top of the repository and ship as core/alembic.
    packages=[*find_namespace_packages(include=["core", "core.*", "config", "config.*", "plugins", "plugins.*"],
                                       exclude=["*.__pycache__"]), "core.alembic", "core.alembic.versions"],
    package_dir={"core.alembic": "migrations"},
    include_package_data=False,
    package_data={"": ["*.txt", "*.html", "*.toml", "*.json", "*.gz", "*.mako", "*.ini", "*.md", "*.tsv"]},
    install_requires=[
        "flask>=3.1,<4",
        "flask-smorest>=0.46,<0.48",
        "marshmallow>=4,<5",
        "flask-sqlalchemy>=3.1,<4",
        "sqlalchemy>=2.0,<3",
        "flask-migrate>=4,<5",
        "flask-jwt-extended>=4.6,<5",
        "flask-sock>=0.7,<1",
        "flask-limiter>=4,<5",
        "flask-caching>=2.3,<3",
        "psycopg2-binary>=2.9,<3",
        "rq>=2.5,<4",
        "redis>=5,<9",
        "pluggy>=1.5,<2",
        "prometheus-flask-exporter>=0.23,<1",
        "pybreaker>=1.2,<2",
        "argon2-cffi>=23,<26",
        "httpx>=0.27,<1",
        "openapi-ui-bundles>=0.3,<1",
        "pyotp>=2.9,<3",
        "segno>=1.6,<2",
        "ua-parser>=1.0,<2",
        "flask-cors>=6.0,<7",  # restrictive CORS from CORS_ORIGINS / ALLOWED_HOSTS (core.security)
        "lingua-language-detector>=2.0,<3",  # core.triage: the language of a message, offline
        "cryptography>=42,<47",  # core.cache: cached answers sealed (Fernet), never in clear or pickled
        # Light dependencies of built-in plugins, which are enabled by default.
        "defusedxml>=0.7,<1",  # research: NCBI XML without entity expansion
        "feedparser>=6.0.11,<7",  # research: WHO news RSS
        "rapidfuzz>=3.9,<4",  # diet: fuzzy food matching
        "snowballstemmer>=2.2,<4",  # diet: plural and word-form matching
    ],
    extras_require={
        # Heavy dependencies stay optional; install with -c constraints.txt.
        "xray": [
            "torch==2.13.0",
            "monai>=1.4,<1.7",
            "numpy>=1.26,<3",
            "pillow>=10.3,<14",
            "pydicom>=3.0,<4",
            "pylibjpeg>=2.0,<3",  # JPEG-compressed DICOM (transfer syntaxes 1.2.840.10008.1.2.4.x)
            "pylibjpeg-libjpeg>=2.1,<3",
        ],
        # Stored files in an S3-compatible object store (STORAGE_URL=s3://...; core/storage/s3.py).
        "s3": ["boto3>=1.34,<2"],
        # The production web server (config/gunicorn.py): gevent workers, psycopg2 made cooperative.
        "server": ["gunicorn[gevent]>=27,<28", "psycogreen>=1.0.2,<2"],
        "dev": [
            "pytest>=8",
            "openapi-spec-validator>=0.7",
            "jsonschema>=4.18,<5",  # tests: real WebSocket frames checked against /api/asyncapi.json
            "websocket-client>=1.8",
            "aiosmtpd>=1.4,<2",
            "schemathesis>=4.3,<5",  # tests/reliability: the API fuzzed against its own OpenAPI spec
            "grimp>=3.20,<4",  # tests/import_contract.py: the import graph (no circles, plugins see only core.api)
            "boto3>=1.34,<2",
            "moto[server]>=5.1,<6",  # a real local S3 server for the storage tests (core/storage/testing.py)
        ],
    },
    entry_points={
        "hygeia.plugins": [f"{name} = plugins.{name}" for name in BUILTIN_PLUGINS + OPT_IN_PLUGINS],
        "hygeia.opt_in_plugins": [f"{name} = plugins.{name}" for name in OPT_IN_PLUGINS],
        "pytest11": ["hygeia = core.testing"],
        # hygeia db upgrade, hygeia run, hygeia worker, ...: the flask CLI bound to the app factory
        "console_scripts": ["hygeia = core.cli:main"],
    },
)
