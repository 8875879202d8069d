"""Wagtail, for real: the service on a free port and a Wagtail site on SQLite in one run.

The site runs in a subprocess (tests/wagtail_site/run_checks.py: Django settings are
process-wide) that publishes pages through Wagtail's own API and prints what it stored; the
assertions are here. The HTTP client (no Django) is also tested in-process, against the real
service and against a scripted stand-in for what the real one cannot be made to do.
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from wagtail_site.fake_service import echo, fake_service

from conftest import Server

TESTS = Path(__file__).resolve().parent
API_KEY = "wagtail-test-key"
SECRET = "whsec_" + base64.b64encode(b"translit-wagtail-signing-key!!").decode()

SOURCE = (
    "<p>Drones hit the <b>Shbekinskij</b> district; three BPLAs were downed near "
    '<a linktype="page" id="3">Kharkov</a>.</p>'
)
REPAIRED = (
    "<p>Drones hit the <b>Shebekino</b> district; three UAVs were downed near "
    '<a linktype="page" id="3">Kharkiv</a>.</p>'
)


def _require_wagtail() -> None:
    try:
        import wagtail  # noqa: F401
    except ImportError:
        pytest.fail("Wagtail is not installed: pip install -e '.[wagtail]' (make test does)")


@pytest.fixture(scope="module")
def service(lexicon: Any) -> Iterator[str]:
    # The lexicon fixture has filled the compile cache, so the server starts from it.
    with Server(env={"TRANSLIT_API_KEYS": API_KEY, "TRANSLIT_WEBHOOK_SECRET": SECRET}) as server:
        yield server.url


@pytest.fixture(scope="module")
def site(service: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    _require_wagtail()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "wagtail_site.settings",
        "PYTHONPATH": os.pathsep.join([str(TESTS), os.environ.get("PYTHONPATH", "")]),
        "WAGTAIL_SITE_DIR": str(tmp_path_factory.mktemp("wagtail_site")),
        "TRANSLIT_TEST_URL": service,
        "TRANSLIT_TEST_KEY": API_KEY,
    }
    proc = subprocess.run(
        [sys.executable, "-m", "wagtail_site.run_checks"],
        cwd=TESTS,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if proc.returncode != 0:
        pytest.fail(f"the Wagtail site failed ({proc.returncode}):\n{proc.stderr[-5000:]}")
    return json.loads(proc.stdout)


def _applied(report: dict[str, Any]) -> dict[str, str]:
    return {a["original"]: a["replacement"] for a in report["annotations"] if a["applied"]}


# --- publishing through Wagtail -------------------------------------------------------------


def test_publish_saves_the_repaired_html_as_a_new_revision(site: dict[str, Any]) -> None:
    first = site["publish"]["first"]
    source_revision, repaired_revision = first["revision_ids"]  # the editor's, then ours
    assert first["latest_revision_id"] == repaired_revision
    # Every byte of markup kept: the page link, <b>, the paragraph.
    assert first["latest_body"] == REPAIRED
    assert first["live_revision_id"] == repaired_revision
    assert first["live_body"] == REPAIRED
    assert first["live"] and not first["has_unpublished_changes"]
    assert first["log_actions"] == [
        "wagtail.create",
        "wagtail.publish",
        "translit_api.repair",
        "wagtail.publish",
    ]
    assert source_revision < repaired_revision


def test_the_report_keeps_the_annotations(site: dict[str, Any]) -> None:
    first = site["publish"]["first"]
    (report,) = first["reports"]
    assert report["status"] == "repaired"
    assert (report["source_revision"], report["revision"]) == tuple(first["revision_ids"])
    assert report["glossary_version"] and report["mode"] == "replace"
    assert report["trigger"] == "publish"
    applied = _applied(report)
    assert applied["BPLAs"] == "UAVs"
    assert applied["Kharkov"] == "Kharkiv"
    assert any(o.startswith("Shbekinskij") and "Shebekino" in r for o, r in applied.items())
    for a in report["annotations"]:
        assert a["field"] == "body"
        # Offsets point into the raw stored HTML, before and after.
        assert SOURCE[a["start"] : a["end"]] == a["original"]
        assert REPAIRED[a["out_start"] : a["out_end"]] == a["replacement"]


def test_publishing_again_changes_nothing(site: dict[str, Any]) -> None:
    first, second = site["publish"]["first"], site["publish"]["second"]
    # Only the revision the second publish itself saved: none written back.
    assert second["revision_ids"] == [*first["revision_ids"], second["latest_revision_id"]]
    assert second["live_revision_id"] == second["latest_revision_id"]
    assert second["latest_body"] == second["live_body"] == REPAIRED
    assert second["log_actions"].count("translit_api.repair") == 1
    last = second["reports"][-1]
    assert last["status"] == "unchanged" and last["revision"] is None
    assert not _applied(last)


def test_a_publish_inside_a_transaction_is_repaired_after_the_commit(
    site: dict[str, Any],
) -> None:
    inside, after = site["in_transaction"]["inside"], site["in_transaction"]["after"]
    assert inside["reports"] == [] and inside["live_body"] == SOURCE
    assert after["live_body"] == after["latest_body"] == REPAIRED
    assert len(after["revision_ids"]) == 2


def test_aliases_follow_the_repaired_revision(site: dict[str, Any]) -> None:
    assert site["alias"]["page"]["live_body"] == REPAIRED
    assert site["alias"]["alias_body"] == REPAIRED


def test_streamfield_rich_text_blocks_are_repaired(site: dict[str, Any]) -> None:
    stream = site["stream"]
    body = {block["type"]: block["value"] for block in stream["live_body"]}
    assert body["paragraph"] == REPAIRED
    assert body["quote"] == {"text": "<p>near Kharkiv</p>", "source": "Kharkov"}  # CharBlock kept
    facts = [item["value"] if isinstance(item, dict) else item for item in body["facts"]]
    assert facts == ["<p>three UAVs</p>", "<p>no change</p>"]
    assert body["heading"] == "Kharkov under fire"  # not rich text: left alone
    assert stream["latest_body"] == stream["live_body"]
    fields = {a["field"] for a in stream["reports"][0]["annotations"]}
    assert fields == {"body[1].paragraph", "body[2].quote.text", "body[3].facts[0]"}


def test_suggest_mode_reports_without_writing(site: dict[str, Any]) -> None:
    page = site["suggest"]
    assert len(page["revision_ids"]) == 1
    assert page["live_body"] == page["latest_body"] == SOURCE
    (report,) = page["reports"]
    assert report["status"] == "suggested" and report["revision"] is None
    assert report["annotations"] and not any(a["applied"] for a in report["annotations"])
    assert {a["replacement"] for a in report["annotations"]} >= {"UAVs", "Kharkiv"}


def test_save_trigger_repairs_drafts_and_publishes_the_repaired_one(
    site: dict[str, Any],
) -> None:
    saved, published = site["save_trigger"]["saved"], site["save_trigger"]["published"]
    assert not saved["live"] and saved["live_revision_id"] is None
    assert len(saved["revision_ids"]) == 2
    assert saved["latest_body"] == REPAIRED
    # The editor publishes the revision they saved; the repaired one goes live instead,
    # without asking the service again or writing a third revision.
    assert published["revision_ids"] == saved["revision_ids"]
    assert published["live_revision_id"] == published["latest_revision_id"]
    assert published["live_revision_id"] == saved["revision_ids"][1]
    assert published["live_body"] == REPAIRED
    assert [r["status"] for r in published["reports"]] == ["repaired"]


# --- failing open ---------------------------------------------------------------------------


def _unchanged(page: dict[str, Any]) -> None:
    assert page["live"] and len(page["revision_ids"]) == 1
    assert page["live_body"] == page["latest_body"] == SOURCE
    assert page["live_revision_id"] == page["revision_ids"][0]
    (report,) = page["reports"]
    assert report["status"] == "failed" and report["error"]
    warnings = [r["message"] for r in page["logs"] if r["level"] == "WARNING"]
    assert any("published unchanged" in w for w in warnings), page["logs"]


def test_a_closed_port_publishes_unchanged_and_logs(site: dict[str, Any]) -> None:
    page = site["closed_port"]
    _unchanged(page)
    assert "cannot reach" in page["reports"][0]["error"]
    # TIMEOUT 1s, RETRIES 2, BACKOFF 0.1s: refused at once, so only the backoff is waited;
    # the bound is the promise "never blocks publishing", with room for a loaded machine.
    assert page["seconds"] < 10


def test_a_service_that_never_answers_is_given_up_within_the_budget(
    site: dict[str, Any],
) -> None:
    page = site["timeout"]
    _unchanged(page)
    assert "timed out" in page["reports"][0]["error"]
    # TIMEOUT 0.5s, RETRIES 1: two attempts of 0.5s and a 0.1s pause, plus the publish itself;
    # the bound is the promise "never blocks publishing", with room for a loaded machine.
    assert page["seconds"] < 10


def test_a_refused_key_publishes_unchanged(site: dict[str, Any]) -> None:
    page = site["wrong_key"]
    _unchanged(page)
    assert "401" in page["reports"][0]["error"]


def test_a_result_with_changed_markup_is_refused(site: dict[str, Any]) -> None:
    page = site["markup_changed"]
    _unchanged(page)
    assert "markup" in page["reports"][0]["error"]


# --- what editors see -----------------------------------------------------------------------


def test_editors_see_the_report(site: dict[str, Any]) -> None:
    admin = site["admin"]
    assert {name: view["status"] for name, view in admin.items()} == dict.fromkeys(admin, 200)
    assert "Drones published" in admin["index"]["html"]
    assert "Name repairs" in admin["index"]["html"]
    page = admin["page"]["html"]
    assert "BPLAs" in page and "UAVs" in page and "Kharkiv" in page
    # The panel in the page editor: the latest check, and the last repair it made.
    edit = admin["edit"]["html"]
    panel = edit[edit.index('class="translit-report"') :]
    assert "Nothing to repair" in panel and "BPLAs" in panel and "UAVs" in panel
    assert "Names repaired by translit-api" in admin["history"]["html"]


# --- the client on its own ------------------------------------------------------------------


def test_client_sends_html_to_the_real_service(service: str) -> None:
    from translit_api.integrations.wagtail.client import TranslitClient

    with TranslitClient(service, api_key=API_KEY) as client:
        result = client.normalize(SOURCE)
    assert result.text == REPAIRED
    assert result.changed and result.glossary_version


def test_client_signs_requests_the_service_accepts(service: str) -> None:
    from translit_api.integrations.wagtail.client import TranslitClient, TranslitError

    with TranslitClient(service, webhook_secret=SECRET) as client:  # no API key at all
        assert client.normalize(SOURCE).text == REPAIRED
    wrong = "whsec_" + base64.b64encode(b"another key entirely").decode()
    with (
        TranslitClient(service, webhook_secret=wrong, retries=0) as client,
        pytest.raises(TranslitError) as refused,
    ):
        client.normalize(SOURCE)
    assert refused.value.status == 401


def test_client_headers_match_the_services_verifier() -> None:
    from translit_api.api.auth import WebhookVerifier
    from translit_api.integrations.wagtail.client import TranslitClient

    def same(request: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        return 200, echo(request["json"]["text"])

    with (
        fake_service(same) as (url, requests),
        TranslitClient(url, api_key="k", webhook_secret=SECRET) as client,
    ):
        client.normalize(SOURCE, mode="suggest")
    (request,) = requests
    headers = request["headers"]
    assert request["path"] == "/normalize"
    assert request["json"] == {"text": SOURCE, "mode": "suggest", "format": "html"}
    assert headers["authorization"] == "Bearer k"
    assert headers["content-type"] == "application/json"
    problem = WebhookVerifier(SECRET).verify(
        headers["webhook-id"], headers["webhook-timestamp"], headers["webhook-signature"],
        request["body"],
    )  # fmt: skip
    assert problem is None


def test_client_retries_503_with_fresh_ids_then_succeeds() -> None:
    from translit_api.integrations.wagtail.client import TranslitClient

    def flaky(request: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        if len(requests) < 3:
            return 503, {"error": "not_ready", "message": "loading", "details": []}
        return 200, echo("done")

    with (
        fake_service(flaky) as (url, requests),
        TranslitClient(url, webhook_secret=SECRET, retries=2, backoff=0.05) as client,
    ):
        assert client.normalize(SOURCE).text == "done"
    assert len(requests) == 3
    # The service accepts each webhook id once; a retry must not look like a replay.
    assert len({r["headers"]["webhook-id"] for r in requests}) == 3


def test_client_does_not_retry_a_refusal() -> None:
    from translit_api.integrations.wagtail.client import TranslitClient, TranslitError

    def too_long(request: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        return 413, {"error": "too_large", "message": "over the limit", "details": []}

    with (
        fake_service(too_long) as (url, requests),
        TranslitClient(url, retries=3) as client,
        pytest.raises(TranslitError) as error,
    ):
        client.normalize(SOURCE)
    assert len(requests) == 1
    assert (error.value.status, error.value.code) == (413, "too_large")


def test_client_refuses_a_malformed_secret() -> None:
    from translit_api.integrations.wagtail.client import TranslitClient

    with pytest.raises(ValueError, match="base64"):
        TranslitClient("http://127.0.0.1:9", webhook_secret="whsec_not base64!")
