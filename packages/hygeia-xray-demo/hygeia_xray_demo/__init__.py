"""Research demo weights for Hygeia's xray plugin (data files only: model.pt, labels.json, MODEL_CARD.md).

Install them into a Hygeia instance with ``flask xray install-weights --demo``, which checks model.pt
against the SHA-256 recorded in Hygeia itself. Not for diagnosis: see MODEL_CARD.md.
"""
