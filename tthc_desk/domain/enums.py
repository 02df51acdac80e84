"""The app's enumerations; their lower-case values are what the database stores."""

from __future__ import annotations

import enum


class Role(enum.StrEnum):
    CLERK = "clerk"
    OFFICER = "officer"
    LEADER = "leader"
    ADMIN = "admin"


class DocumentKind(enum.StrEnum):
    ORIGINAL = "original"
    CERTIFIED_COPY = "certified_copy"
    COPY = "copy"
    FORM = "form"


class TimeUnit(enum.StrEnum):
    WORKING_DAYS = "working_days"
    WORKING_HOURS = "working_hours"
    SAME_DAY = "same_day"


class OnlineService(enum.StrEnum):
    NONE = "none"
    PARTIAL = "partial"
    FULL = "full"


class ProcedureStatus(enum.StrEnum):
    ACTIVE = "active"
    RETIRED = "retired"


class Channel(enum.StrEnum):
    COUNTER = "counter"
    ONLINE = "online"
    POST = "post"


class DossierState(enum.StrEnum):
    SUBMITTED_ONLINE = "submitted_online"  # waiting for reception (8 working hours)
    RECEIVED = "received"
    IN_PROGRESS = "in_progress"
    PAUSED = "paused"
    SUPPLEMENT_REQUESTED = "supplement_requested"
    RESULT_READY = "result_ready"
    RETURNED = "returned"
    REFUSED = "refused"
    STOPPED = "stopped"
    WITHDRAWN = "withdrawn"


class PaymentMethod(enum.StrEnum):
    NONE = "none"
    CASH = "cash"
    TRANSFER = "transfer"
    ONLINE = "online"


class ResultDelivery(enum.StrEnum):
    COUNTER = "counter"
    POST = "post"
    ONLINE = "online"


class AttachmentRole(enum.StrEnum):
    INTAKE = "intake"
    RESULT = "result"
    SUPPLEMENT = "supplement"


class DayKind(enum.StrEnum):
    DAY_OFF = "day_off"
    WORKDAY = "workday"


class FeedbackState(enum.StrEnum):
    RECEIVED = "received"
    REJECTED = "rejected"
    SUPPLEMENT_REQUESTED = "supplement_requested"
    IN_PROGRESS = "in_progress"
    ANSWERED = "answered"
    PUBLISHED = "published"
