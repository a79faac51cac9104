"""The evaluator of compiled expressions: a walk over the whitelisted AST, never `eval`.

Values are plain data: None (blank), bool, int, Fraction/float, str, lists (a select-many answer or
the column of a repeat field) and `Rows` (the rows of a repeat, each a scope of its own). Any
operation that does not fit its operands gives None instead of raising, so a half-filled form
always evaluates; the checker reports such type errors before a form is used.
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable
from fractions import Fraction
from typing import Any, Protocol

from .expr import CONSTANTS, Expr
from .functions import FUNCTIONS, ROW_FUNCTIONS


class Scope(Protocol):
    def ref(self, field_id: str) -> Any: ...
    def name(self, name: str) -> Any: ...


class Rows(list):  # type: ignore[type-arg]
    """The rows of a repeat group as seen from an expression: a list of row scopes."""


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float, Fraction)) and not isinstance(value, bool)


def _num(value: Any) -> Any:
    """A blank counts as 0 in arithmetic (a spreadsheet's blank cell); other non-numbers do not count."""
    if value is None:
        return 0
    return value if is_number(value) else None


def _divide(left: Any, right: Any, op: Callable[[Any, Any], Any]) -> Any:
    a, b = _num(left), _num(right)
    if a is None or b is None or b == 0:
        return None
    if op is operator.truediv and isinstance(a, int) and isinstance(b, int):
        return Fraction(a, b)   # exact: money is divided without float rounding
    return op(a, b)


def _arith(node: ast.BinOp, left: Any, right: Any) -> Any:
    if isinstance(node.op, ast.Add) and isinstance(left, str) and isinstance(right, str):
        return left + right
    if isinstance(node.op, (ast.Div, ast.FloorDiv, ast.Mod)):
        ops = {ast.Div: operator.truediv, ast.FloorDiv: operator.floordiv, ast.Mod: operator.mod}
        return _divide(left, right, ops[type(node.op)])
    a, b = _num(left), _num(right)
    if a is None or b is None:
        return None
    ops2 = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul}
    return ops2[type(node.op)](a, b)


_ORDER = {ast.Lt: operator.lt, ast.LtE: operator.le, ast.Gt: operator.gt, ast.GtE: operator.ge}


def _compare_one(op: ast.cmpop, left: Any, right: Any) -> bool:
    if isinstance(op, ast.Eq):
        return bool(left == right)
    if isinstance(op, ast.NotEq):
        return bool(left != right)
    if isinstance(op, (ast.In, ast.NotIn)):
        found = isinstance(right, (list, tuple)) and left is not None and left in right
        return found if isinstance(op, ast.In) else not found
    if left is None or right is None or isinstance(left, bool) or isinstance(right, bool):
        return False
    if is_number(left) != is_number(right):
        return False
    try:
        return bool(_ORDER[type(op)](left, right))
    except TypeError:
        return False


class Evaluator:
    """Evaluates one compiled expression against a scope (answers, row, thresholds)."""

    def __init__(self, expr: Expr, scope: Scope, self_value: Any = None) -> None:
        self.expr = expr
        self.scope = scope
        self.self_value = self_value

    def run(self) -> Any:
        return self._eval(self.expr.tree.body, self.scope)

    def _eval(self, node: ast.AST, scope: Scope) -> Any:
        method = getattr(self, "_" + type(node).__name__, None)
        if method is None:   # unreachable after compile_expr's whitelist; refuse rather than guess
            return None
        return method(node, scope)

    def _Constant(self, node: ast.Constant, scope: Scope) -> Any:
        return node.value

    def _Name(self, node: ast.Name, scope: Scope) -> Any:
        if node.id in self.expr.placeholders:
            return scope.ref(self.expr.placeholders[node.id])
        if node.id in CONSTANTS:
            return CONSTANTS[node.id]
        if node.id == "value":
            return self.self_value
        return scope.name(node.id)

    def _List(self, node: ast.List | ast.Tuple, scope: Scope) -> Any:
        return [self._eval(e, scope) for e in node.elts]

    _Tuple = _List

    def _BoolOp(self, node: ast.BoolOp, scope: Scope) -> bool:
        if isinstance(node.op, ast.And):
            return all(self._truth(self._eval(v, scope)) for v in node.values)
        return any(self._truth(self._eval(v, scope)) for v in node.values)

    @staticmethod
    def _truth(value: Any) -> bool:
        return bool(value) if value is not None else False

    def _UnaryOp(self, node: ast.UnaryOp, scope: Scope) -> Any:
        value = self._eval(node.operand, scope)
        if isinstance(node.op, ast.Not):
            return not self._truth(value)
        number = _num(value)
        if number is None:
            return None
        return -number if isinstance(node.op, ast.USub) else number

    def _BinOp(self, node: ast.BinOp, scope: Scope) -> Any:
        return _arith(node, self._eval(node.left, scope), self._eval(node.right, scope))

    def _Compare(self, node: ast.Compare, scope: Scope) -> bool:
        left = self._eval(node.left, scope)
        for op, right_node in zip(node.ops, node.comparators, strict=True):
            right = self._eval(right_node, scope)
            if not _compare_one(op, left, right):
                return False
            left = right
        return True

    def _IfExp(self, node: ast.IfExp, scope: Scope) -> Any:
        branch = node.body if self._truth(self._eval(node.test, scope)) else node.orelse
        return self._eval(branch, scope)

    def _Call(self, node: ast.Call, scope: Scope) -> Any:
        name = node.func.id if isinstance(node.func, ast.Name) else ""
        args: list[Any] = []
        if name in ROW_FUNCTIONS and len(node.args) == 2:
            rows = self._eval(node.args[0], scope)
            if isinstance(rows, Rows):   # count(${members}, condition): the second argument runs in each row
                return ROW_FUNCTIONS[name]([self._eval(node.args[1], row) for row in rows])
            args = [rows, self._eval(node.args[1], scope)]   # max(${a}, ${b}): two plain values
        function = FUNCTIONS.get(name)
        if function is None:
            return None
        args = args or [self._eval(a, scope) for a in node.args]
        try:
            return function(*args)
        except (TypeError, ValueError, ArithmeticError, OverflowError):
            return None


def evaluate_expr(expr: Expr, scope: Scope, self_value: Any = None) -> Any:
    return Evaluator(expr, scope, self_value).run()
