"""Admin views: the reports the service left, for the pages an editor may edit.

Templates are kept as strings here rather than files, so the package needs no package data.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template import engines
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from .models import TranslitReport

app_name = "translit_wagtail"

_BASE = """{% extends "wagtailadmin/generic/base.html" %}
{% block main_content %}{{ body }}{% endblock %}"""


@cache
def _template() -> Any:
    return engines["django"].from_string(_BASE)


def _render(request: HttpRequest, title: str, body: SafeString, subtitle: str = "") -> HttpResponse:
    context = {
        "header_title": title,
        "page_title": title,
        "page_subtitle": subtitle,
        "header_icon": "doc-full",
        "body": body,
    }
    return HttpResponse(_template().render(context, request))


def annotations_table(report: TranslitReport) -> SafeString:
    """One row per change or suggestion: where, what was there, what the glossary says."""
    if report.status == TranslitReport.Status.FAILED:
        return format_html('<p class="help-block help-warning">{}</p>', report.error)
    if not report.annotations:
        return format_html("<p>{}</p>", "No names to repair.")
    rows = format_html_join(
        "",
        "<tr><td><code>{}</code></td><td>{}</td><td><strong>{}</strong></td>"
        "<td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
        (
            (
                a.get("field", ""),
                a.get("original", ""),
                a.get("replacement") or a.get("canonical", ""),
                "applied" if a.get("applied") else "suggested",
                a.get("method", ""),
                f"{float(a.get('confidence') or 0):.2f}",
                a.get("note") or "",
            )
            for a in report.annotations
        ),
    )
    return format_html(
        '<table class="listing translit-annotations"><thead><tr><th>Field</th><th>Was</th>'
        "<th>Now / suggested</th><th>Status</th><th>How</th><th>Confidence</th><th>Note</th>"
        "</tr></thead><tbody>{}</tbody></table>",
        rows,
    )


def report_summary(report: TranslitReport) -> SafeString:
    revision = (
        format_html(" → revision {}", report.revision_id) if report.revision_id else SafeString("")
    )
    return format_html(
        "<p><strong>{}</strong> · {} · revision {}{} · glossary {} · {}</p>",
        report.get_status_display(),
        report.created.strftime("%Y-%m-%d %H:%M"),
        report.source_revision_id or "?",
        revision,
        report.glossary_version or "–",
        report.trigger,
    )


def _can_edit(request: HttpRequest, page: Any) -> bool:
    return page.permissions_for_user(request.user).can_edit()


def index(request: HttpRequest) -> HttpResponse:
    reports = [
        r
        for r in TranslitReport.objects.select_related("page")[:200]
        if request.user.is_superuser or _can_edit(request, r.page)
    ][:100]
    rows = format_html_join(
        "",
        '<tr><td><a href="{}">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>',
        (
            (
                reverse("translit_wagtail:page", args=[r.page_id]),
                r.page.get_admin_display_title(),
                r.get_status_display(),
                len(r.applied),
                len(r.suggestions),
                r.created.strftime("%Y-%m-%d %H:%M"),
            )
            for r in reports
        ),
    )
    body = format_html(
        '<table class="listing"><thead><tr><th>Page</th><th>Status</th><th>Repaired</th>'
        "<th>Suggested</th><th>When</th></tr></thead><tbody>{}</tbody></table>",
        rows,
    )
    return _render(request, "Name repairs", body)


def page_reports(request: HttpRequest, page_id: int) -> HttpResponse:
    from wagtail.models import Page

    page = get_object_or_404(Page, pk=page_id)
    if not _can_edit(request, page):
        raise PermissionDenied
    reports = TranslitReport.objects.filter(page=page)[:50]
    body = format_html_join(
        "",
        "<section>{}{}</section>",
        ((report_summary(r), annotations_table(r)) for r in reports),
    ) or format_html("<p>{}</p>", "This page has not been checked yet.")
    return _render(request, "Name repairs", body, page.get_admin_display_title())


urlpatterns = [
    path("", index, name="index"),
    path("pages/<int:page_id>/", page_reports, name="page"),
]
