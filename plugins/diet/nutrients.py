"""The nutrients the diet plugin ships and reports, keyed by a stable name.

Each maps to one USDA SR28 nutrient number (NUTR_DEF.Nutr_No). The order here
is the order of the values in the shipped food table.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Nutrient:
    key: str
    nutr_no: str  # USDA SR28 Nutr_No
    name: str
    unit: str


NUTRIENTS: tuple[Nutrient, ...] = (
    Nutrient("energy_kcal", "208", "Energy", "kcal"),
    Nutrient("protein_g", "203", "Protein", "g"),
    Nutrient("fat_g", "204", "Total fat", "g"),
    Nutrient("saturated_fat_g", "606", "Saturated fat", "g"),
    Nutrient("monounsaturated_fat_g", "645", "Monounsaturated fat", "g"),
    Nutrient("polyunsaturated_fat_g", "646", "Polyunsaturated fat", "g"),
    Nutrient("trans_fat_g", "605", "Trans fat", "g"),
    Nutrient("cholesterol_mg", "601", "Cholesterol", "mg"),
    Nutrient("carbohydrate_g", "205", "Carbohydrate", "g"),
    Nutrient("sugars_g", "269", "Sugars", "g"),
    Nutrient("fibre_g", "291", "Fibre", "g"),
    Nutrient("sodium_mg", "307", "Sodium", "mg"),
    Nutrient("potassium_mg", "306", "Potassium", "mg"),
    Nutrient("calcium_mg", "301", "Calcium", "mg"),
    Nutrient("iron_mg", "303", "Iron", "mg"),
    Nutrient("magnesium_mg", "304", "Magnesium", "mg"),
    Nutrient("phosphorus_mg", "305", "Phosphorus", "mg"),
    Nutrient("zinc_mg", "309", "Zinc", "mg"),
    Nutrient("vitamin_a_ug", "320", "Vitamin A (RAE)", "µg"),
    Nutrient("vitamin_c_mg", "401", "Vitamin C", "mg"),
    Nutrient("vitamin_d_ug", "328", "Vitamin D", "µg"),
    Nutrient("vitamin_e_mg", "323", "Vitamin E", "mg"),
    Nutrient("vitamin_k_ug", "430", "Vitamin K", "µg"),
    Nutrient("thiamin_mg", "404", "Thiamin", "mg"),
    Nutrient("riboflavin_mg", "405", "Riboflavin", "mg"),
    Nutrient("niacin_mg", "406", "Niacin", "mg"),
    Nutrient("vitamin_b6_mg", "415", "Vitamin B6", "mg"),
    Nutrient("folate_ug", "435", "Folate (DFE)", "µg"),
    Nutrient("vitamin_b12_ug", "418", "Vitamin B12", "µg"),
    Nutrient("caffeine_mg", "262", "Caffeine", "mg"),
    Nutrient("alcohol_g", "221", "Alcohol", "g"),
    Nutrient("water_g", "255", "Water", "g"),
)

KEYS: tuple[str, ...] = tuple(n.key for n in NUTRIENTS)
BY_KEY: dict[str, Nutrient] = {n.key: n for n in NUTRIENTS}
