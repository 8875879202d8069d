"""HTML mode on real-shaped CMS markup: only words change, every byte of markup stays."""

from __future__ import annotations

import html.parser

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from translit_api import Lexicon
from translit_api.engine.pipeline import normalize
from translit_api.render import render, result_dict

from invariants import assert_consistent


class _Markup(html.parser.HTMLParser):
    """Tags, comments and declarations as a browser's tokenizer reads them. Entities are text
    (a Cyrillic word written as &#1096;… may be romanized); every byte outside a reported
    change is compared by assert_consistent anyway."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.found.append(self.get_starttag_text() or tag)

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag: str) -> None:
        self.found.append(f"</{tag}>")

    def handle_comment(self, data: str) -> None:
        self.found.append(f"<!--{data}-->")

    def handle_decl(self, decl: str) -> None:
        self.found.append(f"<!{decl}>")


def markup_of(raw: str) -> list[str]:
    parser = _Markup()
    parser.feed(raw)
    parser.close()
    return parser.found


GUTENBERG = """<!-- wp:heading {"level":2} -->
<h2 class="wp-block-heading">Drones over Kharkov</h2>
<!-- /wp:heading -->

<!-- wp:paragraph {"className":"lead"} -->
<p class="lead">The ‘BARS-Belgorod’ unit, based in the <em>Shbekinskij</em>&nbsp;district, \
downed three BPLAs near <a href="https://example.com/?q=Kharkov&amp;x=1" title="Kharkov map">\
Valujki</a>.</p>
<!-- /wp:paragraph -->

<!-- wp:html -->
<div class="raw">Kharkov and three BPLAs stay as they are here.</div>
<!-- /wp:html -->

<!-- wp:shortcode -->
[gallery ids="1,2" caption="Kharkov"]
<!-- /wp:shortcode -->

<!-- wp:code -->
<pre class="wp-block-code"><code>Kharkov = "BPLA"</code></pre>
<!-- /wp:code -->

<!-- wp:image {"id":5,"sizeSlug":"large"} -->
<figure class="wp-block-image size-large"><img src="/a.jpg" alt="Kharkov after the strike" \
class="wp-image-5"/><figcaption>Shelling in Zaporozhye &mdash; 12 BPLA</figcaption></figure>
<!-- /wp:image -->"""

WAGTAIL = (
    '<p data-block-key="a1b2c">Fighting near <a linktype="page" id="3">Artemovsk</a> and '
    "<b>Dnepropetrovsk</b>.</p>"
    '<embed alt="Kharkov" embedtype="image" format="left" id="5"/>'
    '<p data-block-key="d3e4f">The <i>Belgorodskaja</i> <i>oblast</i> said so.</p>'
    "<script>var city = 'Kharkov';</script><style>.Kharkov{}</style>"
    "<textarea>Kharkov</textarea><!-- Kharkov in a comment -->"
)


def run(lexicon: Lexicon, raw: str, **kwargs: object) -> tuple[str, dict]:
    result = normalize(raw, lexicon, format="html", **kwargs)
    body = result_dict(result, source=raw)
    assert_consistent(raw, body)
    assert markup_of(result.text) == markup_of(raw), "markup changed"
    return result.text, body


def test_gutenberg_blocks(lexicon: Lexicon) -> None:
    out, body = run(lexicon, GUTENBERG)
    assert '<h2 class="wp-block-heading">Drones over Kharkiv</h2>' in out
    assert "based in the <em>Shebekino</em>&nbsp;district, downed three UAVs" in out
    assert 'title="Kharkov map">Valuyki</a>' in out
    assert "<figcaption>Shelling in Zaporizhzhia &mdash; 12 UAVs</figcaption>" in out
    # untouched: attributes, wp:html, wp:shortcode, wp:code, alt text
    for kept in ('<div class="raw">Kharkov and three BPLAs stay as they are here.</div>',
                 '[gallery ids="1,2" caption="Kharkov"]', '<code>Kharkov = "BPLA"</code>',
                 'alt="Kharkov after the strike"', "?q=Kharkov&amp;x=1"):  # fmt: skip
        assert kept in out
    shebekino = next(a for a in body["annotations"] if a["matched"].startswith("Shbekinskij"))
    assert shebekino["original"] == "Shbekinskij</em>&nbsp;district"
    assert GUTENBERG[shebekino["start"] : shebekino["end"]] == shebekino["original"]


def test_wagtail_db_html(lexicon: Lexicon) -> None:
    out, _ = run(lexicon, WAGTAIL)
    assert '<a linktype="page" id="3">Bakhmut</a> and <b>Dnipro</b>.' in out
    assert "The <i>Belgorod</i> <i>region</i> said so." in out
    assert '<embed alt="Kharkov" embedtype="image" format="left" id="5"/>' in out
    assert out.endswith(
        "<script>var city = 'Kharkov';</script><style>.Kharkov{}</style>"
        "<textarea>Kharkov</textarea><!-- Kharkov in a comment -->"
    )


def test_no_phrase_across_blocks(lexicon: Lexicon) -> None:
    raw = "<p>Shebekinskij</p><p>district</p><li>Belgorodskaja</li><li>oblast</li>"
    out, body = run(lexicon, raw)
    assert out == raw and body["annotations"] == []


def test_idempotent_and_suggest(lexicon: Lexicon) -> None:
    once, _ = run(lexicon, GUTENBERG)
    again, body = run(lexicon, once)
    assert again == once and not [a for a in body["annotations"] if a["applied"]]
    same, suggestion = run(lexicon, GUTENBERG, mode="suggest")
    assert same == GUTENBERG and suggestion["annotations"]


def test_too_deep_html_is_refused(lexicon: Lexicon) -> None:
    from translit_api.markup.segments import HtmlTooDeep

    with pytest.raises(HtmlTooDeep):
        normalize("<div>" * 300 + "Kharkov", lexicon, format="html", max_html_depth=256)
    normalize("<div>" * 256 + "Kharkov", lexicon, format="html", max_html_depth=256)


def test_utf16_offsets_after_astral_characters(lexicon: Lexicon) -> None:
    text = "🚀👩‍👩‍👧 drones hit 𝕏 Kharkov, 🇺🇦 three BPLAs"
    result = normalize(text, lexicon)
    body = result_dict(result, source=text, offsets="utf16")
    units = text.encode("utf-16-le")
    out_units = result.text.encode("utf-16-le")
    for a in body["annotations"]:
        assert units[2 * a["start"] : 2 * a["end"]].decode("utf-16-le") == a["original"]
        held = a["replacement"] if a["applied"] else a["original"]
        assert out_units[2 * a["out_start"] : 2 * a["out_end"]].decode("utf-16-le") == held
    cp = result_dict(result, source=text)["annotations"]
    assert [a["start"] for a in cp] != [a["start"] for a in body["annotations"]]


class _Tags(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list]] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append((tag, attrs))


@pytest.mark.parametrize("fmt", ["text", "html"])
@pytest.mark.parametrize("mode", ["replace", "suggest"])
def test_rendered_html_is_inert(lexicon: Lexicon, fmt: str, mode: str) -> None:
    hostile = (
        '<script>alert(1)</script><img src=x onerror="alert(2)"> Kharkov '
        '"><svg onload=alert(3)> three BPLAs <a href="javascript:alert(4)">Valujki</a>'
    )
    result = normalize(hostile, lexicon, format=fmt, mode=mode)
    rendered = render(result, "html")
    parser = _Tags()
    parser.feed(rendered)
    assert {tag for tag, _ in parser.tags} == {"mark"}
    for _, attrs in parser.tags:
        assert {name for name, _ in attrs} == {"class", "data-entry", "data-method", "title"}
    assert "Kharkiv" in rendered if mode == "replace" else "suggestion: Kharkiv" in rendered


def test_inline_render(lexicon: Lexicon) -> None:
    result = normalize("three BPLAs over Kharkov", lexicon)
    assert render(result, "inline") == "three UAVs [BPLAs] over Kharkiv [Kharkov]"
    suggestion = normalize("three BPLAs over Kharkov", lexicon, mode="suggest")
    assert render(suggestion, "inline") == (
        "three BPLAs [suggestion: UAVs] over Kharkov [suggestion: Kharkiv]"
    )


html_pieces = st.lists(
    st.one_of(
        st.sampled_from([
            "<p>", "</p>", "<em>", "</em>", "<b>", "</b>", "<br/>", "&nbsp;", "&amp;", "&#1096;",
            "<!-- c -->", "<script>Kharkov</script>", "<a href='x?Kharkov'>", "</a>", "&",
            "<", "<div", "Kharkov", "Shbekinskij", " district", "BPLAs", "Новая Таволжанка",
            " ", "\r\n", "🙂", "<!-- wp:html -->Kharkov<!-- /wp:html -->",
        ]),
        st.text(max_size=6),
    ),
    max_size=25,
).map("".join)  # fmt: skip


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(raw=html_pieces)
def test_html_properties(lexicon: Lexicon, raw: str) -> None:
    once, _ = run(lexicon, raw)
    again, _ = run(lexicon, once)
    assert again == once
