"""Admin wiring: the report views, a Reports menu item and the history entry for repairs."""

from __future__ import annotations

from typing import Any

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import views


@hooks.register("register_admin_urls")
def register_urls() -> list[Any]:
    return [path("translit/", include(views, namespace="translit_wagtail"))]


@hooks.register("register_reports_menu_item")
def register_menu_item() -> MenuItem:
    return MenuItem(
        "Name repairs",
        reverse("translit_wagtail:index"),
        name="translit-name-repairs",
        icon_name="doc-full",
        order=900,
    )


@hooks.register("register_log_actions")
def register_log_actions(actions: Any) -> None:
    actions.register_action(
        "translit_api.repair",
        "Repair names",
        "Names repaired by translit-api",
    )
