"""``translit-api transliterate``: the CLI face of :func:`translit_api.translit.transliterate`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from . import DIRECTIONS, LANGUAGES, NameFinder, list_schemes, transliterate
from .schemes import UnknownScheme

__all__ = ["add_transliterate_command", "run_transliterate"]

NameFinderFactory = Callable[[], NameFinder]


def _read(path: str | None) -> str:
    if path in (None, "-"):
        return sys.stdin.read()
    return Path(path).read_text(encoding="utf-8")


def run_transliterate(
    args: argparse.Namespace, name_finder: NameFinderFactory | None = None
) -> int:
    """Print the transliteration of FILE (or stdin); with --list-schemes, list the schemes."""
    if args.list_schemes:
        lang = None if args.lang == "auto" else args.lang
        for info in list_schemes(lang):
            way = "both ways" if info.reversible else "/".join(info.directions)
            print(f"{info.lang}\t{info.name}\t{way}\t{info.standard}")
        return 0
    finder = None
    if args.glossary:
        if name_finder is None:
            raise UnknownScheme(
                "glossary", "on", [], "--glossary: no glossary is available to this command"
            )
        finder = name_finder()
    result = transliterate(
        _read(args.file), args.lang, args.scheme, direction=args.direction, names=finder
    )
    if result.detection is not None and args.verbose:
        print(f"translit-api: {result.detection.reason}", file=sys.stderr)
    sys.stdout.write(result.text)
    return 0


def add_transliterate_command(
    subparsers: argparse._SubParsersAction,
    name_finder: NameFinderFactory | None = None,
) -> argparse.ArgumentParser:
    """Register ``transliterate`` on ``subparsers``.

    ``name_finder`` builds the glossary's name finder for ``--glossary`` (called only when the
    flag is given, so the glossary is not loaded otherwise).
    """
    cmd = subparsers.add_parser(
        "transliterate",
        help="transliterate a file or stdin under a standard scheme",
        description="Transliterate text (FILE or stdin) and print the result.",
    )
    cmd.add_argument("file", nargs="?", help="a UTF-8 text file (default: stdin)")
    cmd.add_argument(
        "--lang", default="auto", choices=(*LANGUAGES, "auto"), help="source language (auto)"
    )
    cmd.add_argument("--scheme", default=None, help="scheme name (default: the language's)")
    cmd.add_argument("--direction", default="to_latin", choices=DIRECTIONS)
    cmd.add_argument(
        "--glossary", action="store_true", help="known names take their house-style form"
    )
    cmd.add_argument("--list-schemes", action="store_true", help="list schemes and exit")
    cmd.add_argument(
        "-v", "--verbose", action="store_true", help="say which language auto chose, on stderr"
    )
    cmd.set_defaults(func=lambda args: run_transliterate(args, name_finder))
    return cmd
