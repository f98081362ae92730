"""PubMed research, health news and citations."""

from core.api import Manifest

manifest = Manifest(name="research", version="0.1.0", description="PubMed research, health news and citations")
