"""OpenAPI examples: answers the plugin gave in its tests (trimmed); the triage parts are the engine's own."""

from core.api import triage


def _triage(text: str, model_level: str | None = None) -> dict:
    return triage(text).record(model_level)


REQUEST = {"symptoms": "Sore throat and a runny nose since yesterday, a little feverish", "duration": "2 days",
           "severity": "mild", "language": "en", "async": False}

RERUN = {"async": False}

ANSWERS = {"answers": [{"question_id": "saddle_numbness", "answer": "no"}, {"question_id": "duration", "answer": 3}]}

_PENICILLIN = ("You listed an allergy to Penicillin, and amoxicillin is that medicine or one of its family: it can "
               "cause the same reaction. Do not take this unless a doctor who knows about it has told you to. Ask "
               "a doctor or pharmacist.")

CONSULTATION = {
    "id": "802090d9-343f-4ab1-8918-1239f1c5ed71", "stored": True,
    "symptoms": "Sore throat and a runny nose since yesterday, a little feverish", "duration": "2 days",
    "severity": "mild", "language": "en", "status": "complete", "source": "llm", "triage_level": "self_care",
    "cache_hit": False, "red_flag": None,
    "triage": _triage("Sore throat and a runny nose since yesterday, a little feverish", "self_care"),
    "questions": _triage("Sore throat and a runny nose since yesterday, a little feverish")["questions"],
    "interview": {"answers": {}, "steps": []},
    "analysis": {
        "summary": "This looks like a common cold.",
        "possible_conditions": [
            {"name": "Common cold", "likelihood": "likely", "explanation": "Sore throat and runny nose.",
             "icd10": "J06.9"},
            {"name": "Strep throat", "likelihood": "less likely", "explanation": "No high fever.",
             "icd10": "J02.0"}],
        "next_steps": ["Rest and drink fluids.", "If it is strep, a course of amoxicillin is usual."],
        "watch_for": ["Difficulty swallowing", "Fever over 39 C for more than 3 days"],
        "medications": [{"name": "Amoxicillin", "note": "Antibiotic for strep throat.",
                         "allergy_warning": _PENICILLIN},
                        {"name": "Paracetamol", "note": "For pain and fever.", "allergy_warning": None}],
        "disclaimer": "This is not a diagnosis.",
    },
    "allergy_warnings": [{"medication": "amoxicillin", "allergy": "Penicillin", "message": _PENICILLIN}],
    "medicine_warnings": [{"kind": "allergy", "severity": "contraindicated", "medicines": ["amoxicillin"],
                           "about": "Penicillin", "message": _PENICILLIN,
                           "advice": "Do not take this unless a doctor who knows about it has told you to. Ask a "
                                     "doctor or pharmacist.",
                           "source": "BNF: Amoxicillin; FDA label (DailyMed) Amoxil", "items": []}],
    "sources": [{"type": "pubmed", "pmid": "31234567", "title": "Honey for acute cough in children",
                 "url": "https://pubmed.ncbi.nlm.nih.gov/31234567/", "plugin": "research"}],
    "health_topics": [{"title": "Common Cold", "code": "J06.9", "source": "MedlinePlus",
                       "url": "https://medlineplus.gov/commoncold.html?utm_source=mplusconnect&utm_medium=service",
                       "summary": "Sneezing, sore throat, a stuffy nose, coughing - everyone knows the symptoms of "
                                  "the common cold. It is probably the most common illness."}],
    "model": "Qwen/Qwen2.5-7B-Instruct", "fallback_reason": None, "job_id": None,
    "created_at": "2026-11-24T22:22:36.984658+00:00", "completed_at": "2026-11-24T22:22:37.233566+00:00",
}

EMERGENCY = {
    **CONSULTATION, "id": None, "stored": False, "symptoms": "I have chest pain and I'm sweating", "duration": None,
    "severity": None, "source": "red_flag", "triage_level": "emergency", "model": None, "allergy_warnings": [],
    "medicine_warnings": [],
    "sources": [], "health_topics": [],
    "triage": _triage("I have chest pain and I'm sweating"),
    "red_flag": {"category": "cardiac", "title": "Possible heart attack", "rule": "cardiac_chest_pain",
                 "advice": "This may be a medical emergency. Call your local emergency number now (911 in the US "
                           "and Canada, 112 in the EU, 999 in the UK) or go to the nearest emergency department. "
                           "Do not wait to see if it passes, and do not drive yourself. Sit down and rest while "
                           "you wait; unlock the door and keep your phone with you."},
    "analysis": {"summary": "Possible heart attack", "possible_conditions": [], "watch_for": [], "medications": [],
                 "next_steps": ["This may be a medical emergency. Call your local emergency number now (911 in "
                                "the US and Canada, 112 in the EU, 999 in the UK) or go to the nearest emergency "
                                "department. Do not wait to see if it passes, and do not drive yourself. Sit down "
                                "and rest while you wait; unlock the door and keep your phone with you."],
                 "disclaimer": "This is general information, not a diagnosis or a substitute for a health "
                               "professional. In an emergency call your local emergency number."},
}

ACCEPTED = {"id": "b57650c0-4441-4322-a723-64b606a957bc", "job_id": "e5f2f286f4294cc4b2b54be8e0bc606e",
            "status": "pending", "status_url": "/api/consultations/b57650c0-4441-4322-a723-64b606a957bc/"}

PAGE = {"items": [CONSULTATION], "page": 1, "page_size": 20, "total": 1, "pages": 1}
