"""The layers of docs/architecture.md, held: what each package may import, and each
schema fact kept in one place (the reader's columns and the export's fields follow
the tables)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parent.parent / "src" / "mlpath"

# What each layer may not import at run time (imports for type checking are free).
FORBIDDEN = {
    "domain": {
        "mlpath.storage", "mlpath.usecases", "mlpath.formats", "mlpath.cli", "mlpath.render",
        "mlpath.paths", "mlpath.clock", "typer", "rich", "click", "os", "pathlib", "io",
        "sqlite3", "sqlalchemy", "sqlmodel", "alembic", "yaml", "pydantic",
    },
    "usecases": {"mlpath.cli", "mlpath.render", "typer", "rich", "click"},
    "storage": {"mlpath.usecases", "mlpath.cli", "mlpath.render", "typer", "rich", "click"},
    "formats": {"mlpath.usecases", "mlpath.cli", "typer", "click"},
    "render": {"mlpath.storage", "mlpath.usecases", "mlpath.cli", "typer"},
}  # fmt: skip
DATABASE_LIBRARIES = ("sqlite3", "sqlalchemy", "sqlmodel", "alembic")


def _run_time_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            typing_only.update(id(inner) for inner in ast.walk(node))
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def _modules(layer: str) -> list[Path]:
    return sorted((SOURCE / layer).rglob("*.py"))


def _breaks(imported: str, forbidden: set[str]) -> bool:
    return any(imported == rule or imported.startswith(rule + ".") for rule in forbidden)


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_each_layer_imports_only_what_it_may(layer):
    wrong = {
        f"{path.relative_to(SOURCE)}: {name}"
        for path in _modules(layer)
        for name in _run_time_imports(path)
        if _breaks(name, FORBIDDEN[layer])
    }
    assert not wrong, sorted(wrong)


def test_only_storage_imports_a_database_library():
    wrong = {
        f"{path.relative_to(SOURCE)}: {name}"
        for path in SOURCE.rglob("*.py")
        if path.relative_to(SOURCE).parts[0] != "storage"
        for name in _run_time_imports(path) | _typing_imports(path)
        if _breaks(name, set(DATABASE_LIBRARIES))
    }
    assert not wrong, sorted(wrong)


def _typing_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        alias.name if isinstance(node, ast.Import) else node.module or ""
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }


def test_package_init_files_import_nothing():
    # Startup stays lazy: importing a package must not import its modules.
    for init in SOURCE.rglob("__init__.py"):
        if init.parent.name in ("cli", "render"):
            continue  # cli/__init__ is the entry point; render/__init__ the printing helpers
        assert _run_time_imports(init) <= {"__future__"}, init


def test_use_cases_hold_no_sql():
    for path in _modules("usecases"):
        text = path.read_text(encoding="utf-8")
        for word in ("SELECT ", "INSERT ", "UPDATE ", "DELETE FROM", "session", "flush("):
            assert word not in text, f"{path.name} holds {word!r}"


def test_the_readers_columns_are_the_tables_columns():
    from mlpath.storage import schema
    from mlpath.storage.reads import COLUMNS

    tables = {
        model.__tablename__: model
        for model in (
            schema.SettingsRow,
            schema.ProgressRow,
            schema.EntryRow,
            schema.BreakRow,
            schema.NoteRow,
            schema.ChangeRow,
            schema.SettingsPeriodRow,
            schema.BaselineRow,
            schema.ReviewItemRow,
            schema.ReviewRow,
            schema.TimerRow,
            schema.EstimateRow,
            schema.PaperRow,
            schema.PaperNoteRow,
            schema.PortfolioCheckRow,
        )
    }
    for name, columns in COLUMNS.items():
        stored = [c.name for c in tables[name].__table__.columns]  # type: ignore[attr-defined]
        stored.remove("learner")  # whose rows they are: what the reader selects by
        if name == "settings":
            stored.remove("id")  # one row, always 1: not the learner's data
        assert sorted(columns) == sorted(stored), name


def test_the_export_files_fields_are_the_tables_columns():
    from mlpath.formats import export_file
    from mlpath.storage.reads import COLUMNS

    models = {
        "settings": export_file.SettingsData,
        "progress": export_file.ProgressData,
        "entry": export_file.EntryData,
        "study_break": export_file.BreakData,
        "topic_note": export_file.NoteData,
        "change": export_file.ChangeData,
        "settings_period": export_file.SettingsPeriodData,
        "baseline": export_file.BaselineData,
        "review_item": export_file.ReviewItemData,
        "review": export_file.ReviewData,
        "paper": export_file.PaperData,
        "paper_note": export_file.PaperNoteData,
        "portfolio_check": export_file.PortfolioCheckData,
    }
    for table, model in models.items():
        assert sorted(model.model_fields) == sorted(COLUMNS[table]), table


def test_every_table_is_in_the_servers_lists_and_every_learners_table_in_its_rules():
    from mlpath.storage import access, postgres, schema

    tables = schema.SQLModel.metadata.tables
    assert set(postgres.TABLES) == set(tables)
    learners = {name for name, table in tables.items() if "learner" in table.columns}
    assert set(access.LEARNER_TABLES) == learners
