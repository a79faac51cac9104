"""Form expressions: `${field}` references in a small, safe subset of Python syntax.

An expression is parsed with `ast` and walked by our own evaluator; only the node types listed in
`_ALLOWED` exist for it. There is no `eval`, no attribute access, no subscripts, no comprehensions,
no lambdas, no power or shift operators (no way to build huge numbers or strings quickly) and no
builtins: a call names one of the functions in `functions.FUNCTIONS`, nothing else.

    ${exp_rent} + ${exp_food}              arithmetic; a blank answer counts as 0 in + - * (like a spreadsheet)
    ${housing_type} != 'owned'             comparisons; null compares equal only to null
    ${rec_aid_type} in ['training', 'x']   membership in a literal list
    sum(${amount})                         ${amount} inside a repeat, used outside it: the column of its rows
    count(${members}, age(${birth_date}, ${visit_date}) < 15)   the condition is evaluated in each row
    value <= ${debt_amount}                `value` is the field's own answer (constraints)
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field

MAX_LENGTH = 4000
MAX_DEPTH = 60   # the evaluator recurses once per level; Python allows ~1000 frames
REF = re.compile(r"\$\{\s*([^}]*?)\s*\}")
REF_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*(?:/[A-Za-z][A-Za-z0-9_]*)?$")
PLACEHOLDER = "__f{}"
CONSTANTS = {"true": True, "false": False, "null": None}

_ALLOWED: tuple[type, ...] = (
    ast.Expression, ast.BoolOp, ast.And, ast.Or, ast.BinOp, ast.Add, ast.Sub, ast.Mult, ast.Div, ast.FloorDiv,
    ast.Mod, ast.UnaryOp, ast.Not, ast.USub, ast.UAdd, ast.Compare, ast.Eq, ast.NotEq, ast.Lt, ast.LtE, ast.Gt,
    ast.GtE, ast.In, ast.NotIn, ast.IfExp, ast.Call, ast.Name, ast.Load, ast.Constant, ast.List, ast.Tuple,
)


class ExprError(Exception):
    """An expression that cannot be compiled: `code` is a message key, `detail` a short hint."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


@dataclass(frozen=True)
class Expr:
    source: str
    tree: ast.Expression
    placeholders: dict[str, str] = field(default_factory=dict)   # placeholder name -> referenced field id
    written: dict[str, str] = field(default_factory=dict)        # placeholder name -> the reference as written

    @property
    def refs(self) -> list[str]:
        """Referenced field ids in order of first appearance (a "repeat/field" path gives its field id)."""
        return list(dict.fromkeys(self.placeholders.values()))

    @property
    def names(self) -> set[str]:
        """Bare names used (value, thresholds, rule values), besides true/false/null and functions."""
        found = set()
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Name) and node.id not in self.placeholders and node.id not in CONSTANTS:
                found.add(node.id)
        return found - _called_names(self.tree)


def _called_names(tree: ast.AST) -> set[str]:
    return {n.func.id for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}


def field_id_of(ref: str) -> str:
    """`${income_sources/amount}` and `${amount}` name the same field: ids are unique in a form."""
    return ref.rsplit("/", 1)[-1]


def compile_expr(source: str) -> Expr:
    """Parse and whitelist an expression; raise ExprError with a message key when it is not allowed."""
    if not isinstance(source, str) or not source.strip():
        raise ExprError("form.expr.empty")
    if len(source) > MAX_LENGTH:
        raise ExprError("form.expr.too_long", str(MAX_LENGTH))
    if "__" in REF.sub("", source):
        raise ExprError("form.expr.forbidden", "__")
    placeholders: dict[str, str] = {}
    written: dict[str, str] = {}
    by_ref: dict[str, str] = {}

    def substitute(match: re.Match[str]) -> str:
        ref = match.group(1)
        if not REF_NAME.match(ref):
            raise ExprError("form.expr.bad_reference", ref[:40])
        name = by_ref.setdefault(ref, PLACEHOLDER.format(len(by_ref)))
        placeholders[name] = field_id_of(ref)
        written[name] = ref
        return f" {name} "

    text = REF.sub(substitute, source)
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
        if "$" in text and isinstance(exc, SyntaxError):   # `$x` or an unclosed `${x`; a `$` in quotes is fine
            raise ExprError("form.expr.bad_reference", "$") from None
        raise ExprError("form.expr.syntax", str(getattr(exc, "msg", "") or type(exc).__name__)[:80]) from None
    for node in ast.walk(tree):
        _check_node(node, placeholders)
    if depth(tree) > MAX_DEPTH:
        raise ExprError("form.expr.too_deep", str(MAX_DEPTH))
    return Expr(source, tree, placeholders, written)


def _check_node(node: ast.AST, placeholders: dict[str, str]) -> None:
    if not isinstance(node, _ALLOWED):
        raise ExprError("form.expr.forbidden", type(node).__name__)
    if isinstance(node, ast.Constant) and not isinstance(node.value, (int, float, str, bool, type(None))):
        raise ExprError("form.expr.forbidden", "constant")
    if isinstance(node, ast.Name) and node.id.startswith("_") and node.id not in placeholders:
        raise ExprError("form.expr.forbidden", node.id[:40])
    if isinstance(node, ast.Call):
        if not isinstance(node.func, ast.Name) or node.func.id in placeholders:
            raise ExprError("form.expr.forbidden", "call")
        if node.keywords or any(isinstance(a, ast.Starred) for a in node.args):
            raise ExprError("form.expr.forbidden", "keyword")
    if isinstance(node, (ast.List, ast.Tuple)) and len(node.elts) > 200:
        raise ExprError("form.expr.too_long", "list")


def depth(tree: ast.AST) -> int:
    """Nesting depth, so the recursive evaluator and checker never exceed Python's stack."""
    best, stack = 0, [(tree, 1)]
    while stack:
        node, level = stack.pop()
        best = max(best, level)
        stack.extend((child, level + 1) for child in ast.iter_child_nodes(node))
    return best
