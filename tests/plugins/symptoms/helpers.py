"""Model answers for the tests, in the JSON shape the plugin asks for."""

import json


def model_answer(**changes) -> str:
    answer = {
        "triage_level": "self_care",
        "summary": "This looks like a common cold.",
        "possible_conditions": [
            {"name": "Common cold", "likelihood": "likely", "explanation": "Sore throat and runny nose.",
             "icd10": "J06.9"},
            {"name": "Strep throat", "likelihood": "less likely", "explanation": "No high fever.",
             "icd10": "J02.0"},
        ],
        "next_steps": ["Rest and drink fluids.", "Take paracetamol if the throat hurts."],
        "watch_for": ["Difficulty swallowing", "Fever over 39 C for more than 3 days"],
        "medications": [{"name": "Paracetamol", "note": "For pain and fever."}],
        "disclaimer": "This is not a diagnosis.",
    }
    answer.update(changes)
    return json.dumps(answer)


def user_prompt(request_body: dict) -> str:
    return next(m["content"] for m in request_body["messages"] if m["role"] == "user")


def system_prompt(request_body: dict) -> str:
    return next(m["content"] for m in request_body["messages"] if m["role"] == "system")
