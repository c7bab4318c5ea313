"""Checks of the installation, run before any work: a missing dependency must stop a run with one
clear line, not turn every HTML page into a failure row (`stored 4, failed 2`, exit 0)."""
from __future__ import annotations

import importlib

from .errors import MissingDependency

# Modules the HTML path imports lazily, and the package that provides each. lxml.html.clean moved out
# of lxml into lxml_html_clean (lxml 5.2); pip < 23.3 may skip the `lxml[html_clean]` extra that
# trafilatura asks for, so the project depends on lxml_html_clean directly.
HTML_MODULES = {"lxml.html.clean": "lxml_html_clean", "trafilatura": "trafilatura", "bs4": "beautifulsoup4"}


def check_html_support() -> None:
    """Raise MissingDependency naming the package to install when the HTML path cannot run."""
    for module, package in HTML_MODULES.items():
        try:
            importlib.import_module(module)
        except ImportError as exc:
            raise MissingDependency(module, package, str(exc)) from None
