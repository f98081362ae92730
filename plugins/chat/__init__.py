"""Chat sessions with real-time AI replies."""

from core.api import Manifest

manifest = Manifest(name="chat", version="0.1.0", description="Chat sessions with real-time AI replies")
