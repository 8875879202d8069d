"""Properties over arbitrary text: no exception, the output rebuilt from the annotations,
nothing outside a reported change touched, and normalizing twice is normalizing once."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from translit_api import Lexicon
from translit_api.engine.pipeline import normalize
from translit_api.render import result_dict

from invariants import assert_consistent

# Words that do match the glossary, mixed into noise, so that changes really happen.
GLOSSARY_WORDS = [
    "Kharkov", "Shbekinskij district", "BPLAs", "12 BPLA", "Valujki", "Новая Таволжанка",
    "Шебекинском районе", "SHEBEKINSKIJ RAYON", "Belgorodskaja oblast", "near Shebikino",
    "BARS", "Artemovsk", "Пупкино", "Kyiv", "Kharkiv", "Харків",
]  # fmt: skip
SEPARATORS = [" ", "  ", "\u00a0", "\n", "\r\n", ", ", "’", "-", "\u200d", "\u202e", "\x00"]

texty = st.lists(
    st.one_of(
        st.sampled_from(GLOSSARY_WORDS),
        st.sampled_from(SEPARATORS),
        st.text(max_size=12),
        st.text(alphabet="абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґ", min_size=1, max_size=8),
    ),
    max_size=30,
).map("".join)

CHECKS = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@CHECKS
@given(text=texty)
def test_output_is_input_plus_annotations(lexicon: Lexicon, text: str) -> None:
    for mode in ("replace", "suggest"):
        result = normalize(text, lexicon, mode=mode)
        assert_consistent(text, result_dict(result))
        if mode == "suggest":
            assert result.text == text


@CHECKS
@given(text=texty)
def test_idempotent(lexicon: Lexicon, text: str) -> None:
    once = normalize(text, lexicon).text
    twice = normalize(once, lexicon)
    assert twice.text == once, [a for a in twice.annotations if a.applied]


@CHECKS
@given(text=st.text(max_size=200))
def test_any_unicode(lexicon: Lexicon, text: str) -> None:
    assert_consistent(text, result_dict(normalize(text, lexicon)))
