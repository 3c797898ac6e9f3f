"""Help that reads as a person writes it, whatever typer release is installed.

Recent typer releases print an argument as ``{paths}...`` in the usage line and ``paths... <list[str]>`` in the
argument list, the Python annotation instead of what to type. Commands made by ``PlainTyper`` print arguments
the way ``man`` pages and spaCy's CLI do: ``PATH...``, ``OLD NEW``, ``[NAME]`` (an argument's ``metavar``, else
its name in capitals), with no type column; options keep typer's rendering (their ``metavar`` where one is given,
choices as ``<jsonl|csv|plover>``, defaults as ``[default: …]``). Parameters are told apart by click's
``param_type_name``, since typer 0.29 carries its own copy of click (its parameters are no ``click.Argument``)."""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperCommand


def argument_name(param: Any) -> str:
    """``PATH...`` for a required list, ``[NAME]`` for an optional argument, its metavar when it has one."""
    name = param.metavar or (param.name or "").upper() + ("..." if param.nargs != 1 else "")
    return name if param.required or name.startswith("[") else f"[{name}]"


class PlainHelpCommand(TyperCommand):
    """A typer command whose usage line and argument list show ``argument_name``."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        return pieces + [argument_name(p) for p in self.get_params(ctx) if p.param_type_name == "argument"]

    def format_options(self, ctx: Any, formatter: Any) -> None:
        params = self.get_params(ctx)
        arguments = [
            (argument_name(p), getattr(p, "help", None) or "")
            for p in params
            if p.param_type_name == "argument" and not getattr(p, "hidden", False)
        ]
        options = [
            record
            for p in params
            if p.param_type_name == "option" and (record := p.get_help_record(ctx)) is not None
        ]
        if arguments:
            with formatter.section("Arguments"):
                formatter.write_dl(arguments)
        if options:
            with formatter.section("Options"):
                formatter.write_dl(options)


class PlainTyper(typer.Typer):
    """``typer.Typer`` whose commands are ``PlainHelpCommand``s."""

    def command(self, *args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("cls", PlainHelpCommand)
        return super().command(*args, **kwargs)
