"""The WordPress plugin: `php -l` on every PHP file, and its save filter run for real.

WordPress itself is not here. integrations/wordpress/tests/harness.php stands in for the few
WordPress functions the save path calls (hooks, options, slashing, post meta, wp_remote_post
over PHP's HTTP stream wrapper), loads the plugin and runs its `wp_insert_post_data` filter
on a Gutenberg post against the real service started here.
"""

from __future__ import annotations

import base64
import json
import re
import shutil
import socket
import subprocess
from collections.abc import Iterator
from typing import Any

import pytest
from wagtail_site.fake_service import echo, fake_service

from conftest import ROOT, Server

PLUGIN_DIR = ROOT / "integrations" / "wordpress"
HARNESS = PLUGIN_DIR / "tests" / "harness.php"
API_KEY = "wordpress-test-key"
SECRET = "whsec_" + base64.b64encode(b"translit-wordpress-signing-key").decode()

BLOCK_COMMENT = re.compile(r"<!--.*?-->", re.S)
MARKUP = re.compile(r"<!--.*?-->|<[^>]*>|&[#A-Za-z0-9]+;", re.S)

# Slashes and quotes on purpose: WordPress hands the filter slashed data.
POST = """<!-- wp:heading {"level":2} -->
<h2 class="wp-block-heading">Drones over Kharkov</h2>
<!-- /wp:heading -->

<!-- wp:paragraph {"className":"lead","style":{"typography":{"fontSize":"1.2rem"}}} -->
<p class="lead" style="font-size:1.2rem">Drones hit the \
<strong>Shbekinskij</strong>&nbsp;district; three BPLAs were downed near \
<a href="https://example.com/?q=Kharkov&amp;x=1">Kharkov</a>. \
Officials said "no casualties" (C:\\reports\\kharkov.txt).</p>
<!-- /wp:paragraph -->

<!-- wp:list -->
<ul class="wp-block-list"><!-- wp:list-item -->
<li>three BPLAs</li>
<!-- /wp:list-item --></ul>
<!-- /wp:list -->"""


def php() -> str:
    path = shutil.which("php")
    if path is None:
        pytest.fail("php is missing: install php-cli (Debian: apt-get install -y php-cli)")
    return path


def run(settings: dict[str, Any], content: str = POST, **scenario: Any) -> dict[str, Any]:
    data = {"post_type": "post", "post_status": "publish", "post_content": content}
    data.update(scenario.pop("data", {}))
    payload = {
        "settings": {"timeout": 3, "mode": "replace", "trigger": "publish", **settings},
        "data": data,
        "postarr": scenario.pop("postarr", {"ID": 42}),
        "update": scenario.pop("update", True),
        "post_id": scenario.pop("post_id", 42),
        "constants": scenario.pop("constants", {}),
    }
    assert not scenario, scenario
    proc = subprocess.run(
        [php(), str(HARNESS)],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr + proc.stdout
    return json.loads(proc.stdout)


def report(result: dict[str, Any], post_id: int = 42) -> dict[str, Any]:
    return json.loads(result["meta"][str(post_id)]["_translit_api_report"])


@pytest.fixture(scope="module")
def service(lexicon: Any) -> Iterator[str]:
    with Server(env={"TRANSLIT_API_KEYS": API_KEY, "TRANSLIT_WEBHOOK_SECRET": SECRET}) as server:
        yield server.url


def test_every_php_file_lints() -> None:
    files = sorted(PLUGIN_DIR.rglob("*.php"))
    assert files and HARNESS in files
    for path in files:
        proc = subprocess.run([php(), "-l", str(path)], capture_output=True, text=True)
        assert proc.returncode == 0, f"{path}: {proc.stdout}{proc.stderr}"


def test_the_plugin_has_a_header_and_a_readme() -> None:
    source = (PLUGIN_DIR / "translit-api" / "translit-api.php").read_text()
    assert re.search(r"^\s*\* Plugin Name:\s+translit-api$", source, re.M)
    readme = (PLUGIN_DIR / "translit-api" / "readme.txt").read_text()
    assert readme.startswith("=== translit-api ===")


def test_a_gutenberg_post_is_repaired_and_its_blocks_stay_byte_identical(service: str) -> None:
    result = run({"url": service, "api_key": API_KEY})
    after = result["after"]
    assert BLOCK_COMMENT.findall(after) == BLOCK_COMMENT.findall(POST)
    assert MARKUP.findall(after) == MARKUP.findall(POST)
    assert '<h2 class="wp-block-heading">Drones over Kharkiv</h2>' in after
    assert "<strong>Shebekino</strong>&nbsp;district" in after
    assert "three UAVs were downed near" in after and "<li>three UAVs</li>" in after
    # Attribute values are markup: the link's query keeps its Kharkov.
    assert 'href="https://example.com/?q=Kharkov&amp;x=1">Kharkiv</a>' in after
    # Slashes survived WordPress's slash/unslash around the filter.
    assert 'Officials said "no casualties" (C:\\reports\\kharkov.txt).' in after
    assert result["log"] == []
    (request,) = result["requests"]
    assert request["url"] == f"{service}/normalize"
    assert request["headers"]["Authorization"] == f"Bearer {API_KEY}"
    stored = report(result)
    assert stored["status"] == "repaired" and stored["glossary_version"]
    applied = {a["original"]: a["replacement"] for a in stored["annotations"] if a["applied"]}
    assert applied["BPLAs"] == "UAVs" and applied["Kharkov"] == "Kharkiv"
    for a in stored["annotations"]:  # offsets point into the raw post content
        assert POST[a["start"] : a["end"]] == a["original"]
        assert after[a["out_start"] : a["out_end"]] == a["replacement"]


def test_repairing_twice_changes_nothing(service: str) -> None:
    first = run({"url": service, "api_key": API_KEY})
    second = run({"url": service, "api_key": API_KEY}, content=first["after"])
    assert second["after"] == first["after"]
    assert report(second)["status"] == "unchanged"


def test_a_signed_request_needs_no_api_key(service: str) -> None:
    result = run({"url": service, "webhook_secret": SECRET})
    assert "Kharkiv" in result["after"] and result["log"] == []
    headers = result["requests"][0]["headers"]
    assert "Authorization" not in headers
    assert headers["webhook-signature"].startswith("v1,")


def test_suggest_mode_keeps_the_text_and_stores_the_suggestions(service: str) -> None:
    result = run({"url": service, "api_key": API_KEY, "mode": "suggest"})
    assert result["after"] == POST
    stored = report(result)
    assert stored["status"] == "suggested"
    assert stored["annotations"] and not any(a["applied"] for a in stored["annotations"])


def test_a_new_post_gets_its_report_under_its_new_id(service: str) -> None:
    result = run({"url": service, "api_key": API_KEY}, postarr={}, update=False, post_id=777)
    assert list(result["meta"]) == ["777"]  # not on the revision the harness saved first
    assert report(result, 777)["status"] == "repaired"


@pytest.mark.parametrize(
    ("case", "scenario"),
    [
        ("autosave", {"constants": {"DOING_AUTOSAVE": True}}),
        ("revision", {"data": {"post_type": "revision", "post_status": "inherit"}}),
        ("draft, trigger publish", {"data": {"post_status": "draft"}}),
        ("auto-draft", {"data": {"post_status": "auto-draft"}}),
        ("post type not listed", {"data": {"post_type": "product"}}),
    ],
)
def test_nothing_is_sent_for(case: str, scenario: dict[str, Any]) -> None:
    # Pointed at a port nobody listens on: a request would show up as a logged failure.
    result = run({"url": closed_port()}, **scenario)
    assert result["requests"] == [] and result["log"] == []
    assert result["after"] == POST and result["meta"] == []


def test_trigger_save_sends_drafts(service: str) -> None:
    result = run(
        {"url": service, "api_key": API_KEY, "trigger": "save"}, data={"post_status": "draft"}
    )
    assert "Kharkiv" in result["after"]


# --- failing open ---------------------------------------------------------------------------


def _unchanged(result: dict[str, Any], why: str) -> None:
    assert result["after"] == POST
    assert result["data"]["post_content"] == POST
    assert any("[translit-api] post 42 saved unchanged" in line and why in line
               for line in result["log"]), result["log"]  # fmt: skip
    assert report(result)["status"] == "failed"


def closed_port() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}"


def test_a_service_that_never_answers_times_out_and_saves_unchanged() -> None:
    with socket.socket() as hole:  # accepts connections, never answers
        hole.bind(("127.0.0.1", 0))
        hole.listen(8)
        url = f"http://127.0.0.1:{hole.getsockname()[1]}"
        result = run({"url": url, "timeout": 1})
    _unchanged(result, "cannot reach the service")
    assert result["seconds"] < 10  # the timeout budget, never an unbounded wait


def test_a_closed_port_saves_unchanged() -> None:
    result = run({"url": closed_port()})
    _unchanged(result, "cannot reach the service")
    assert result["seconds"] < 10


def test_a_wrong_key_saves_unchanged(service: str) -> None:
    result = run({"url": service, "api_key": "not-the-key"})
    _unchanged(result, "401")


def test_a_wrong_signing_secret_saves_unchanged(service: str) -> None:
    wrong = "whsec_" + base64.b64encode(b"some other secret").decode()
    _unchanged(run({"url": service, "webhook_secret": wrong}), "401")


def test_a_result_with_changed_markup_is_not_used() -> None:
    def drop_comments(request: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        return 200, echo(BLOCK_COMMENT.sub("", request["json"]["text"]))

    with fake_service(drop_comments) as (url, requests):
        result = run({"url": url})
    assert requests[0]["json"]["format"] == "html"
    _unchanged(result, "changed the markup")


def test_a_malformed_answer_saves_unchanged() -> None:
    with fake_service(lambda request: (200, {"unexpected": True})) as (url, _):
        result = run({"url": url})
    _unchanged(result, "without text and annotations")


def test_the_signature_verifies_with_the_services_verifier() -> None:
    from translit_api.api.auth import WebhookVerifier

    def same(request: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        return 200, echo(request["json"]["text"])

    with fake_service(same) as (url, requests):
        run({"url": url, "webhook_secret": SECRET, "mode": "suggest"})
    (request,) = requests
    headers = request["headers"]
    assert request["json"] == {"text": POST, "format": "html", "mode": "suggest"}
    problem = WebhookVerifier(SECRET).verify(
        headers["webhook-id"], headers["webhook-timestamp"], headers["webhook-signature"],
        request["body"],
    )  # fmt: skip
    assert problem is None


def test_the_readme_says_the_harness_is_not_wordpress() -> None:
    readme = " ".join((ROOT / "integrations" / "README.md").read_text().split())
    assert "integrations/wordpress/tests/harness.php" in readme
    assert "The harness is not WordPress" in readme.replace("*", "")
