"""Request and response bodies, with an example on every field for the OpenAPI spec."""

from __future__ import annotations

from datetime import timedelta

import marshmallow as ma

from core.api import PageArgs, utcnow

MAX_SLEEP = timedelta(hours=20)
CLOCK_SKEW = timedelta(minutes=5)


class SleepLogSchema(ma.Schema):
    id = ma.fields.UUID(dump_only=True, metadata={"example": "0f8e5b1c-6a2d-4e0b-9d47-3c1a2b7e9f10"})
    night = ma.fields.Date(dump_only=True, metadata={
        "example": "2026-11-23", "description": "The evening the sleep began, in the user's time zone."})
    bedtime = ma.fields.AwareDateTime(required=True, metadata={
        "example": "2026-11-23T23:10:00+01:00", "description": "When the user fell asleep, with its UTC offset."})
    wake_time = ma.fields.AwareDateTime(required=True, metadata={"example": "2026-11-24T06:40:00+01:00"})
    utc_offset_minutes = ma.fields.Integer(dump_only=True, metadata={"example": 60})
    minutes = ma.fields.Integer(dump_only=True, metadata={"example": 450})
    quality = ma.fields.Integer(load_default=None, allow_none=True, validate=ma.validate.Range(min=1, max=5),
                                metadata={"example": 4, "description": "1 (very poor) to 5 (very good)."})
    awakenings = ma.fields.Integer(load_default=None, allow_none=True, validate=ma.validate.Range(min=0, max=50),
                                   metadata={"example": 1})
    note = ma.fields.String(load_default=None, allow_none=True, validate=ma.validate.Length(max=500),
                            metadata={"example": "Coffee after 6 pm."})
    created_at = ma.fields.AwareDateTime(dump_only=True, metadata={"example": "2026-11-24T06:45:12+00:00"})

    @ma.validates_schema
    def check_times(self, data, **kwargs):
        bedtime, wake_time = data.get("bedtime"), data.get("wake_time")
        if bedtime is None or wake_time is None:
            return
        if wake_time <= bedtime:
            raise ma.ValidationError("must be after bedtime.", "wake_time")
        if wake_time - bedtime > MAX_SLEEP:
            raise ma.ValidationError("a sleep longer than 20 hours cannot be logged.", "wake_time")
        if wake_time > utcnow() + CLOCK_SKEW:
            raise ma.ValidationError("cannot be in the future.", "wake_time")


class SleepLogQuerySchema(PageArgs):
    since = ma.fields.Date(metadata={"example": "2026-11-01", "description": "First night included."})
    until = ma.fields.Date(metadata={"example": "2026-11-30", "description": "Last night included."})

    @ma.validates_schema
    def check_range(self, data, **kwargs):
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise ma.ValidationError("must not be before since.", "until")


class SleepSummarySchema(ma.Schema):
    window_nights = ma.fields.Integer(required=True, metadata={"example": 14})
    nights = ma.fields.Integer(required=True, metadata={"example": 12})
    average_minutes = ma.fields.Integer(allow_none=True, metadata={"example": 412})
    average_quality = ma.fields.Float(allow_none=True, metadata={"example": 3.4})
    short_nights = ma.fields.Integer(required=True, metadata={"example": 3})
    bedtime_spread_minutes = ma.fields.Integer(allow_none=True, metadata={"example": 38})
    updated_at = ma.fields.AwareDateTime(allow_none=True, metadata={"example": "2026-11-24T06:45:13+00:00"})
