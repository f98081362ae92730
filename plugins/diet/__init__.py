"""Nutrition analysis from USDA data."""

from core.api import Manifest

manifest = Manifest(name="diet", version="0.1.0", description="Nutrition analysis from USDA data")
