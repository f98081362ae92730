"""Chest X-ray analysis with MONAI."""

from core.api import Manifest

manifest = Manifest(name="xray", version="0.1.0", description="Chest X-ray analysis with MONAI")
