"""When to repair: after a page is published (``page_published``) or a revision is saved.

Wagtail sends ``page_published`` in the middle of publishing: aliases are updated and the
publish is logged after it. Writing a new revision back from inside the signal would let the
rest of that publish overwrite the aliases with the old text, so the work is deferred to the end
of the publish: to the commit when the publish runs in a transaction, else to the moment its log
entry is written (the last thing :class:`wagtail.actions.publish_revision.PublishRevisionAction`
does). A publish called with ``log_action=False`` outside a transaction is therefore left alone;
scripts that do that can call :func:`.repair.repair_revision` themselves.

Nothing here raises: every failure is logged and the publish goes on unchanged.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from django.db import connection, transaction
from django.db.models.signals import post_save

from .conf import get_config
from .repair import is_writing_back, run_safely

__all__ = ["connect"]

log = logging.getLogger("translit_api.integrations.wagtail")

_pending = threading.local()


def _pending_ids() -> set[int]:
    ids = getattr(_pending, "ids", None)
    if ids is None:
        ids = _pending.ids = set()
    return ids


def on_page_published(sender: Any, instance: Any, revision: Any = None, **kwargs: Any) -> None:
    if kwargs.get("alias") or revision is None or is_writing_back():
        return
    config = get_config()
    if not config.active:
        return
    revision_id = revision.pk
    if connection.in_atomic_block:
        transaction.on_commit(lambda: run_safely(revision_id, publish=True))
    else:
        _pending_ids().add(revision_id)


def on_log_entry_saved(sender: Any, instance: Any, created: bool = False, **kwargs: Any) -> None:
    if not created or kwargs.get("raw"):
        return
    revision_id = instance.revision_id
    pending = _pending_ids()
    if revision_id not in pending or instance.action == "wagtail.rename":
        return
    pending.discard(revision_id)
    transaction.on_commit(lambda: run_safely(revision_id, publish=True))


def on_revision_saved(sender: Any, instance: Any, created: bool = False, **kwargs: Any) -> None:
    if not created or kwargs.get("raw") or is_writing_back():
        return
    config = get_config()
    if not config.active or config.trigger != "save" or not _is_page_revision(instance):
        return
    revision_id = instance.pk
    # save_revision() runs in a transaction: this runs once it has finished.
    transaction.on_commit(lambda: run_safely(revision_id, publish=False))


def _is_page_revision(revision: Any) -> bool:
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page

    return revision.base_content_type_id == ContentType.objects.get_for_model(Page).pk


def connect() -> None:
    from wagtail.models import PageLogEntry, Revision
    from wagtail.signals import page_published

    uid = "translit_api.integrations.wagtail"
    page_published.connect(on_page_published, dispatch_uid=f"{uid}.page_published")
    post_save.connect(on_log_entry_saved, sender=PageLogEntry, dispatch_uid=f"{uid}.log")
    post_save.connect(on_revision_saved, sender=Revision, dispatch_uid=f"{uid}.revision")
