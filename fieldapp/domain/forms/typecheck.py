"""Static checks of one expression: unknown references, repeat scoping, types and choice values.

Types are small strings: number, text, date, bool, none, any, choices (a select-many answer),
rows:<repeat> (the rows of a repeat) and list:<type> (a literal list or the column of a repeat field,
which only an aggregate may take). `text` and `date` compare with each other ("2024-01-01").
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from typing import Any

from .expr import CONSTANTS, Expr
from .functions import FUNCTIONS, MAX_PATTERN, ROW_FUNCTIONS
from .model import FieldDef

SCALAR = {"text": "text", "long_text": "text", "phone": "text", "national_id": "text", "select_one": "text",
          "date": "date", "integer": "number", "decimal": "number", "money": "number", "number": "number",
          "yes_no": "bool", "select_many": "choices", "attachment": "list:text"}
AGGREGATES = {"sum", "count", "max", "min", "avg"}
Issue = tuple[str, dict[str, Any]]


@dataclass
class TypeEnv:
    fields: dict[str, FieldDef]
    repeat: str | None = None                      # the repeat whose row the expression is evaluated in
    names: dict[str, str] = field(default_factory=dict)
    self_field: FieldDef | None = None             # `value` in a constraint


def compatible(a: str, b: str) -> bool:
    if a == b or "any" in (a, b) or "none" in (a, b) or {a, b} == {"text", "date"}:
        return True
    elements = [t[5:] if t.startswith("list:") else ("text" if t == "choices" else None) for t in (a, b)]
    return None not in elements and compatible(str(elements[0]), str(elements[1]))


def element(t: str) -> str | None:
    if t.startswith("list:"):
        return t[5:]
    return "text" if t == "choices" else ("any" if t == "any" else None)


class Checker:
    def __init__(self, expr: Expr, env: TypeEnv) -> None:
        self.expr = expr
        self.env = env
        self.issues: list[Issue] = []

    def run(self) -> list[Issue]:
        self.infer(self.expr.tree.body, self.env.repeat)
        return self.issues

    def issue(self, code: str, **params: Any) -> str:
        self.issues.append((code, params))
        return "any"

    # --- references ---------------------------------------------------------------------------------
    def ref_field(self, node: ast.AST) -> FieldDef | None:
        if isinstance(node, ast.Name) and node.id in self.expr.placeholders:
            return self.env.fields.get(self.expr.placeholders[node.id])
        if isinstance(node, ast.Name) and node.id == "value":
            return self.env.self_field
        return None

    def name_type(self, node: ast.Name, repeat: str | None, column_ok: bool) -> str:
        if node.id in self.expr.placeholders:
            fid = self.expr.placeholders[node.id]
            f = self.env.fields.get(fid)
            if f is None:
                return self.issue("form.unknown_field", id=fid)
            written = self.expr.written.get(node.id, fid)
            if "/" in written and written != f.path:   # ${members/amount}: amount is not in members
                return self.issue("form.unknown_field", id=written)
            if f.type == "note" or f.kind == "eligibility":
                return self.issue("form.type_error", detail=f"{fid} has no value to compute with")
            if f.type == "repeat":
                return f"rows:{f.id}" if f.parent is None else "any"
            scalar = SCALAR.get(f.kind, "any")
            if f.parent is None or f.parent == repeat:
                return scalar
            if not column_ok:
                return self.issue("form.needs_aggregate", id=fid)
            return f"list:{scalar}"
        if node.id in CONSTANTS:
            return "none" if CONSTANTS[node.id] is None else "bool"
        if node.id == "value" and self.env.self_field is not None:
            own = self.env.self_field
            return "number" if own.type == "repeat" else SCALAR.get(own.kind, "any")
        if node.id in self.env.names:
            return self.env.names[node.id]
        return self.issue("form.unknown_name", name=node.id)

    # --- inference ----------------------------------------------------------------------------------
    def infer(self, node: ast.AST, repeat: str | None, column_ok: bool = False) -> str:
        if isinstance(node, ast.Name):
            return self.name_type(node, repeat, column_ok)
        if isinstance(node, ast.Constant):
            value = node.value
            if value is None:
                return "none"
            return "bool" if isinstance(value, bool) else ("text" if isinstance(value, str) else "number")
        if isinstance(node, (ast.List, ast.Tuple)):
            types = [self.infer(e, repeat) for e in node.elts]
            first = next((t for t in types if t not in ("none", "any")), "any")
            if any(not compatible(first, t) for t in types):
                self.issue("form.type_error", detail="a list mixes types")
            return f"list:{first}"
        if isinstance(node, ast.BoolOp):
            for value in node.values:
                self.infer(value, repeat)
            return "bool"
        if isinstance(node, ast.UnaryOp):
            operand = self.infer(node.operand, repeat)
            if isinstance(node.op, ast.Not):
                return "bool"
            if operand not in ("number", "none", "any"):
                self.issue("form.type_error", detail=f"a sign before {operand}")
            return "number"
        if isinstance(node, ast.BinOp):
            return self.binop(node, repeat)
        if isinstance(node, ast.Compare):
            return self.compare(node, repeat)
        if isinstance(node, ast.IfExp):
            self.infer(node.test, repeat)
            a, b = self.infer(node.body, repeat), self.infer(node.orelse, repeat)
            if not compatible(a, b):
                self.issue("form.type_error", detail=f"the branches give {a} and {b}")
            return b if a == "none" else a
        if isinstance(node, ast.Call):
            return self.call(node, repeat)
        return self.issue("form.expr.forbidden", detail=type(node).__name__)

    def binop(self, node: ast.BinOp, repeat: str | None) -> str:
        a, b = self.infer(node.left, repeat), self.infer(node.right, repeat)
        numeric = ("number", "none", "any")
        if isinstance(node.op, ast.Add) and a == b == "text":
            return "text"
        if a not in numeric or b not in numeric:
            symbol = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.FloorDiv: "//", ast.Mod: "%"}
            return self.issue("form.type_error", detail=f"{a} {symbol.get(type(node.op), '?')} {b}")
        return "number"

    def compare(self, node: ast.Compare, repeat: str | None) -> str:
        left_node, left = node.left, self.infer(node.left, repeat)
        for op, right_node in zip(node.ops, node.comparators, strict=True):
            right = self.infer(right_node, repeat)
            if isinstance(op, (ast.In, ast.NotIn)):
                inner = element(right)
                if inner is None or not compatible(left, inner):
                    self.issue("form.type_error", detail=f"{left} in {right}")
                self.check_choices(left_node, right_node)
            elif isinstance(op, (ast.Eq, ast.NotEq)):
                if not compatible(left, right):
                    self.issue("form.type_error", detail=f"{left} compared with {right}")
                self.check_choices(left_node, right_node)
                self.check_choices(right_node, left_node)
            else:
                ordered = {left, right} - {"any", "none"}
                if not (ordered <= {"number"} or ordered <= {"text", "date"}):
                    self.issue("form.type_error", detail=f"{left} ordered against {right}")
            left_node, left = right_node, right
        return "bool"

    def check_choices(self, ref: ast.AST, constants: ast.AST) -> None:
        """`${city} == 'riyadh'`: a constant that is not one of the field's choices is a bad choice."""
        f = self.ref_field(ref)
        if f is None or not f.choices:
            return
        items = constants.elts if isinstance(constants, (ast.List, ast.Tuple)) else [constants]
        for item in items:
            if isinstance(item, ast.Constant) and isinstance(item.value, str) and item.value not in f.choice_values():
                self.issue("form.bad_choice", value=item.value, id=f.id)

    def call(self, node: ast.Call, repeat: str | None) -> str:
        name = node.func.id if isinstance(node.func, ast.Name) else ""
        if name not in FUNCTIONS:
            for arg in node.args:
                self.infer(arg, repeat)
            return self.issue("form.unknown_function", name=name)
        args = node.args
        first = self.infer(args[0], repeat, column_ok=name in AGGREGATES) if args else "none"
        if name in ROW_FUNCTIONS and len(args) == 2 and first.startswith("rows:"):
            inner = self.infer(args[1], first[5:])   # the per-row expression sees that repeat's row
            if name != "count" and inner not in ("number", "none", "any"):
                self.issue("form.type_error", detail=f"{name} over {inner}")
            return "number"
        types = [first] + [self.infer(a, repeat, column_ok=name in AGGREGATES) for a in args[1:]]
        return self.signature(name, node, types[:len(args)])

    def arity(self, name: str, types: list[str], low: int, high: int | None) -> bool:
        if len(types) < low or (high is not None and len(types) > high):
            self.issue("form.type_error", detail=f"{name}() takes {low}{'' if high == low else '+'} arguments")
            return False
        return True

    def expect(self, name: str, actual: str, wanted: tuple[str, ...]) -> None:
        if actual not in wanted + ("any", "none"):
            self.issue("form.type_error", detail=f"{name}() does not take {actual}")

    def signature(self, name: str, node: ast.Call, types: list[str]) -> str:
        if name in ("sum", "max", "min", "avg"):
            if self.arity(name, types, 1, None):
                for t in types:
                    self.expect(name, t, ("number", "list:number", "list:any"))
            return "number"
        if name == "count":   # count(list) counts its answered items; count(a, b, …) the answered arguments
            one_list = len(types) == 1 and (types[0].startswith(("list:", "rows:")) or types[0] == "choices")
            if self.arity(name, types, 1, None) and len(types) == 1 and not one_list:
                self.expect(name, types[0], ())
            return "number"
        if name in ("round", "abs"):
            if self.arity(name, types, 1, 2 if name == "round" else 1):
                for t in types:
                    self.expect(name, t, ("number",))
            return "number"
        if name in ("selected", "any_selected", "count_selected"):
            if self.arity(name, types, 1 if name == "count_selected" else 2, 1 if name == "count_selected" else 2):
                self.expect(name, types[0], ("choices",))
                if name == "selected":
                    self.expect(name, types[1], ("text",))
                    self.check_choices(node.args[0], node.args[1])
                elif name == "any_selected":
                    self.expect(name, types[1], ("list:text", "list:any"))
                    self.check_choices(node.args[0], node.args[1])
            return "number" if name == "count_selected" else "bool"
        if name in ("age", "days_between"):
            if self.arity(name, types, 2, 2):
                for t in types:
                    self.expect(name, t, ("date", "text"))
            return "number"
        if name == "length":
            if self.arity(name, types, 1, 1):
                self.expect(name, types[0], ("text", "date"))
            return "number"
        if name == "regex":
            if self.arity(name, types, 2, 2):
                self.expect(name, types[0], ("text", "date"))
                self.regex_pattern(node.args[1])
            return "bool"
        # coalesce
        self.arity(name, types, 1, None)
        return next((t for t in types if t not in ("none", "any")), "any")

    def regex_pattern(self, node: ast.AST) -> None:
        if not isinstance(node, ast.Constant) or not isinstance(node.value, str) or len(node.value) > MAX_PATTERN:
            self.issue("form.type_error", detail="regex() needs a short pattern in quotes")
            return
        try:
            re.compile(node.value)
        except re.error as exc:
            self.issue("form.type_error", detail=f"bad pattern: {exc}")


def check_expr(expr: Expr, env: TypeEnv) -> list[Issue]:
    return Checker(expr, env).run()
