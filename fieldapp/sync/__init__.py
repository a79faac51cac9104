"""Sync: the wire protocol (shared with the server) and the client engine.

    protocol/     wire types, field-level diff/merge, USB bundle format (shared with fieldapp.server)
    transport     requests.Session wrapper: timeouts, retries with backoff + jitter, gzip, TLS, plain errors
    engine        SyncEngine(vault, on_progress=cb, cancel=event).run() -> SyncSummary  (one full sync)
    attachments   chunked, resumable, verified blob upload and download
    refresh       forms, profile and head-office settings, fetched when due
    enrolment     enroll(vault, url, user, password) / request_enrolment + store_enrolment
    usb           write_push_bundle / apply_return_bundle (sync by USB stick)
    messages      the sync message codes (Arabic, English)

This package file stays light: the server imports fieldapp.sync.protocol and must not pull in `requests`.
"""

from . import messages as _messages  # noqa: F401  (registers the sync message codes)
