"""Nutrition analysis from USDA SR28 data, personalised to the health profile."""

from __future__ import annotations

import threading
from pathlib import Path

import click

from core.api import CheckResult, HealthCheck, Manifest, RateLimit, hookimpl
from plugins.diet import build_food_table, services
from plugins.diet.foods import food_table
from plugins.diet.jobs import enrich_analysis
from plugins.diet.models import DietAnalysis
from plugins.diet.routes import blp, foods_blp
from plugins.diet.search import food_index

manifest = Manifest(name="diet", version="0.1.0", description="Nutrition analysis from USDA data",
                    hooks_version="1.1")


@hookimpl
def register_models():
    return [DietAnalysis]


@hookimpl
def register_blueprints():
    return [blp, foods_blp]


@hookimpl
def register_jobs():
    return [enrich_analysis]


@hookimpl
def register_rate_limits():
    return [
        RateLimit(authenticated="20/minute", anonymous="3/minute", blueprints=["diet"], methods=["POST"]),
        RateLimit(authenticated="120/minute", anonymous="3/minute", blueprints=["diet"],
                  methods=["GET", "DELETE"]),
        RateLimit(authenticated="120/minute", anonymous="30/minute", blueprints=["diet_foods"]),
    ]


def _food_table_check() -> CheckResult:
    try:
        table = food_table()
    except (OSError, ValueError, RuntimeError) as error:
        return CheckResult("down", f"food table unreadable: {type(error).__name__}")
    return CheckResult("ok", "USDA SR28 table loaded", {"foods": len(table.foods)})


@hookimpl
def register_commands():
    @click.command("build-food-table")
    @click.argument("source", type=click.Path(exists=True, file_okay=False, path_type=Path))
    @click.option("--output", type=click.Path(dir_okay=False, path_type=Path),
                  default=build_food_table.DEFAULT_OUTPUT, show_default=True)
    def build_table(source: Path, output: Path):
        """Rebuild the shipped food table from a USDA SR28 ASCII release in SOURCE."""
        table = build_food_table.build(source)
        size = build_food_table.write(table, output)
        click.echo(f"{len(table['foods'])} foods -> {output} ({size:,} bytes)")

    return [build_table]


@hookimpl
def register_health_checks():
    return [HealthCheck("food_table", _food_table_check)]


@hookimpl
def export_user_data(user_id):
    return services.export_analyses(user_id)


@hookimpl
def ai_context(query, user_id):
    return services.recent_context(user_id, query)


@hookimpl
def startup(app):
    """Read the food table and build the search index in the background, so no request waits for it."""
    if not app.testing:
        threading.Thread(target=food_index, name="diet-food-index", daemon=True).start()
