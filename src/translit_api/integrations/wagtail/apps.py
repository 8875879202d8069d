from __future__ import annotations

from django.apps import AppConfig


class TranslitWagtailConfig(AppConfig):
    name = "translit_api.integrations.wagtail"
    label = "translit_wagtail"
    verbose_name = "translit-api for Wagtail"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.core import checks

        from . import signals
        from .conf import check_settings

        signals.connect()
        checks.register(check_settings)
