"""The package reads top-down: each layer imports only from the layers below it, there are no
import cycles, no module imports another module's private names, and no module is a god
module. (An AST check of every import, function-level and TYPE_CHECKING ones included.)"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"

# Bottom to top. A module may import from its own layer (without a cycle) or any lower one.
LAYERS: list[set[str]] = [
    {
        "kodo.vocab",
        "kodo.dates",
        "kodo.yamltext",
        "kodo.i18n",
        "kodo.jsondata",
        "kodo.results",
        "kodo.options",
    },
    {"kodo.errors"},
    {"kodo.lists"},
    {"kodo.input"},
    {"kodo.rules"},
    {"kodo.items"},
    {"kodo.history"},
    {"kodo.engine"},
    {"kodo.explanation"},
    {"kodo.features"},
    {"kodo.batch"},
    {"kodo.shells"},
]
MAX_LINES = 400


def _modules() -> dict[str, Path]:
    out = {}
    for path in (SRC / "kodo").rglob("*.py"):
        parts = path.relative_to(SRC).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


def _layer(module: str) -> int:
    for i, layer in enumerate(LAYERS):
        if any(module == p or module.startswith(p + ".") for p in layer):
            return i
    raise AssertionError(f"{module} is in no layer")


def _imports(module: str, path: Path, known: set[str]) -> list[tuple[str, list[str], int]]:
    """(imported module, names imported from it, line) for every kodo import in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(a.name, [], node.lineno) for a in node.names if a.name.startswith("kodo")]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*up, base] if base else up)
            if not base.startswith("kodo"):
                continue
            names = [a.name for a in node.names]
            # "from kodo.x import y" where y is a module: the import is of kodo.x.y
            for name in names:
                target = f"{base}.{name}"
                out.append((target if target in known else base, [name], node.lineno))
    return out


def test_every_layer_imports_only_from_the_layers_below_it() -> None:
    modules = _modules()
    known = set(modules)
    wrong = []
    for module, path in modules.items():
        if module == "kodo":  # the public API: lazy re-exports of every layer
            continue
        for target, _, line in _imports(module, path, known):
            if _layer(target) > _layer(module):
                wrong.append(f"{path.relative_to(SRC)}:{line} imports {target}")
    assert not wrong, wrong


def test_there_are_no_import_cycles() -> None:
    modules = _modules()
    known = set(modules)
    graph = {
        m: {t for t, _, _ in _imports(m, p, known) if t in known and t != m}
        for m, p in modules.items()
        if m != "kodo"
    }
    graph = {m: {t for t in ts if t != "kodo"} for m, ts in graph.items()}
    seen: dict[str, int] = {}  # 1 = on the stack, 2 = done

    def visit(m: str, stack: list[str]) -> None:
        seen[m] = 1
        for t in graph.get(m, ()):
            if seen.get(t) == 1:
                raise AssertionError("import cycle: " + " -> ".join([*stack, m, t]))
            if t not in seen:
                visit(t, [*stack, m])
        seen[m] = 2

    for m in graph:
        if m not in seen:
            visit(m, [])


def test_no_module_imports_a_private_name_of_another() -> None:
    modules = _modules()
    known = set(modules)
    wrong = []
    for module, path in modules.items():
        for target, names, line in _imports(module, path, known):
            private = [n for n in names if n.startswith("_")]
            if private and target != module:
                wrong.append(f"{path.relative_to(SRC)}:{line} imports {private} from {target}")
    assert not wrong, wrong


def test_no_module_is_over_the_size_limit() -> None:
    big = {
        str(p.relative_to(SRC)): n
        for p in (SRC / "kodo").rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not big, big
