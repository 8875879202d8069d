"""Wagtail integration: repair names in rich text when a page is published (or saved).

Add ``"translit_api.integrations.wagtail"`` to ``INSTALLED_APPS``, run ``migrate`` and set::

    TRANSLIT_API = {"URL": "http://translit-api:8000", "API_KEY": "…"}

On each publish the page's rich text (``RichTextField`` and rich text blocks in a
``StreamField``) is sent to the service in HTML mode; when names were repaired the result is
saved as a new revision and published, and a :class:`~.models.TranslitReport` keeps the
annotations, shown under Reports → Name repairs and, where a page model adds
:class:`~.panels.TranslitReportPanel`, in the page editor. When the service cannot be used the
page is published unchanged and a warning is logged.

:mod:`.client` imports nothing from Django and can be used on its own.
"""
