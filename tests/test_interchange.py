"""Export to CSV/TSV/TBX under the services' rules, and import back, both TBX shapes."""

from __future__ import annotations

import csv
import io
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

from translit_api.glossary.interchange import export_pairs, import_pairs, write_pairs
from translit_api.glossary.load import load_glossary

from conftest import GLOSSARY, console_script

TBX_2008 = """<?xml version="1.0"?>
<martif type="TBX" xml:lang="en"><text><body>
  <termEntry id="t1"><descrip type="definition">unmanned aerial vehicle</descrip>
    <langSet xml:lang="ru"><tig><term>БПЛА</term></tig><tig><term>беспилотник</term></tig></langSet>
    <langSet xml:lang="en"><tig><term>UAV</term></tig></langSet>
  </termEntry>
  <termEntry id="t2"><langSet xml:lang="de"><tig><term>Drohne</term></tig></langSet></termEntry>
</body></text></martif>"""


def test_export_follows_the_services_rules() -> None:
    glossary = load_glossary(GLOSSARY)
    for lang in ("ru", "uk"):
        pairs = export_pairs(glossary, lang)
        sources = [p.source.casefold() for p in pairs]
        assert len(sources) == len(set(sources)), "duplicate source terms"
        for pair in pairs:
            assert pair.source and pair.target
            assert pair.source == pair.source.strip() and pair.target == pair.target.strip()
    ru = {p.source: p.target for p in export_pairs(glossary, "ru")}
    assert ru["Харьков"] == "Kharkiv"
    assert ru["Шебекинском районе"] == "Shebekino district"
    assert ru["Белгородской области"] == "Belgorod region"
    uk = {p.source: p.target for p in export_pairs(glossary, "uk")}
    assert uk["Харкові"] == "Kharkiv"


def test_csv_tsv_round_trip(tmp_path: Path) -> None:
    pairs = export_pairs(load_glossary(GLOSSARY), "ru")
    text = write_pairs(pairs, "csv", "ru")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["ru", "en"] and len(rows) == len(pairs) + 1
    assert [(p.source, p.target) for p in import_pairs(text, "csv", "ru")] == [
        (p.source, p.target) for p in pairs
    ]
    tsv = write_pairs(pairs, "tsv", "ru")
    assert not tsv.startswith("ru\t")
    assert len(import_pairs(tsv, "tsv", "ru")) == len(pairs)


def test_tbx_v3_export_reads_back() -> None:
    pairs = export_pairs(load_glossary(GLOSSARY), "uk", inflected=False)
    text = write_pairs(pairs, "tbx", "uk")
    root = ET.fromstring(text)
    assert root.tag == "{urn:iso:std:iso:30042:ed-2}tbx"
    back = {(p.source, p.target) for p in import_pairs(text, "tbx", "uk")}
    assert back == {(p.source, p.target) for p in pairs}


def test_tbx_2008_import() -> None:
    pairs = import_pairs(TBX_2008, "tbx", "ru")
    assert [(p.source, p.target, p.note) for p in pairs] == [
        ("БПЛА", "UAV", "unmanned aerial vehicle"),
        ("беспилотник", "UAV", "unmanned aerial vehicle"),
    ]


def test_import_cli_writes_a_checked_glossary_file(tmp_path: Path) -> None:
    source = tmp_path / "terms.tbx"
    source.write_text(TBX_2008, encoding="utf-8")
    out = tmp_path / "glossary" / "imported.yaml"
    out.parent.mkdir()
    done = subprocess.run(
        [console_script(), "glossary", "import", str(source), "--out", str(out)],
        capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    glossary = load_glossary(out.parent)
    (entry,) = glossary.entries
    assert (entry.en, entry.ru, entry.note) == (
        "UAV",
        ("БПЛА", "беспилотник"),
        "unmanned aerial vehicle",
    )
    check = subprocess.run([console_script(), "glossary", "check", "--dir", str(out.parent)],
                           capture_output=True, text=True)  # fmt: skip
    assert check.returncode == 0, check.stderr


def test_export_cli(tmp_path: Path) -> None:
    out = tmp_path / "uk.tsv"
    done = subprocess.run(
        [console_script(), "glossary", "export", "--format", "tsv", "--lang", "uk", "--out",
         str(out)], capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Харків\tKharkiv" in out.read_text(encoding="utf-8").splitlines()


def test_malformed_csv_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("ru,en\nБПЛА,\n", encoding="utf-8")
    done = subprocess.run(
        [console_script(), "glossary", "import", str(bad), "--out", str(tmp_path / "x.yaml")],
        capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 2
    assert "row 1" in done.stderr and "Traceback" not in done.stderr
