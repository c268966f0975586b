"""The command list ``annotator --help`` shows without importing the commands
(``annotator.cli.app.COMMANDS``) is the commands' own: each name, its module, its help."""

from __future__ import annotations

import importlib
import pkgutil

import click

import annotator.cli
from click.testing import CliRunner

from annotator.cli import main
from annotator.cli.app import COMMANDS


def test_the_command_list_is_the_commands_own() -> None:
    for module in pkgutil.iter_modules(annotator.cli.__path__):
        importlib.import_module(f"annotator.cli.{module.name}")
    assert sorted(main.commands) == sorted(COMMANDS)
    for name, command in main.commands.items():
        module, short_help = COMMANDS[name]
        assert command.callback is not None and command.callback.__module__ == f"annotator.cli.{module}", name
        assert command.get_short_help_str(limit=1000) == short_help, name


def test_help_lists_every_command_with_its_help() -> None:
    shown = CliRunner().invoke(main, ["--help"], terminal_width=200).output
    for name, (_module, short_help) in COMMANDS.items():
        assert f"  {name}  " in shown and short_help in shown, name
    assert main.get_command(click.Context(main), "nope") is None
