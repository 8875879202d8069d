"""The loader and `glossary check` name the file and line of each problem; the shipped
glossary is clean and every sample it carries passes."""

from __future__ import annotations

import subprocess
import textwrap
from pathlib import Path

import pytest

from translit_api import Lexicon
from translit_api.engine.pipeline import normalize
from translit_api.glossary.check import check_folder
from translit_api.glossary.load import load_glossary, read_glossary

from conftest import GLOSSARY, console_script

GOOD = """\
defaults: {country: RU, source: test data}
entries:
  - id: ru-test-shebekino
    category: city
    en: Shebekino
    ru: [Шебекино]
"""


def write(tmp_path: Path, name: str, body: str) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


def messages(tmp_path: Path) -> list[str]:
    _, problems = check_folder(tmp_path)
    return [str(p) for p in problems]


def test_good_file_loads_with_version(tmp_path: Path) -> None:
    write(tmp_path, "ru/a.yaml", GOOD)
    glossary = load_glossary(tmp_path)
    (entry,) = glossary.entries
    assert (entry.file, entry.line, entry.source) == ("ru/a.yaml", 3, "test data")
    assert len(glossary.version) == 16
    write(tmp_path, "ru/a.yaml", GOOD.replace("Shebekino", "Shebekino2"))
    assert load_glossary(tmp_path).version != glossary.version


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("entries:\n  - id: Bad Id\n    category: city\n    en: X\n    ru: [Х]\n    source: s\n",
         "a.yaml:2: error: id must be lowercase"),
        ("entries:\n  - id: x\n    category: town\n    en: X\n    ru: [Х]\n    source: s\n",
         "a.yaml:2: error: x: category must be one of"),
        ("entries:\n  - id: x\n    category: city\n    ru: [Х]\n    source: s\n",
         "a.yaml:2: error: x: 'en' must be"),
        ("entries:\n  - id: x\n    category: city\n    en: X\n    ru: [X]\n    source: s\n",
         "is not Cyrillic"),
        ("entries:\n  - id: x\n    category: city\n    en: X\n    ru: [Х]\n",
         "'source' is required"),
        ("entries:\n  - id: x\n    category: city\n    en: X\n    ru: [Х]\n    source: s\n"
         "    colour: red\n", "unknown field(s): colour"),
        ("entries:\n  - id: x\n    category: city\n    en: X\n    ru: [Х]\n    source: s\n"
         "    match: {case: shouty}\n", "case must be one of"),
        ("entries: [\n", "a.yaml:2: error: not valid YAML"),
        ("entries:\n  - id: x\n    category: city\n    en: X\n    source: s\n",
         "a place needs its ru or uk form"),
        ("entries:\n  - id: x\n    category: city\n    en: X\n    ru: [Х]\n    source: s\n"
         "    parent: nowhere\n", "parent 'nowhere' is no entry"),
    ],
)  # fmt: skip
def test_problems_name_file_and_line(tmp_path: Path, body: str, expected: str) -> None:
    write(tmp_path, "a.yaml", body)
    found = messages(tmp_path)
    assert any(expected in m for m in found), found


def test_duplicate_ids_across_files(tmp_path: Path) -> None:
    write(tmp_path, "ru/a.yaml", GOOD)
    write(tmp_path, "ru/b.yaml", GOOD)
    found = messages(tmp_path)
    assert any("ru/b.yaml:3: error: duplicate id 'ru-test-shebekino' (first at ru/a.yaml:3)"
               in m for m in found), found  # fmt: skip


def test_conflicting_claims_need_a_priority(tmp_path: Path) -> None:
    body = """\
    defaults: {source: s}
    entries:
      - {id: one, category: settlement, en: Aleksandrovka, ru: [Александровка]}
      - {id: two, category: settlement, en: Oleksandrivka, ru: [Александровка]}
    """
    write(tmp_path, "a.yaml", body)
    assert any("claim the form 'александровка'" in m for m in messages(tmp_path))
    with_priority = body.replace("[Александровка]}", "[Александровка], priority: 1}", 1)
    write(tmp_path, "a.yaml", with_priority)
    assert not any("claim" in m for m in messages(tmp_path))


def test_same_output_is_no_conflict(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", """\
    defaults: {source: s}
    entries:
      - {id: one, category: settlement, en: Aleksandrovka, ru: [Александровка]}
      - {id: two, category: settlement, en: Aleksandrovka, ru: [Александровка]}
    """)  # fmt: skip
    assert messages(tmp_path) == []


def test_english_word_collision_needs_a_rule(tmp_path: Path) -> None:
    body = """\
    defaults: {source: s}
    entries:
      - {id: bars, category: formation, en: BARS unit, variants: [Bars]}
    """
    write(tmp_path, "a.yaml", body)
    assert any("'Bars' is an English word" in m for m in messages(tmp_path))
    write(tmp_path, "a.yaml", body.replace("[Bars]", "[{form: BARS, case: exact}]"))
    assert messages(tmp_path) == []


def test_cli_check_exit_codes(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", GOOD)
    ok = subprocess.run([console_script(), "glossary", "check", "--dir", str(tmp_path)],
                        capture_output=True, text=True)  # fmt: skip
    assert ok.returncode == 0, ok.stderr
    assert "1 entries" in ok.stdout
    write(tmp_path, "b.yaml", GOOD)
    bad = subprocess.run([console_script(), "glossary", "check", "--dir", str(tmp_path)],
                         capture_output=True, text=True)  # fmt: skip
    assert bad.returncode == 1
    assert "b.yaml:3: error: duplicate id" in bad.stderr


def test_shipped_glossary_is_clean() -> None:
    glossary, problems = check_folder(GLOSSARY)
    assert glossary is not None
    assert [str(p) for p in problems if p.severity == "error"] == []


def test_every_sample_of_the_shipped_glossary(lexicon: Lexicon) -> None:
    glossary, _ = read_glossary(GLOSSARY)
    assert glossary is not None and len(glossary.samples) >= 10
    failures = []
    for sample in glossary.samples:
        got = normalize(sample.text, lexicon).text
        if got != sample.expected:
            failures.append(f"{sample.file}:{sample.line}: {sample.text!r} → {got!r}, "
                            f"expected {sample.expected!r}")  # fmt: skip
    assert failures == []
