"""Sync: the wire protocol (shared with the server) and the client engine.

Client API (fieldapp.sync.engine, fieldapp.sync.enrolment, fieldapp.sync.usb) is documented in those modules.
This package file stays light: the server imports fieldapp.sync.protocol and must not pull in `requests`.
"""

from . import messages as _messages  # noqa: F401  (registers the sync message codes)
