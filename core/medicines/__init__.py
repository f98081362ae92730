"""Offline medicine checks from sourced tables: names as people write them to ingredients, then
duplicates, daily maximums, overdoses, allergies, conditions, age, pregnancy and interactions.

``review(medicines, profile=..., question=..., language=...)`` returns a Review; see
docs/medications.md for the tables, their sources and their limits.
"""

from core.medicines.checks import Finding
from core.medicines.items import ingredients_of
from core.medicines.names import mentioned_medicines
from core.medicines.review import OUTCOMES, InvalidMedicine, Review, review, warnings_for
from core.medicines.table import summary as table_summary

__all__ = ["OUTCOMES", "Finding", "InvalidMedicine", "Review", "ingredients_of", "mentioned_medicines", "review",
           "table_summary", "warnings_for"]
