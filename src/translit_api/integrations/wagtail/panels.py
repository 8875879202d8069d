"""A page editor panel showing the latest report for the page.

Add it to a page model's panels::

    content_panels = Page.content_panels + [FieldPanel("body"), TranslitReportPanel()]
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from wagtail.admin.panels import Panel

from .models import TranslitReport
from .views import annotations_table, report_summary


class TranslitReportPanel(Panel):
    def __init__(self, heading: str = "Name repairs", **kwargs: Any) -> None:
        super().__init__(heading=heading, **kwargs)

    class BoundPanel(Panel.BoundPanel):
        def is_shown(self) -> bool:
            return bool(getattr(self.instance, "pk", None))

        def render_html(self, parent_context: Any = None) -> SafeString:
            reports = TranslitReport.objects.filter(page_id=self.instance.pk)
            latest = reports.first()
            if latest is None:
                return format_html(
                    '<div class="translit-report"><p>{}</p></div>',
                    "Names are checked when the page is published.",
                )
            parts = [report_summary(latest), annotations_table(latest)]
            if not latest.annotations:
                # Nothing new this time: show what the last repair changed.
                last = reports.exclude(annotations=[]).first()
                if last is not None:
                    parts += [report_summary(last), annotations_table(last)]
            return format_html(
                '<div class="translit-report">{}<p><a href="{}">{}</a></p></div>',
                format_html_join("", "{}", ((part,) for part in parts)),
                reverse("translit_wagtail:page", args=[self.instance.pk]),
                "All reports for this page",
            )
