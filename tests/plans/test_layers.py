"""Plans know neither the budget nor monitoring (docs/architecture.md): they add their blocks
to the plan's pages through ``plans/panels.py``."""
import ast
from pathlib import Path

import planner.plans


def test_plans_import_neither_budget_nor_monitoring():
    root = Path(planner.plans.__file__).parent
    imported = set()
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                module = ("." * node.level) + (node.module or "")
                imported.update(f"{module}.{alias.name}" for alias in node.names)
            elif isinstance(node, ast.Import):
                imported.update(alias.name for alias in node.names)
    assert imported, "no imports found: the walk is wrong"
    assert not {name for name in imported if any(part in name.split(".") for part in ("budget", "monitoring"))}
