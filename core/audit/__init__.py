"""Audit log of access to health data: who read or changed which record, when, from where.

Recorded generically (core.audit.recorder) for every successful authenticated request to a
user-data endpoint; only the route, the record id and the request's origin are kept, never
the data itself, the query string or the body. Owners read theirs at GET /api/profile/audit/.
"""
