"""``flask xray install-weights`` and ``flask xray weights``."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from plugins.xray.spec import EXTRA_COMMAND, installed_spec, missing_modules

FORMAT_CHOICES = ("auto", "torchxrayvision", "monai-bundle", "state-dict")


@click.command("install-weights")
@with_appcontext
@click.argument("source", required=False)
@click.option("--sha256", "sha256", help="Expected SHA-256 of the file (of models/model.pt for a bundle folder).")
@click.option("--demo", is_flag=True, help="Install the research demo weights (package hygeia-xray-demo: "
                                           "PneumoniaMNIST, 28 px paediatric images, not for diagnosis).")
@click.option("--format", "fmt", type=click.Choice(FORMAT_CHOICES), default="auto", show_default=True)
@click.option("--labels", type=click.Path(exists=True, dir_okay=False),
              help="Labels file (.txt or .json) for a plain state dict.")
@click.option("--name", help="Model name to show in results.")
@click.option("--version", "version", help="Model version to show in results.")
def install_weights_command(source, sha256, demo, fmt, labels, name, version):
    """Install chest X-ray weights from SOURCE (a path or an http(s) URL) into the instance folder,
    or with --demo the research demo weights."""
    missing = missing_modules()
    if missing:
        raise click.ClickException(f"the xray extra is not installed ({', '.join(missing)}): {EXTRA_COMMAND}")
    if demo == bool(source):
        raise click.UsageError("give SOURCE with --sha256, or --demo alone")
    if source and not sha256:
        raise click.UsageError("--sha256 is required with SOURCE")
    from plugins.xray.demo import DemoUnavailable, install_demo
    from plugins.xray.install import install
    from plugins.xray.weights import WeightsError

    try:
        spec = install_demo() if demo else install(source, sha256, fmt, labels, name, version)
    except (WeightsError, DemoUnavailable) as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"installed {spec.name} {spec.version} ({spec.format}, {len(spec.labels)} labels, "
               f"{spec.image_size} px), weights sha256 {spec.sha256}")
    if spec.demo:
        click.echo("research demo weights: every result says it comes from a model trained on 28-pixel paediatric "
                   "images and is not for diagnosis; production refuses them unless XRAY_ALLOW_DEMO_WEIGHTS=true")


@click.command("weights")
@with_appcontext
def show_weights_command():
    """Show the installed weights."""
    spec = installed_spec()
    if spec is None:
        raise click.ClickException("no weights installed: flask xray install-weights PATH_OR_URL --sha256 HEX")
    click.echo(f"{spec.name} {spec.version} ({spec.format}) sha256 {spec.sha256}\n"
               f"labels: {', '.join(spec.labels)}\nimage size: {spec.image_size} px, "
               f"intensity range: {spec.intensity_range[0]:g}..{spec.intensity_range[1]:g}, "
               f"normalisation: {spec.normalisation}" + ("\nresearch demo weights (not for diagnosis)" if spec.demo else ""))


@click.command("import-torchxrayvision")
@with_appcontext
@click.argument("name")
def import_torchxrayvision_command(name):
    """Convert and install TorchXRayVision's DenseNet NAME (e.g. densenet121-res224-nih) as plain weights.

    Needs the torchxrayvision package, which downloads its weights itself."""
    missing = missing_modules()
    if missing:
        raise click.ClickException(f"the xray extra is not installed ({', '.join(missing)}): {EXTRA_COMMAND}")
    from plugins.xray.weights import WeightsError
    from plugins.xray.xrv_import import import_torchxrayvision

    try:
        spec = import_torchxrayvision(name)
    except WeightsError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"installed {spec.name} ({len(spec.labels)} labels: {', '.join(spec.labels)}; {spec.image_size} px), "
               f"weights sha256 {spec.sha256}")
    if spec.card.get("warning"):
        click.echo(f"note: {spec.card['warning']}")
