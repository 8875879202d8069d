"""Drive a real Wagtail site against a real translit-api service; print what happened as JSON.

Run by tests/test_wagtail.py in a subprocess (Django settings are process-wide):

    WAGTAIL_SITE_DIR=/tmp/x TRANSLIT_TEST_URL=http://127.0.0.1:8000 TRANSLIT_TEST_KEY=k \\
    DJANGO_SETTINGS_MODULE=wagtail_site.settings PYTHONPATH=tests python -m wagtail_site.run_checks

It only observes; the assertions are in the test, so a failure there shows what was stored.
"""

from __future__ import annotations

import json
import logging
import socket
import sys
import time
from contextlib import contextmanager
from typing import Any

import django

from wagtail_site.fake_service import echo, fake_service

BODY = (
    "<p>Drones hit the <b>Shbekinskij</b> district; three BPLAs were downed near "
    '<a linktype="page" id="3">Kharkov</a>.</p>'
)


class Captured(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[dict[str, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append({"level": record.levelname, "message": record.getMessage()})

    def take(self) -> list[dict[str, str]]:
        taken, self.records = self.records, []
        return taken


CAPTURED = Captured()


@contextmanager
def translit(**overrides: Any):
    from django.conf import settings
    from django.test import override_settings

    with override_settings(TRANSLIT_API={**settings.TRANSLIT_API, **overrides}):
        yield


def root():
    from wagtail.models import Page

    return Page.get_first_root_node()


def describe(page_id: int) -> dict[str, Any]:
    """Everything the test asserts on for one page, straight from the database."""
    from wagtail.models import Page, PageLogEntry

    from translit_api.integrations.wagtail.models import TranslitReport

    page = Page.objects.get(pk=page_id).specific
    revisions = list(page.revisions.order_by("created_at", "id"))
    latest = page.get_latest_revision()
    return {
        "id": page.pk,
        "live": page.live,
        "live_body": _body(page.body),
        "latest_body": _body(latest.as_object().body) if latest else None,
        "revision_ids": [r.pk for r in revisions],
        "latest_revision_id": page.latest_revision_id,
        "live_revision_id": page.live_revision_id,
        "has_unpublished_changes": page.has_unpublished_changes,
        "reports": [
            {
                "id": r.pk,
                "status": r.status,
                "trigger": r.trigger,
                "mode": r.mode,
                "source_revision": r.source_revision_id,
                "revision": r.revision_id,
                "glossary_version": r.glossary_version,
                "annotations": r.annotations,
                "error": r.error,
            }
            for r in TranslitReport.objects.filter(page_id=page_id).order_by("id")
        ],
        "log_actions": list(
            PageLogEntry.objects.filter(page_id=page_id)
            .order_by("timestamp", "id")
            .values_list("action", flat=True)
        ),
    }


def _body(value: Any) -> Any:
    if hasattr(value, "get_prep_value"):  # StreamValue: its raw JSON-ish form
        return [{k: v for k, v in block.items() if k != "id"} for block in value.get_prep_value()]
    return value


def new_article(slug: str, body: str = BODY, live: bool = True):
    from wagtail_site.models import ArticlePage

    page = ArticlePage(title=f"Drones {slug}", slug=slug, body=body, live=live)
    root().add_child(instance=page)
    return page


def timed_publish(page) -> float:
    """What the test's brief asks for: page.save_revision().publish(), timed."""
    started = time.monotonic()
    page.save_revision().publish()
    return time.monotonic() - started


def republish(page_id: int) -> float:
    """Publish again what an editor would see in the editor: the latest revision."""
    from wagtail.models import Page

    draft = Page.objects.get(pk=page_id).specific.get_latest_revision_as_object()
    return timed_publish(draft)


def scenario_publish() -> dict[str, Any]:
    page = new_article("published")
    CAPTURED.take()
    seconds = timed_publish(page)
    first = describe(page.pk)
    first["seconds"] = seconds
    first["logs"] = CAPTURED.take()
    seconds = republish(page.pk)
    second = describe(page.pk)
    second["seconds"] = seconds
    second["logs"] = CAPTURED.take()
    return {"first": first, "second": second}


def scenario_in_transaction() -> dict[str, Any]:
    from django.db import transaction

    page = new_article("in-transaction")
    with transaction.atomic():
        page.save_revision().publish()
        inside = describe(page.pk)
    return {"inside": inside, "after": describe(page.pk)}


def scenario_alias() -> dict[str, Any]:
    """Aliases follow the repaired revision, not the one the editor published."""
    from wagtail.models import Page

    page = new_article("aliased", body="<p>Quiet day.</p>")
    page.save_revision().publish()
    alias = Page.objects.get(pk=page.pk).specific.create_alias(update_slug="aliased-copy")
    draft = Page.objects.get(pk=page.pk).specific.get_latest_revision_as_object()
    draft.body = BODY
    draft.save_revision().publish()
    return {"page": describe(page.pk), "alias_body": Page.objects.get(pk=alias.pk).specific.body}


def scenario_stream() -> dict[str, Any]:
    from wagtail_site.models import StreamArticlePage

    page = StreamArticlePage(
        title="Stream",
        slug="stream",
        body=[
            {"type": "heading", "value": "Kharkov under fire"},
            {"type": "paragraph", "value": BODY},
            {"type": "quote", "value": {"text": "<p>near Kharkov</p>", "source": "Kharkov"}},
            {"type": "facts", "value": ["<p>three BPLAs</p>", "<p>no change</p>"]},
        ],
    )
    root().add_child(instance=page)
    page.save_revision().publish()
    return describe(page.pk)


def scenario_suggest() -> dict[str, Any]:
    with translit(MODE="suggest"):
        page = new_article("suggested")
        timed_publish(page)
    return describe(page.pk)


def scenario_save_trigger() -> dict[str, Any]:
    with translit(TRIGGER="save"):
        page = new_article("saved", live=False)
        revision = page.save_revision()
        saved = describe(page.pk)
        revision.publish()
    return {"saved": saved, "published": describe(page.pk)}


def scenario_fail_open(url: str, name: str, **overrides: Any) -> dict[str, Any]:
    with translit(URL=url, **overrides):
        page = new_article(name)
        CAPTURED.take()
        seconds = timed_publish(page)
    result = describe(page.pk)
    result["seconds"] = seconds
    result["logs"] = CAPTURED.take()
    return result


def scenario_admin(page_id: int) -> dict[str, Any]:
    from django.contrib.auth import get_user_model
    from django.test import Client

    user = get_user_model().objects.create_superuser("editor", "editor@example.com", "pw")
    client = Client()
    client.force_login(user)
    out = {}
    for name, url in {
        "index": "/admin/translit/",
        "page": f"/admin/translit/pages/{page_id}/",
        "edit": f"/admin/pages/{page_id}/edit/",
        "history": f"/admin/pages/{page_id}/history/",
    }.items():
        response = client.get(url, HTTP_HOST="testserver")
        out[name] = {"status": response.status_code, "html": response.content.decode()}
    return out


def closed_port() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}"


def main() -> None:
    django.setup()
    from django.core.management import call_command

    logging.getLogger("translit_api").addHandler(CAPTURED)
    logging.getLogger("translit_api").setLevel(logging.DEBUG)
    call_command("migrate", interactive=False, verbosity=0)

    from django.conf import settings

    results: dict[str, Any] = {"config": {k: v for k, v in settings.TRANSLIT_API.items()}}
    results["publish"] = scenario_publish()
    results["in_transaction"] = scenario_in_transaction()
    results["alias"] = scenario_alias()
    results["stream"] = scenario_stream()
    results["suggest"] = scenario_suggest()
    results["save_trigger"] = scenario_save_trigger()
    results["closed_port"] = scenario_fail_open(
        closed_port(), "closed-port", TIMEOUT=1.0, RETRIES=2, BACKOFF=0.1
    )
    # A server that accepts the connection and never answers: the timeout is what ends it.
    with socket.socket() as hole:
        hole.bind(("127.0.0.1", 0))
        hole.listen(8)
        results["timeout"] = scenario_fail_open(
            f"http://127.0.0.1:{hole.getsockname()[1]}",
            "black-hole",
            TIMEOUT=0.5,
            RETRIES=1,
            BACKOFF=0.1,
        )
    results["wrong_key"] = scenario_fail_open(
        settings.TRANSLIT_API["URL"], "wrong-key", API_KEY="not-a-key"
    )

    # A service that drops a tag: the integration refuses the result and publishes unchanged.
    def drop_bold(request: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        return 200, echo(request["json"]["text"].replace("<b>", ""))

    with fake_service(drop_bold) as (url, _):
        results["markup_changed"] = scenario_fail_open(url, "markup-changed")
    results["admin"] = scenario_admin(results["publish"]["first"]["id"])
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
