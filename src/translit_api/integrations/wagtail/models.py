"""What the service said about a page revision, kept for the editors."""

from __future__ import annotations

from django.db import models


class TranslitReport(models.Model):
    class Status(models.TextChoices):
        REPAIRED = "repaired", "Names repaired"
        UNCHANGED = "unchanged", "Nothing to repair"
        SUGGESTED = "suggested", "Suggestions only"
        FAILED = "failed", "Service unavailable: published unchanged"

    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="translit_reports"
    )
    source_revision = models.ForeignKey(
        "wagtailcore.Revision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The revision that was sent to the service.",
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The revision written back with the repaired text, if any.",
    )
    status = models.CharField(max_length=16, choices=Status.choices)
    trigger = models.CharField(max_length=16, default="publish")
    mode = models.CharField(max_length=16, default="replace")
    glossary_version = models.CharField(max_length=64, blank=True)
    annotations = models.JSONField(
        default=list,
        blank=True,
        help_text="The service's annotations, each with its field path.",
    )
    error = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ("-created", "-id")
        verbose_name = "name repair report"

    def __str__(self) -> str:
        return f"{self.get_status_display()} on page {self.page_id} ({self.created:%Y-%m-%d %H:%M})"

    @property
    def applied(self) -> list[dict]:
        return [a for a in self.annotations if a.get("applied")]

    @property
    def suggestions(self) -> list[dict]:
        return [a for a in self.annotations if not a.get("applied")]
