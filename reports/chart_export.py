"""The report's charts as SVG, exported by plotly's own static export (kaleido 1.x).

kaleido drives a Chromium. Starting one costs seconds and each figure a fraction
of one, so every figure a report lacks is exported in one session: one browser,
one tab, whatever the number of figures. An exported SVG is cached by the
figure's content (its JSON and the export size), so an unchanged chart is never
exported twice. MathJax is turned off, since kaleido would otherwise load it
from the network; plotly.js comes from the installed plotly package.

Without a Chromium (``CHART_BROWSER_PATH`` names no file), or when the export
fails, a figure's SVG is ``None``: the report then shows the chart's figures as
a table with a note, and the PDF is made all the same.
"""

import asyncio
import hashlib
import logging
import os
import threading
from collections.abc import Sequence
from importlib.metadata import version
from pathlib import Path

import plotly.graph_objects as go
from django.conf import settings

logger = logging.getLogger(__name__)

WIDTH, HEIGHT = 760, 290
"""Pixels of an exported chart: the width of an A4 page's text at 96 dpi, scaled to fit."""

TIMEOUT_SECONDS = 60
"""The longest one figure may take before the session gives it up."""

_EXPORTER = f"plotly {version('plotly')} kaleido {version('kaleido')} {WIDTH}x{HEIGHT}"


def figure_key(figure: go.Figure) -> str:
    """The name a figure's SVG is cached under: a hash of everything that draws it."""
    content = f"{_EXPORTER}\n{figure.to_json()}"
    return hashlib.sha256(content.encode()).hexdigest()


def cache_dir() -> Path:
    return Path(settings.REPORT_CACHE_DIR) / "charts"


def browser_available() -> bool:
    return Path(settings.CHART_BROWSER_PATH).is_file()


def export_svgs(figures: Sequence[go.Figure]) -> list[Path | None]:
    """Each figure's SVG file, from the cache or exported now; ``None`` where it cannot be made.

    Starts at most one browser, and only when some figure is not cached.
    """
    keys = [figure_key(figure) for figure in figures]
    found = {key: _cached(key) for key in set(keys)}
    missing = {key: figure for key, figure in zip(keys, figures, strict=True) if found[key] is None}
    if missing and browser_available():
        exported = _export(list(missing.values()))
        for key, svg in zip(missing, exported, strict=True):
            if svg is not None:
                found[key] = _write(key, svg)
    elif missing:
        logger.warning(
            "No browser at %s: %d charts are shown as tables.",
            settings.CHART_BROWSER_PATH,
            len(missing),
        )
    return [found[key] for key in keys]


def _cached(key: str) -> Path | None:
    path = cache_dir() / f"{key}.svg"
    return path if path.is_file() else None


def _write(key: str, svg: str) -> Path:
    """Write the file whole or not at all: a reader never sees half an SVG."""
    folder = cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    partial = folder / f".{key}.{os.getpid()}.{threading.get_ident()}.tmp"
    partial.write_text(svg, encoding="utf-8")
    return partial.replace(folder / f"{key}.svg")


def _export(figures: list[go.Figure]) -> list[str | None]:
    """Export the figures in one kaleido session; ``None`` for each that failed."""
    try:
        return _run(_export_session(figures))
    except Exception:  # any failure of the browser leaves the report readable, with tables
        logger.exception("The charts could not be exported; they are shown as tables.")
        return [None] * len(figures)


async def _export_session(figures: list[go.Figure]) -> list[str | None]:
    import kaleido  # imported here: it registers plotly's encoder and looks for a browser

    options = {"format": "svg", "width": WIDTH, "height": HEIGHT}
    result: list[str | None] = []
    async with kaleido.Kaleido(
        n=1, mathjax=False, timeout=TIMEOUT_SECONDS, path=settings.CHART_BROWSER_PATH
    ) as session:
        for figure in figures:
            try:
                svg = await session.calc_fig(figure, opts=options)
            except Exception:  # one broken figure does not take the others with it
                logger.exception("A chart could not be exported; it is shown as a table.")
                result.append(None)
            else:
                result.append(svg.decode("utf-8"))
    return result


def _run(coroutine):
    """Run the session to its end, also from a thread that already runs an event loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    outcome: dict = {}

    def target():
        try:
            outcome["value"] = asyncio.run(coroutine)
        except Exception as error:  # handed to the caller's thread
            outcome["error"] = error

    worker = threading.Thread(target=target)
    worker.start()
    worker.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]
