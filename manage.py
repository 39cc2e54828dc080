#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pcso.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        # Load the settings now: Django defers their error, and some commands then fail
        # with an unrelated "Models aren't loaded yet", hiding what to set.
        settings.INSTALLED_APPS  # noqa: B018
    except ImproperlyConfigured as exc:
        sys.exit(f"manage.py: {exc} For local use set DJANGO_DEBUG=1 (the Makefile does); see README.md.")

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
