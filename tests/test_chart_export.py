"""Exporting the report's charts: one session for all that are missing, cached by content.

Without Chromium nothing is started and every chart is None (the report prints
its table). The real export is tested with Chromium in
tests/browser/test_report_charts_in_browser.py.
"""

import logging

import plotly.graph_objects as go
import pytest

from reports import chart_export


def figure(value: float) -> go.Figure:
    return go.Figure(go.Bar(x=["Kv1"], y=[value]))


@pytest.fixture
def cache(settings, tmp_path):
    settings.REPORT_CACHE_DIR = tmp_path
    settings.CHART_BROWSER_PATH = "/usr/bin/chromium"
    return tmp_path / "charts"


@pytest.fixture
def sessions(monkeypatch):
    """Each export session, with the figures it was given; it returns a small SVG per figure."""
    started = []

    def export(figures):
        started.append(figures)
        return [f"<svg><text>{f.data[0].y[0]}</text></svg>" for f in figures]

    monkeypatch.setattr(chart_export, "_export", export)
    monkeypatch.setattr(chart_export, "browser_available", lambda: True)
    return started


def test_every_missing_figure_is_exported_in_one_session_and_each_once(cache, sessions):
    first, second = figure(1), figure(2)
    files = chart_export.export_svgs([first, second, figure(1)])
    assert len(sessions) == 1
    assert [f.data[0].y[0] for f in sessions[0]] == [1, 2]
    assert files[0] == files[2] != files[1]
    assert files[1].read_text() == "<svg><text>2</text></svg>"


def test_a_cached_chart_is_never_exported_again(cache, sessions):
    chart_export.export_svgs([figure(1)])
    files = chart_export.export_svgs([figure(1), figure(3)])
    assert len(sessions) == 2
    assert [f.data[0].y[0] for f in sessions[1]] == [3]
    assert all(file.is_file() for file in files)
    chart_export.export_svgs([figure(1), figure(3)])
    assert len(sessions) == 2


def test_a_changed_figure_has_another_key():
    assert chart_export.figure_key(figure(1)) == chart_export.figure_key(figure(1))
    assert chart_export.figure_key(figure(1)) != chart_export.figure_key(figure(1.5))


def test_without_chromium_nothing_is_started_and_every_chart_is_none(
    settings, tmp_path, monkeypatch, caplog
):
    settings.REPORT_CACHE_DIR = tmp_path
    settings.CHART_BROWSER_PATH = str(tmp_path / "no-such-chromium")
    monkeypatch.setattr(chart_export, "_run", lambda coroutine: pytest.fail("a browser started"))
    with caplog.at_level(logging.WARNING, logger="reports.chart_export"):
        assert chart_export.export_svgs([figure(1), figure(2)]) == [None, None]
    assert "no-such-chromium" in caplog.text


def test_a_failing_export_leaves_the_charts_as_tables(cache, monkeypatch, caplog):
    monkeypatch.setattr(chart_export, "browser_available", lambda: True)

    def broken(coroutine):
        coroutine.close()
        raise RuntimeError("the browser crashed")

    monkeypatch.setattr(chart_export, "_run", broken)
    with caplog.at_level(logging.ERROR, logger="reports.chart_export"):
        assert chart_export.export_svgs([figure(1)]) == [None]
    assert "the browser crashed" in caplog.text
    assert not cache.exists() or not list(cache.glob("*.svg"))
