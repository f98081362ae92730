"""The health profile as FHIR R4 resources: a Patient, and a collection Bundle holding it with
the profile's facts (body weight and height Observations, AllergyIntolerance, Condition and
MedicationStatement entries, coded as text since the profile stores free text)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from core.models_base import utcnow

# FHIR R4 AdministrativeGender is male | female | other | unknown.
FHIR_GENDER = {"female": "female", "male": "male", "non_binary": "other", "other": "other",
               "prefer_not_to_say": "unknown"}
LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
BCP47 = "urn:ietf:bcp:47"
USER_ID_SYSTEM = "urn:hygeia:user-id"


def _instant(value: datetime | None) -> str:
    return (value or utcnow()).isoformat(timespec="seconds")


def patient(user, profile) -> dict[str, Any]:
    """A FHIR R4 Patient for ``user`` and its HealthProfile."""
    resource: dict[str, Any] = {
        "resourceType": "Patient",
        "id": str(user.id),
        "meta": {"lastUpdated": _instant(getattr(profile, "updated_at", None) or user.created_at)},
        "identifier": [{"system": USER_ID_SYSTEM, "value": str(user.id)}],
        "active": bool(user.is_active),
        "telecom": [{"system": "email", "value": user.email, "use": "home"}],
        "gender": FHIR_GENDER.get(profile.gender or "", "unknown"),
        "communication": [{"language": {"coding": [{"system": BCP47, "code": profile.preferred_language or "en"}]},
                           "preferred": True}],
    }
    if profile.country:
        resource["address"] = [{"country": profile.country}]
    if profile.age is not None:  # the profile stores an age, not a birth date
        resource["extension"] = [{"url": "urn:hygeia:fhir:age-years", "valueInteger": profile.age}]
    return resource


def _observation(subject: dict, code: str, display: str, value: float, unit: str, ucum: str) -> dict:
    return {"resourceType": "Observation", "id": str(uuid.uuid4()), "status": "final",
            "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category",
                                      "code": "vital-signs"}]}],
            "code": {"coding": [{"system": LOINC, "code": code, "display": display}], "text": display},
            "subject": subject, "valueQuantity": {"value": value, "unit": unit, "system": UCUM, "code": ucum}}


def profile_bundle(user, profile) -> dict[str, Any]:
    """A collection Bundle: the Patient first, then a resource per profile fact."""
    person = patient(user, profile)
    subject = {"reference": f"Patient/{person['id']}"}
    resources: list[dict] = [person]
    if profile.weight_kg is not None:
        resources.append(_observation(subject, "29463-7", "Body weight", profile.weight_kg, "kg", "kg"))
    if profile.height_cm is not None:
        resources.append(_observation(subject, "8302-2", "Body height", profile.height_cm, "cm", "cm"))
    for text in profile.allergies or []:
        resources.append({"resourceType": "AllergyIntolerance", "id": str(uuid.uuid4()),
                          "code": {"text": text}, "patient": subject})
    for text in profile.chronic_conditions or []:
        resources.append({"resourceType": "Condition", "id": str(uuid.uuid4()), "code": {"text": text},
                          "subject": subject})
    for text in profile.current_medications or []:
        resources.append({"resourceType": "MedicationStatement", "id": str(uuid.uuid4()), "status": "active",
                          "medicationCodeableConcept": {"text": text}, "subject": subject})
    return {"resourceType": "Bundle", "id": str(uuid.uuid4()), "type": "collection", "timestamp": _instant(None),
            "entry": [{"fullUrl": f"urn:uuid:{r['id']}", "resource": r} for r in resources]}
