"""The command line: serve, normalize, transliterate, glossary check/export/import."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path

import orjson

__all__ = ["main"]


def _read(path: str | None) -> str:
    if path in (None, "-"):
        return sys.stdin.read()
    return Path(path).read_text(encoding="utf-8")


def _serve(args: argparse.Namespace) -> int:
    import tempfile

    import uvicorn

    workers = args.workers or int(os.environ.get("WEB_CONCURRENCY", "1"))
    if workers > 1 and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        # Metrics from several worker processes are merged through files in this folder;
        # it must exist, empty, before the workers start.
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="translit-metrics-")
    uvicorn.run(
        "translit_api.api.app:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=workers,
        log_level="warning",
        access_log=False,  # one JSON line per request comes from the app itself
        timeout_graceful_shutdown=30,
    )
    return 0


def _normalize(args: argparse.Namespace) -> int:
    from . import normalize
    from .render import result_dict

    text = _read(args.file)
    result = normalize(text, mode=args.mode, format=args.format, style=args.style)
    if args.json:
        body = result_dict(result, source=text)
        sys.stdout.write(orjson.dumps(body, option=orjson.OPT_INDENT_2).decode())
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


def _export(args: argparse.Namespace) -> int:
    from .errors import UnknownOption
    from .glossary.interchange import export_pairs, write_pairs
    from .glossary.load import load_glossary

    glossary = load_glossary(args.dir)
    if args.style and args.style not in glossary.styles:
        raise UnknownOption("style", args.style, sorted(glossary.styles))
    target = glossary.styles[args.style].language if args.style else "en"
    pairs = export_pairs(glossary, args.lang, inflected=not args.no_inflections, style=args.style)
    text = write_pairs(pairs, args.format, args.lang, header=not args.no_header, target_lang=target)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
        print(f"wrote {len(pairs)} {args.lang}→{target} pairs to {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def _import(args: argparse.Namespace) -> int:
    import yaml

    from .glossary.interchange import import_pairs, pairs_to_entries

    fmt = args.format or Path(args.file).suffix.lstrip(".").lower()
    pairs = import_pairs(_read(args.file), fmt, args.lang)
    entries = pairs_to_entries(pairs, args.lang, args.category, args.source or args.file)
    header = (
        f"# imported from {args.file} ({fmt}, {args.lang}→en) by translit-api glossary import\n"
    )
    body = yaml.safe_dump({"entries": entries}, allow_unicode=True, sort_keys=False, width=100)
    Path(args.out).write_text(header + body, encoding="utf-8")
    print(f"wrote {len(entries)} entries from {len(pairs)} pairs to {args.out}", file=sys.stderr)
    return 0


def _name_finder() -> Callable[[str], list[tuple[int, int, str]]]:
    from . import default_store
    from .engine.pipeline import name_spans

    lexicon = default_store().current()
    return lambda text: name_spans(text, lexicon)


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
    norm.add_argument("--format", choices=("text", "html"), default="text")
    norm.add_argument("--style", help="house style profile, e.g. en-GB, de, fr (default en-US)")
    norm.set_defaults(func=_normalize)

    add_transliterate_command(sub, name_finder=_name_finder)

    glossary = sub.add_parser("glossary", help="check, export or import the glossary")
    gsub = glossary.add_subparsers(dest="glossary_command", required=True)
    check = gsub.add_parser("check", help="validate every file; exit 1 on any error")
    check.add_argument("--dir", default=str(get_settings().glossary_dir))
    check.set_defaults(func=_check)

    export = gsub.add_parser("export", help="write ru→en or uk→en pairs as CSV, TSV or TBX")
    export.add_argument("--format", choices=("csv", "tsv", "tbx"), default="csv")
    export.add_argument("--lang", choices=("ru", "uk"), default="ru")
    export.add_argument("--out", help="a file (default: stdout)")
    export.add_argument("--no-header", action="store_true", help="CSV without the ru,en row")
    export.add_argument("--no-inflections", action="store_true", help="nominative forms only")
    export.add_argument("--style", help="targets in this house style (de → ru→de pairs)")
    export.add_argument("--dir", default=str(get_settings().glossary_dir))
    export.set_defaults(func=_export)

    imp = gsub.add_parser("import", help="turn a CSV, TSV or TBX glossary into a glossary file")
    imp.add_argument("file", help="the glossary to read (.csv, .tsv or .tbx)")
    imp.add_argument("--out", required=True, help="the YAML file to write (then run check)")
    imp.add_argument("--format", choices=("csv", "tsv", "tbx"))
    imp.add_argument("--lang", choices=("ru", "uk"), default="ru")
    imp.add_argument("--category", default="term")
    imp.add_argument("--source", help="recorded as each entry's source (default: the file)")
    imp.set_defaults(func=_import)
    return parser


def main(argv: list[str] | None = None) -> int:
    from .errors import TranslitError

    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except (TranslitError, OSError, ValueError) as exc:
        print(f"translit-api: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
