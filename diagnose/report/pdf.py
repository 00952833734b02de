"""report.html to report.pdf with WeasyPrint: tagged PDF/UA-1, the JSON attached, nothing fetched.

WeasyPrint fetches nothing but `data:` URLs and the packaged templates folder. It is imported
only here, and only when a PDF is made, so the CLI starts quickly.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote, urlparse

from diagnose.core.errors import DiagnoseError
from diagnose.core.resources import content_dir


def _safe_fetcher():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    templates = content_dir("templates").resolve()

    class PackagedAssetsOnly(URLFetcher):
        """Fetches `data:` URLs and files inside the packaged templates folder; nothing else."""

        def fetch(self, url, headers=None):
            scheme = url.split(":", 1)[0].lower()
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme == "file":
                path = Path(unquote(urlparse(url).path)).resolve()
                if path.is_relative_to(templates) and path.is_file():
                    return URLFetcherResponse(url, body=path.read_bytes())
            raise ValueError(f"okr-diagnose does not fetch {url!r}: only packaged assets and data: URLs")

    return PackagedAssetsOnly()


# Said when the machine lacks libharfbuzz-subset: fonts are then subset by fontTools, with the same
# result. It is about the machine, not the document, so it is not passed on to the user.
ENVIRONMENT_NOTICES = ("Using fontTools instead of HarfBuzz-Subset",)


def is_environment_notice(message: str) -> bool:
    return message.startswith(ENVIRONMENT_NOTICES)


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        message = record.getMessage()
        if not is_environment_notice(message):
            self.messages.append(message)


def render_pdf(html: str | Iterable[str], attachment: bytes | None = None,
               attachment_name: str = "diagnosis.json", max_pages: int | None = None) -> tuple[bytes, list[str]]:
    """The PDF, and whatever WeasyPrint warned about (it logs CSS and fetch problems, never raises).

    `html` may be versions of one document, fullest first: the PDF is made of the first whose layout
    keeps to `max_pages` (of the last when none does). They are taken one at a time, so a lazy
    iterable makes only what is laid out; the common case costs one layout."""
    try:
        from weasyprint import HTML, Attachment
        from weasyprint.text.fonts import FontConfiguration
    except OSError as exc:  # the Pango libraries are missing
        raise DiagnoseError(f"WeasyPrint cannot start ({exc}); install Pango (Debian: apt-get install "
                            "libpango-1.0-0 libpangoft2-1.0-0)") from None
    logger = logging.getLogger("weasyprint")
    collect = _Collect()
    logger.addHandler(collect)
    propagate, logger.propagate = logger.propagate, False
    try:
        fetcher = _safe_fetcher()
        base = content_dir("templates").resolve().as_uri() + "/"
        options = {"presentational_hints": False, "pdf_variant": "pdf/ua-1"}
        versions = [html] if isinstance(html, str) else html
        for version in versions:
            document = HTML(string=version, base_url=base, url_fetcher=fetcher).render(
                font_config=FontConfiguration(), **options)
            if max_pages is None or len(document.pages) <= max_pages:
                break
        attachments = []
        if attachment is not None:
            attachments.append(Attachment(string=attachment, base_url=base, url_fetcher=fetcher,
                                          name=attachment_name, description="Everything the report says, as JSON",
                                          relationship="Data"))
        pdf = document.write_pdf(attachments=attachments, **options)
    finally:
        logger.removeHandler(collect)
        logger.propagate = propagate
    return pdf, list(dict.fromkeys(collect.messages))  # a version laid out again says the same things again
