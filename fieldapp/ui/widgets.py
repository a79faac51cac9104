"""Small widget factories shared by the views."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .qt import QPushButton


def push_button(name: str, slot: Callable[..., Any]) -> QPushButton:
    """A button with its objectName set and its click connected; text and accessible name come at retranslate."""
    button = QPushButton()
    button.setObjectName(name)
    button.clicked.connect(slot)
    return button
