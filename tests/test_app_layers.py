"""Apps import downwards only: no app imports an app that imports it back.

Every module of an app counts as the app's (management commands and migrations too, imports
inside functions and ``TYPE_CHECKING`` blocks too); the tests are outside every app.
"""

import ast
import itertools
from pathlib import Path

from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)

# Each layer may import the layers before it, never one after it. The project package
# names the apps only as strings (settings, URLs), so it is the floor.
LAYERS = [
    {"gnu_plan"},
    {"accounts", "indicators"},
    {"procurements", "budget"},
    {"reports", "loaders"},
    {"dashboards"},
    {"demo", "backups"},
]
APPS = set().union(*LAYERS)


def _imported_modules(tree: ast.AST) -> list[tuple[str, int]]:
    """Absolute module names imported anywhere in the tree, with their line numbers."""
    modules = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules.append((node.module, node.lineno))
    return modules


def app_imports() -> dict[str, dict[str, list[str]]]:
    """app → apps it imports → where (``path:line``)."""
    graph: dict[str, dict[str, list[str]]] = {app: {} for app in APPS}
    for app in APPS:
        for path in sorted((BASE_DIR / app).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            for module, line in _imported_modules(tree):
                imported = module.split(".")[0]
                if imported in APPS and imported != app:
                    where = f"{path.relative_to(BASE_DIR)}:{line}"
                    graph[app].setdefault(imported, []).append(where)
    return graph


def find_cycle(graph: dict[str, dict[str, list[str]]]) -> list[str] | None:
    """A path of apps that leads back to its start, or None."""
    finished: set[str] = set()

    def visit(app: str, path: list[str]) -> list[str] | None:
        if app in path:
            return path[path.index(app) :] + [app]
        if app in finished:
            return None
        for imported in sorted(graph.get(app, {})):
            cycle = visit(imported, path + [app])
            if cycle:
                return cycle
        finished.add(app)
        return None

    for app in sorted(graph):
        cycle = visit(app, [])
        if cycle:
            return cycle
    return None


def test_every_app_of_the_project_has_a_layer():
    installed = {app.split(".")[0] for app in settings.INSTALLED_APPS}
    own = {name for name in installed if (BASE_DIR / name).is_dir()}
    assert own == APPS


def test_no_app_imports_an_app_that_imports_it_back():
    graph = app_imports()
    cycle = find_cycle(graph)
    if cycle:
        steps = [
            f"{app} → {imported} ({', '.join(graph[app][imported])})"
            for app, imported in itertools.pairwise(cycle)
        ]
        raise AssertionError("import cycle between apps:\n" + "\n".join(steps))


def test_apps_import_only_the_layers_below_them():
    layer_of = {app: n for n, layer in enumerate(LAYERS) for app in layer}
    upward = [
        f"{app} → {imported} ({', '.join(places)})"
        for app, imports in sorted(app_imports().items())
        for imported, places in sorted(imports.items())
        if layer_of[imported] >= layer_of[app]
    ]
    assert upward == [], "apps import their own layer or one above it:\n" + "\n".join(upward)


def test_the_cycle_finder_names_the_cycle():
    graph = {"a": {"b": ["a.py:1"]}, "b": {"c": ["b.py:1"]}, "c": {"a": ["c.py:1"]}}
    assert find_cycle(graph) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b": []}, "b": {}}) is None
