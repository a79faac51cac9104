"""The forms engine: data-driven form definitions, safe expressions, evaluation and eligibility.

    load_form(path_or_dict) -> FormDefinition      default_form() -> FormDefinition (cached)
    check_definition(dict) -> list[Problem]         evaluate(form, answers, lang) -> Evaluation
    format_value(form, field_id, value, lang, currency) -> str   (answers and computed values for display)
    ensure_submittable(form, answers) -> Evaluation, or TransitionRefused("workflow.invalid_form")

Pure Python: no Qt, SQL or HTTP. See docs/FORMS.md for how head office writes a form.
"""

from __future__ import annotations

from . import messages as _messages  # noqa: F401  (registers the message codes)
from .checker import Problem, check_definition
from .definition import FormDefinition
from .display import format_value
from .eligibility import Eligibility
from .engine import Evaluation, ensure_submittable, evaluate
from .expr import ExprError, compile_expr
from .loading import default_form, load_form
from .model import FIELD_TYPES, Choice, FieldDef, SectionDef

__all__ = [
    "FIELD_TYPES", "Choice", "Eligibility", "Evaluation", "ExprError", "FieldDef", "FormDefinition", "Problem",
    "SectionDef", "check_definition", "compile_expr", "default_form", "ensure_submittable", "evaluate", "format_value", "load_form",
]
