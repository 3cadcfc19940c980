"""Command line: ``python -m lingyuan COMMAND ...`` (see README, "Command line").

Each command lives in the module that holds its logic, as two functions:
``<name>_arguments(parser)`` adds its options and ``<name>_command(args) -> int``
runs it and returns the exit code. Only the module of the command being run is
imported, so ``python -m lingyuan validate`` does not pay for papermill.
"""
from __future__ import annotations

import argparse
import importlib
import sys

# command: (module, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "run": ("lingyuan.runner.cli", "re-run the notebook collection headlessly through papermill"),
    "validate": ("lingyuan.dataset", "check the raw transcription in data/raw; exit 1 listing every problem"),
    "check-source": ("lingyuan.dataset", "confirm every evidence snippet occurs in the article and its hash matches"),
    "extract": ("lingyuan.quantities", "list the quantities found in a Chinese text (or what a transcription misses)"),
    "audit": ("lingyuan.analysis.audit", "print the consistency checks of the reported figures"),
}


def _usage() -> str:
    width = max(map(len, COMMANDS))
    lines = ["usage: python -m lingyuan COMMAND [options]", "", "commands:"]
    lines += [f"  {name:<{width}}  {help_}" for name, (_, help_) in COMMANDS.items()]
    lines += ["", "`python -m lingyuan COMMAND --help` shows the options of one command."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ("-h", "--help"):
        print(_usage())
        return 0 if argv else 2
    name, rest = argv[0], argv[1:]
    if name not in COMMANDS:
        print(f"lingyuan: unknown command {name!r}\n\n{_usage()}", file=sys.stderr)
        return 2
    module_name, help_ = COMMANDS[name]
    module = importlib.import_module(module_name)
    func = name.replace("-", "_")
    parser = argparse.ArgumentParser(prog=f"python -m lingyuan {name}", description=help_)
    getattr(module, f"{func}_arguments")(parser)
    args = parser.parse_args(rest)
    try:
        return int(getattr(module, f"{func}_command")(args) or 0)
    except KeyboardInterrupt:
        print("lingyuan: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
