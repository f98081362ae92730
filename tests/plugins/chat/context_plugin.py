"""A stand-in for another feature plugin: answers the ai_context hook the way research or diet would."""

from core.api import ContextItem, Manifest, hookimpl

manifest = Manifest(name="chatctx", version="1.0.0", description="AI context for the chat tests")


@hookimpl
def ai_context(query, user_id, requester):
    if "iron" not in query.lower():
        return []
    return [ContextItem("Research on iron", "Iron absorption improves with vitamin C (Smith 2021).",
                        [{"type": "citation", "title": "Iron and vitamin C", "year": 2021}])]
