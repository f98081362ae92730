"""Symptom consultations with red-flag triage and AI analysis."""

from core.api import Manifest

manifest = Manifest(name="symptoms", version="0.1.0", description="Symptom consultations with red-flag triage and AI analysis")
