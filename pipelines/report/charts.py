"""plotly charts for the report: built in Python, drawn by one local copy of plotly.js."""

from __future__ import annotations

import json

import plotly.graph_objects as go
import plotly.io as pio

from pipelines.report.model import Chart

# Colours with at least 3:1 contrast against white (WCAG 1.4.11), chosen and ordered so that
# any two of the first five stay apart (CIELAB ΔE ≥ 29) also as readers with protanopia,
# deuteranopia or tritanopia see them (tests/test_palette.py simulates it).
COLOURS = ["#1f4e79", "#8c1c13", "#009e73", "#999933", "#1a1a1a"]
# A chart shows at most this many series; the table beside it holds the rest.
MAX_SERIES = len(COLOURS)
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"

# plotly.js configuration: no cloud button, no logo, Norwegian locale (registered by
# assets/plotly-locale-nb.js), and no zoom tools that trap keyboard users.
CONFIG = {
    "displaylogo": False,
    "showSendToCloud": False,
    "showEditInChartStudio": False,
    "showLink": False,
    "locale": "nb",
    "responsive": True,
    # One button, the PNG download: zoom and pan tools are tab stops that keyboard and
    # screen-reader users would have to pass on every chart, and the table holds the numbers.
    "modeBarButtons": [["toImage"]],
    "displayModeBar": True,
    "toImageButtonOptions": {"format": "png", "scale": 2},
}


def _layout(title: str, **extra: object) -> dict:
    layout: dict[str, object] = {
        "title": {"text": title, "x": 0, "xanchor": "left", "font": {"size": 16}},
        "font": {"family": FONT, "size": 14, "color": "#1a1a1a"},
        "separators": ", ",  # decimal comma, space between thousands
        "colorway": COLOURS,
        "margin": {"l": 10, "r": 10, "t": 60, "b": 10},
        "legend": {"orientation": "h", "y": -0.15},
        "plot_bgcolor": "#ffffff",
        "paper_bgcolor": "#ffffff",
        "hoverlabel": {"font": {"family": FONT}},
    }
    layout.update(extra)
    return layout


def _value_axis(percent: bool) -> dict[str, object]:
    """The axis of the values: per cent from 0 to 100, or amounts from 0."""
    axis: dict[str, object] = {
        "ticksuffix": " %" if percent else "",
        "gridcolor": "#d9d9d9",
        "zeroline": True,
        "zerolinecolor": "#1a1a1a",
        "rangemode": "tozero",
    }
    if percent:
        axis["range"] = [0, 100]
    return axis


def _chart(chart_id: str, label: str, figure: go.Figure) -> Chart:
    # Through plotly's own JSON encoder, so numpy and pandas values serialise, then back to
    # plain structures the template writes out deterministically.
    spec = json.loads(pio.to_json(figure, validate=True, engine="json"))
    return Chart(chart_id, label, spec["data"], spec.get("layout", {}))


def plain_text(label: str) -> str:
    """A label that plotly shows as written: '<' and '&' as entities, so a municipality's name
    like '<a href=…>' is text, never a link or a style."""
    return str(label).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


LABEL_WIDTH = 22  # characters on a line of a category label beside horizontal bars


def wrap(label: str, width: int = LABEL_WIDTH) -> str:
    """A label over lines of at most `width` characters (a longer word keeps its line), joined
    by plotly's <br>; the label is already plain text."""
    lines: list[str] = []
    for word in label.split(" "):
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "<br>".join(lines)


def bars(
    chart_id: str,
    title: str,
    label: str,
    categories: list[str],
    series: list[tuple[str, list[float | None]]],
    *,
    horizontal: bool = False,
    errors: list[tuple[list[float | None], list[float | None]] | None] | None = None,
    percent: bool = True,
    height: int = 420,
) -> Chart:
    """Grouped bars: one trace per series; values in per cent unless percent=False. Labels are
    shown as plain text: plotly renders a subset of HTML in them. At most MAX_SERIES series:
    more colours could not be told apart."""
    if len(series) > MAX_SERIES:
        raise ValueError(f"{chart_id}: {len(series)} series, at most {MAX_SERIES} can be told apart")
    # long labels beside horizontal bars wrap, so that on a phone they do not take the width
    categories = [wrap(plain_text(c)) if horizontal else plain_text(c) for c in categories]
    series = [(plain_text(name), values) for name, values in series]
    figure = go.Figure()
    for index, (name, values) in enumerate(series):
        error = errors[index] if errors else None
        hover = "%{y:.0f} %" if percent else "%{y:,.0f}"
        if horizontal:
            hover = hover.replace("y", "x")
        trace: dict = {
            "name": name,
            "hovertemplate": f"{name}: {hover}<extra></extra>",
            "marker": {"color": COLOURS[index % len(COLOURS)]},
        }
        if error:
            low, high = error
            plus = [None if h is None or v is None else h - v for h, v in zip(high, values, strict=True)]
            minus = [None if lo is None or v is None else v - lo for lo, v in zip(low, values, strict=True)]
            trace["error_x" if horizontal else "error_y"] = {
                "type": "data",
                "array": plus,
                "arrayminus": minus,
                "visible": True,
                "color": "#1a1a1a",
                "thickness": 1.5,
                "width": 4,
            }
        if horizontal:
            figure.add_trace(go.Bar(y=categories, x=values, orientation="h", **trace))
        else:
            figure.add_trace(go.Bar(x=categories, y=values, **trace))
    value_axis = _value_axis(percent)
    category_axis: dict[str, object] = {"automargin": True, "type": "category"}
    if horizontal:
        category_axis["autorange"] = "reversed"
    layout = _layout(
        title,
        barmode="group",
        height=height,
        xaxis=value_axis if horizontal else category_axis,
        yaxis=category_axis if horizontal else value_axis,
        showlegend=len(series) > 1,
    )
    figure.update_layout(**layout)
    return _chart(chart_id, label, figure)


# Beyond this many years side by side, a series over the years is drawn as lines: grouped bars
# for twenty years are too many to compare.
MAX_BAR_YEARS = 6
DASHES = ["solid", "dash", "dot", "dashdot", "longdash"]
SYMBOLS = ["circle", "square", "diamond", "triangle-up", "x"]


def by_year(
    chart_id: str,
    title: str,
    label: str,
    years: list[str],
    series: list[tuple[str, list[float | None]]],
    *,
    errors: list[tuple[list[float | None], list[float | None]] | None] | None = None,
    percent: bool = True,
) -> Chart:
    """Series over the reporting years: grouped bars for a few years, lines beyond."""
    if len(years) <= MAX_BAR_YEARS:
        return bars(chart_id, title, label, years, series, errors=errors, percent=percent)
    return lines(
        chart_id, title, label.replace("Stolpediagram", "Linjediagram"), years, series, percent=percent
    )


def lines(
    chart_id: str,
    title: str,
    label: str,
    categories: list[str],
    series: list[tuple[str, list[float | None]]],
    *,
    percent: bool = True,
    height: int = 420,
) -> Chart:
    """One line per series, told apart by colour, dash and marker (not by colour alone)."""
    if len(series) > MAX_SERIES:
        raise ValueError(f"{chart_id}: {len(series)} series, at most {MAX_SERIES} can be told apart")
    figure = go.Figure()
    hover = "%{y:.0f} %" if percent else "%{y:,.1f}"
    for index, (name, values) in enumerate(series):
        name = plain_text(name)
        figure.add_trace(
            go.Scatter(
                x=[plain_text(c) for c in categories],
                y=values,
                name=name,
                mode="lines+markers",
                line={"color": COLOURS[index], "dash": DASHES[index], "width": 2.5},
                marker={"symbol": SYMBOLS[index], "size": 7, "color": COLOURS[index]},
                hovertemplate=f"{name}: {hover}<extra></extra>",
            )
        )
    figure.update_layout(
        **_layout(
            title,
            height=height,
            xaxis={"type": "category", "automargin": True},
            yaxis=_value_axis(percent),
            showlegend=len(series) > 1,
        )
    )
    return _chart(chart_id, label, figure)


def config_json() -> str:
    return json.dumps(CONFIG, ensure_ascii=False, sort_keys=True)
