"""The class of every mlpath command: how its help reads, and its output paged.

Typer writes the Python type beside each name (`TOPIC <list[str]>`, `--weeks <int
range>`) and braces around required arguments (`{TOPIC}...`). mlpath's help reads as
`gh` and `git` do: `mlpath done TOPIC... [--date DATE] [--link URL]`, each value
named by what it holds.

Output taller than the terminal is paged (mlpath.render.pager), unless --no-pager
was given or it is for a program or a file: --json, --ics, or a command that writes
a document (one with --output: export, share).
"""

from __future__ import annotations

from typing import Any

from typer.core import TyperCommand

__all__ = ["Command"]


class Command(TyperCommand):
    """Every mlpath command: its help names values, never types."""

    # Any: the types are those of the Click that Typer bundles, which it does not export.
    def invoke(self, ctx: Any) -> Any:
        from mlpath.render.pager import paging

        with paging(self._pages(ctx)):
            return super().invoke(ctx)

    def _pages(self, ctx: Any) -> bool:
        from mlpath.cli.app import Options

        options = ctx.find_object(Options)
        if options is not None and not options.pager:
            return False
        if ctx.params.get("json") or ctx.params.get("ics") is not None:
            return False
        return not any(p.name == "output" for p in self.params)

    # Any: the types are those of the Click that Typer bundles, which it does not export.
    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        arguments = [_argument_usage(p) for p in _visible(self, ctx, "argument")]
        options = [_option_usage(p) for p in _visible(self, ctx, "option") if not _is_help(p)]
        return arguments + options

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        # Click wraps the usage at any space, parting `--track` from its TRACK; each
        # piece stays whole here, and the lines after the first align under the first.
        first = f"{'Usage: ':>{formatter.current_indent}}{ctx.command_path}"
        indent = " " * (len(first) + 1)
        width = formatter.width - formatter.current_indent
        lines = [first]
        for piece in self.collect_usage_pieces(ctx):
            if len(lines[-1]) + 1 + len(piece) > width and len(lines[-1]) > len(indent):
                lines.append(indent + piece)
            else:
                lines[-1] += " " + piece
        formatter.write("\n".join(lines) + "\n")

    def format_options(self, ctx: Any, formatter: Any) -> None:
        arguments = [
            (_argument_name(p), _help(p)) for p in _visible(self, ctx, "argument") if p.help
        ]
        options = [(_option_names(p), _help(p)) for p in _visible(self, ctx, "option")]
        for title, rows in (("Arguments", arguments), ("Options", options)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)


def _visible(command: TyperCommand, ctx: Any, kind: str) -> list[Any]:
    return [
        p
        for p in command.get_params(ctx)
        if p.param_type_name == kind and not getattr(p, "hidden", False)
    ]


def _is_help(option: Any) -> bool:
    return "--help" in option.opts


def _argument_name(argument: Any) -> str:
    name = argument.metavar or argument.name.upper()
    return f"{name}..." if argument.nargs != 1 else name


def _argument_usage(argument: Any) -> str:
    name = _argument_name(argument)
    return name if argument.required else f"[{name}]"


def _value(option: Any) -> str | None:
    """The option's value as help names it (DATE, N), or None for a flag."""
    if option.is_flag or getattr(option, "count", False):
        return None
    return str(option.metavar or option.name.upper())


def _option_usage(option: Any) -> str:
    name = max(option.opts, key=len)
    value = _value(option)
    shown = f"{name} {value}" if value else name
    piece = shown if option.required else f"[{shown}]"
    return f"{piece}..." if option.multiple else piece


def _option_names(option: Any) -> str:
    # Short names first, as Click lists them: `-n, --count N`.
    names = ", ".join(sorted(option.opts, key=len))
    value = _value(option)
    return f"{names} {value}" if value else names


def _help(param: Any) -> str:
    text = str(param.help or "")
    default = _default(param)
    if default:
        text = f"{text} (default: {default})" if text else f"(default: {default})"
    return text


def _default(param: Any) -> str | None:
    """The default value worth saying: one set for a value option, shown as typed."""
    show = getattr(param, "show_default", False)
    if isinstance(show, str):
        return show
    if not show or param.param_type_name != "option" or _value(param) is None:
        return None
    default = param.default
    if default is None or callable(default) or default in ((), []):
        return None
    return str(getattr(default, "value", default))
