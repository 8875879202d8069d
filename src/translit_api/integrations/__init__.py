"""Clients that plug translit-api into content management systems.

Each integration talks to a running service over HTTP (``POST /normalize`` with
``format=html``) and fails open: when the service is slow, down or refuses a request, the
content is published unchanged and the failure is logged. ``integrations/README.md`` at the
repository root describes the request a hook sends and what it gets back.

- :mod:`translit_api.integrations.wagtail`: a Django app for Wagtail (``translit-api[wagtail]``).
- ``integrations/wordpress/translit-api``: a WordPress plugin (PHP, outside this package).
"""
