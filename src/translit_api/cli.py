"""The command line: serve, normalize, transliterate, glossary check/export/import."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import orjson

__all__ = ["main"]


def _read(path: str | None) -> str:
    if path in (None, "-"):
        return sys.stdin.read()
    return Path(path).read_text(encoding="utf-8")


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    workers = args.workers or int(os.environ.get("WEB_CONCURRENCY", "1"))
    uvicorn.run(
        "translit_api.api.app:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=workers,
        log_level="warning",
        timeout_graceful_shutdown=30,
    )
    return 0


def _normalize(args: argparse.Namespace) -> int:
    from . import normalize
    from .render import result_dict

    result = normalize(_read(args.file), mode=args.mode)
    if args.json:
        sys.stdout.write(orjson.dumps(result_dict(result), option=orjson.OPT_INDENT_2).decode())
        sys.stdout.write("\n")
    else:
        sys.stdout.write(result.text)
    return 0


def _check(args: argparse.Namespace) -> int:
    from .glossary.check import check_folder

    glossary, problems = check_folder(Path(args.dir))
    for problem in problems:
        print(problem, file=sys.stderr)
    errors = sum(p.severity == "error" for p in problems)
    if glossary is not None:
        print(
            f"{args.dir}: {len(glossary)} entries, {len(glossary.samples)} samples, "
            f"version {glossary.version}: {errors} error(s)"
        )
    return 1 if errors else 0


def build_parser() -> argparse.ArgumentParser:
    from .config import get_settings
    from .translit.cli import add_transliterate_command

    parser = argparse.ArgumentParser(prog="translit-api", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="serve the HTTP API")
    serve.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    serve.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    serve.add_argument("--workers", type=int, default=0, help="default: $WEB_CONCURRENCY or 1")
    serve.set_defaults(func=_serve)

    norm = sub.add_parser("normalize", help="repair names in a file or stdin")
    norm.add_argument("file", nargs="?", help="a text file (default: stdin)")
    norm.add_argument("--json", action="store_true", help="print the full response")
    norm.add_argument("--mode", choices=("replace", "suggest"), default="replace")
    norm.set_defaults(func=_normalize)

    add_transliterate_command(sub)

    glossary = sub.add_parser("glossary", help="check, export or import the glossary")
    gsub = glossary.add_subparsers(dest="glossary_command", required=True)
    check = gsub.add_parser("check", help="validate every file; exit 1 on any error")
    check.add_argument("--dir", default=str(get_settings().glossary_dir))
    check.set_defaults(func=_check)
    return parser


def main(argv: list[str] | None = None) -> int:
    from .errors import TranslitError

    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except (TranslitError, OSError, UnicodeDecodeError) as exc:
        print(f"translit-api: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
