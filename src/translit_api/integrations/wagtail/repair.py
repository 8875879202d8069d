"""Send a revision's rich text to translit-api and write the repaired text back.

Rich text is sent exactly as Wagtail stores it ("DB-HTML": ``<a linktype="page" id="3">``,
``<embed embedtype="image" …/>``): the service's HTML mode changes words only. As a second
line of defence a result whose markup differs from the input in any byte is refused.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import transaction

from .client import TranslitClient, TranslitError
from .conf import Config, get_config

__all__ = [
    "MARKUP",
    "is_writing_back",
    "repair_revision",
    "rich_text_fields",
    "run_safely",
    "writing_back",
]

log = logging.getLogger("translit_api.integrations.wagtail")

# Tags, comments and character references: what the service must leave byte for byte.
MARKUP = re.compile(r"<!--.*?-->|<[^>]*>|&[#A-Za-z0-9]+;", re.S)

_state = threading.local()


@contextmanager
def writing_back() -> Iterator[None]:
    """While set, revisions saved and published in this thread are ours: not repaired again."""
    depth = getattr(_state, "depth", 0)
    _state.depth = depth + 1
    try:
        yield
    finally:
        _state.depth = depth


def is_writing_back() -> bool:
    return getattr(_state, "depth", 0) > 0


def rich_text_fields(model: type, names: tuple[str, ...] | None) -> list[Any]:
    """The model's ``RichTextField`` and ``StreamField`` fields, or those of them named."""
    from wagtail.fields import RichTextField, StreamField

    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, RichTextField | StreamField) and (names is None or f.name in names)
    ]


def run_safely(revision_id: int, *, publish: bool) -> None:
    """Entry point for the signal handlers: never raises, so a publish never fails for us."""
    try:
        repair_revision(revision_id, publish=publish)
    except Exception:
        log.exception("translit-api: repairing revision %s failed; left unchanged", revision_id)


def repair_revision(revision: Any, *, publish: bool = True, config: Config | None = None) -> Any:
    """Repair the names in one page revision; returns the :class:`TranslitReport` or None.

    When names were repaired (mode ``replace``) the text is saved as a new revision, published
    if ``publish`` is true. Runs once per revision: a revision already reported on is not sent
    again, and revisions this integration wrote are never sent.
    """
    from wagtail.models import Revision

    from .models import TranslitReport

    config = config or get_config()
    if not config.active:
        return None
    if not isinstance(revision, Revision):
        revision = Revision.objects.filter(pk=revision).first()
        if revision is None:
            return None
    if TranslitReport.objects.filter(revision=revision).exists():
        return None  # a revision this integration wrote

    page = revision.content_object.specific
    if publish and page.live_revision_id != revision.pk:
        return None  # scheduled for later, or already replaced: handled when it goes live

    # The newest revision by date, as Wagtail decides: the latest_revision column can be stale,
    # as when a revision is published through the page object that saved it before we wrote
    # ours (the admin's "Publish" with TRIGGER "save" does that).
    newest_id = page.revisions.order_by("-created_at", "-id").values_list("id", flat=True).first()
    repaired = (
        TranslitReport.objects.filter(source_revision=revision, revision__isnull=False)
        .select_related("revision")
        .first()
    )
    if repaired is not None:  # repaired when saved; published now
        if repaired.revision_id != newest_id:
            log.info(
                "translit-api: page %s has a newer draft than revision %s; not writing back",
                page.pk,
                repaired.revision_id,
            )
            return repaired
        with writing_back():
            if publish and page.live_revision_id != repaired.revision_id:
                repaired.revision.publish(user=None, log_action=True)
            _point_latest_at(page, repaired.revision)
        return repaired
    if newest_id != revision.pk:
        log.info(
            "translit-api: page %s has a newer draft than revision %s; not writing back",
            page.pk,
            revision.pk,
        )
        return None

    done = TranslitReport.objects.filter(
        source_revision=revision,
        mode=config.mode,
        status__in=[TranslitReport.Status.UNCHANGED, TranslitReport.Status.SUGGESTED],
    ).first()
    if done is not None:
        return done

    draft = revision.as_object()
    fields = rich_text_fields(type(draft), config.fields)
    if not fields:
        return None

    trigger = "publish" if publish else "save"
    annotations: list[dict[str, Any]] = []
    versions: set[str] = set()
    started = time.monotonic()
    try:
        with TranslitClient(
            config.url or "",
            api_key=config.api_key,
            webhook_secret=config.webhook_secret,
            timeout=config.timeout,
            retries=config.retries,
            backoff=config.backoff,
        ) as client:

            def repair(path: str, html: str) -> str:
                result = client.normalize(html, mode=config.mode, format="html")
                if MARKUP.findall(result.text) != MARKUP.findall(html):
                    raise TranslitError(
                        "the service changed the markup; its result was not used",
                        code="markup_changed",
                    )
                versions.add(result.glossary_version)
                annotations.extend({"field": path, **a} for a in result.annotations)
                return result.text if config.mode == "replace" else html

            changes = _map_fields(draft, fields, repair)
    except (TranslitError, ValueError) as exc:
        log.warning(
            "translit-api: page %s revision %s published unchanged after %.1fs: %s",
            page.pk,
            revision.pk,
            time.monotonic() - started,
            exc,
        )
        return TranslitReport.objects.create(
            page=page,
            source_revision=revision,
            status=TranslitReport.Status.FAILED,
            trigger=trigger,
            mode=config.mode,
            error=str(exc)[:2000],
        )

    if changes:
        status = TranslitReport.Status.REPAIRED
    elif config.mode == "suggest" and annotations:
        status = TranslitReport.Status.SUGGESTED
    else:
        status = TranslitReport.Status.UNCHANGED
    with transaction.atomic(), writing_back():
        report = TranslitReport.objects.create(
            page=page,
            source_revision=revision,
            status=status,
            trigger=trigger,
            mode=config.mode,
            glossary_version=",".join(sorted(versions)),
            annotations=annotations,
        )
        if changes:
            for name, value in changes.items():
                setattr(draft, name, value)
            new_revision = draft.save_revision(user=None, changed=True, log_action=False)
            report.revision = new_revision
            report.save(update_fields=["revision"])
            _log_repair(draft, new_revision, revision, report)
            if publish:
                new_revision.publish(user=None, log_action=True)
    if changes:
        log.info(
            "translit-api: page %s: %d name(s) repaired in revision %s (from %s)",
            page.pk,
            len(report.applied),
            report.revision_id,
            revision.pk,
        )
    return report


def _point_latest_at(page: Any, revision: Any) -> None:
    from wagtail.models import Page

    Page.objects.filter(pk=page.pk).exclude(latest_revision=revision).update(
        latest_revision=revision, latest_revision_created_at=revision.created_at
    )


def _log_repair(page: Any, new_revision: Any, source: Any, report: Any) -> None:
    from wagtail.log_actions import log as log_action

    log_action(
        instance=page,
        action="translit_api.repair",
        user=None,
        revision=new_revision,
        data={"source_revision": source.pk, "report": report.pk, "changes": len(report.applied)},
        content_changed=True,
    )


def _map_fields(page: Any, fields: list[Any], fn: Callable[[str, str], str]) -> dict[str, Any]:
    """Run ``fn(path, html)`` on every rich text value; the fields whose value changed."""
    from wagtail.fields import RichTextField

    changed: dict[str, Any] = {}
    for field in fields:
        value = getattr(page, field.name)
        if isinstance(field, RichTextField):
            if isinstance(value, str) and value.strip():
                new = fn(field.name, value)
                if new != value:
                    changed[field.name] = new
            continue
        if not value:
            continue
        raw = value.get_prep_value() if hasattr(value, "get_prep_value") else value
        new_raw = _map_block(field.stream_block, raw, fn, field.name)
        if new_raw != raw:
            changed[field.name] = new_raw
    return changed


def _map_block(block: Any, raw: Any, fn: Callable[[str, str], str], path: str) -> Any:
    """The raw (JSON-ish) StreamField value with ``fn`` applied to each rich text block."""
    from wagtail import blocks

    if isinstance(block, blocks.RichTextBlock):
        return fn(path, raw) if isinstance(raw, str) and raw.strip() else raw
    if isinstance(block, blocks.BaseStreamBlock):
        if not isinstance(raw, list):
            return raw
        out = []
        for i, item in enumerate(raw):
            child = block.child_blocks.get(item.get("type")) if isinstance(item, dict) else None
            if child is not None and "value" in item:
                value = _map_block(child, item["value"], fn, f"{path}[{i}].{item['type']}")
                item = {**item, "value": value}
            out.append(item)
        return out
    if isinstance(block, blocks.BaseStructBlock):
        if not isinstance(raw, dict):
            return raw
        return {
            name: _map_block(block.child_blocks[name], value, fn, f"{path}.{name}")
            if name in block.child_blocks
            else value
            for name, value in raw.items()
        }
    if isinstance(block, blocks.ListBlock):
        if not isinstance(raw, list):
            return raw
        block_format = all(
            isinstance(item, dict) and item.get("type") == "item" and "value" in item
            for item in raw
        )
        if block_format:
            return [
                {**item, "value": _map_block(block.child_block, item["value"], fn, f"{path}[{i}]")}
                for i, item in enumerate(raw)
            ]
        return [
            _map_block(block.child_block, item, fn, f"{path}[{i}]") for i, item in enumerate(raw)
        ]
    return raw
