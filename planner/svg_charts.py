"""Server-drawn SVG pictures of the plotly bar figures that chart pages carry (ballot and
survey results, meeting attendance, the progress dashboard, a plan's chart).

The picture is drawn from the very figure dict that plotly would draw, so both show the same
figures; it is in the page's HTML, readable before any script runs and on phones that never
load plotly. Plotly's bundle (395 KB gzipped) loads only when the reader asks for the
interactive chart (``static/charts.js``). Every chart page also has the same figures as a
table, so the picture is hidden from screen readers.

Horizontal bars (``orientation="h"``) put each category's label on a line of its own above
its bars, so long labels in Kyrgyz or Armenian fit a 360 px phone; bars may be grouped,
stacked, or start at a ``base`` (a timeline)."""
from markupsafe import Markup, escape

from .i18n import number

WIDTH = 360  # viewBox units, about CSS pixels on a phone; the SVG scales to its box
LABEL_H, BAR_H, GAP = 18, 14, 10
DEFAULT_COLOURS = ("#0b5d4b", "#e3b56a", "#2f6f9f", "#b5446e")


def _number(value) -> str:
    """The locale's decimal format (Babel's ``format_decimal``), through i18n's kept texts."""
    value = float(value)
    return number(int(value) if value.is_integer() else round(value, 1))


def _colours(trace, index, n) -> list:
    """One colour per bar: the trace's, or each bar's own (a bar above plan, say)."""
    colour = (trace.get("marker") or {}).get("color")
    default = DEFAULT_COLOURS[index % len(DEFAULT_COLOURS)]
    if isinstance(colour, (list, tuple)):
        return [c if isinstance(c, str) else default for c in colour] + [default] * (n - len(colour))
    return [colour if isinstance(colour, str) else default] * n


def _values(values, n):
    values = list(values or [])
    return [(float(v) if isinstance(v, (int, float)) else 0.0) for v in values] + [0.0] * (n - len(values))


def _bases(trace, n):
    base = trace.get("base")
    if not isinstance(base, (list, tuple)):
        return [float(base or 0)] * n
    return [(float(b) if isinstance(b, (int, float)) else None) for b in base] + [None] * (n - len(base))


def _series(figure):
    """(categories, [(name, colours, values, bases)], horizontal, stacked) of a bar figure."""
    traces = [t for t in figure.get("data") or () if t.get("type", "bar") == "bar"]
    if not traces:
        return [], [], True, False
    horizontal = traces[0].get("orientation") == "h"
    axis = "y" if horizontal else "x"
    lists = [list(trace.get(axis) or ()) for trace in traces]
    if all(names == lists[0] for names in lists):
        # every trace names the same bars in the same order: a bar per position, so two bars with
        # the same title (two projects called "Street lights") stay two bars
        categories, positions = lists[0], [range(len(lists[0]))] * len(traces)
    else:
        categories = []
        for names in lists:
            for category in names:
                if category not in categories:
                    categories.append(category)
        positions = []
        for names in lists:
            by_category = dict(zip(names, range(len(names))))
            positions.append([by_category.get(c) for c in categories])
    series = []
    for index, (trace, names, where) in enumerate(zip(traces, lists, positions)):
        values = _values(trace.get("x" if horizontal else "y"), len(names))
        bases = _bases(trace, len(names))
        colours = _colours(trace, index, len(names))
        series.append((str(trace.get("name") or ""),
                       [colours[i] if i is not None else DEFAULT_COLOURS[0] for i in where],
                       [values[i] if i is not None else 0.0 for i in where],
                       [bases[i] if i is not None else None for i in where]))
    stacked = (figure.get("layout") or {}).get("barmode") in ("stack", "relative")
    return categories, series, horizontal, stacked


def bar_svg(figure, label="") -> Markup:
    """The SVG picture of ``figure`` (a plotly figure dict of bar traces), or "" if it has none."""
    if not figure:
        return Markup("")
    categories, series, horizontal, stacked = _series(figure)
    if not categories:
        return Markup("")
    layout = figure.get("layout") or {}
    legend = len(series) > 1 and layout.get("showlegend") is not False
    if horizontal:
        top_first = (layout.get("yaxis") or {}).get("autorange") == "reversed"
        picture = _horizontal(categories, series, stacked, label, top_first)
    else:
        picture = _vertical(categories, series, stacked, label)
    return picture + (_legend(series) if legend else Markup(""))


def _legend(series) -> Markup:
    """The colours' names, in HTML under the picture (plotly draws its legend the same way)."""
    return Markup('<p class="chart-key svg-key" aria-hidden="true">' + " ".join(
        f'<span><svg width="12" height="12"><rect width="12" height="12" fill="{escape(colours[0])}"/></svg> '
        f'{escape(name)}</span>'
        for name, colours, _values, _bases in series) + "</p>")


def _svg(height, parts, label):
    return Markup(f'<svg class="chart-svg" viewBox="0 0 {WIDTH} {height}" width="100%" '
                  f'aria-hidden="true" focusable="false" font-size="13"><title>{escape(label)}</title>'
                  + "".join(parts) + "</svg>")


def _horizontal(categories, series, stacked, label, top_first=False):
    timeline = any(b not in (None, 0.0) for _n, _c, _v, bases in series for b in bases)
    ends, starts = [0.0], []
    for i in range(len(categories)):
        if stacked:
            ends.append(sum(values[i] for _n, _c, values, _b in series))
            continue
        for _n, _c, values, bases in series:
            if bases[i] is not None or not timeline:
                ends.append((bases[i] or 0.0) + values[i])
                starts.append(bases[i] or 0.0)
    low, high = (min(starts) if timeline and starts else 0.0), max(ends)
    scale = (WIDTH - 50) / (high - low) if high > low else 0.0
    rows = 1 if stacked else len(series)
    step = LABEL_H + rows * BAR_H + GAP
    parts = []
    # plotly draws the first category at the bottom (unless its axis is reversed): so does the picture
    order = range(len(categories)) if top_first else reversed(range(len(categories)))
    for position, index in enumerate(order):
        y = position * step
        parts.append(f'<text x="0" y="{y + 13}">{escape(str(categories[index]))}</text>')
        offset = 0.0
        for row, (name, colours, values, bases) in enumerate(series):
            value, base, colour = values[index], bases[index], colours[index]
            if timeline and base is None:
                continue
            start = offset if stacked else (base or 0.0)
            bar_y = y + LABEL_H + (0 if stacked else row * BAR_H)
            x, width = (start - low) * scale, max(value * scale, 0.0)
            parts.append(f'<rect x="{x:.1f}" y="{bar_y}" width="{width:.1f}" height="{BAR_H - 2}" fill="{escape(colour)}">'
                         f'<title>{escape(name)}: {_number(value)}</title></rect>')
            if not stacked and not timeline:
                parts.append(f'<text x="{x + width + 4:.1f}" y="{bar_y + BAR_H - 3}" font-size="11">'
                             f'{_number(value)}</text>')
            offset += value
        if stacked:
            parts.append(f'<text x="{offset * scale + 4:.1f}" y="{y + LABEL_H + BAR_H - 3}" font-size="11">'
                         f'{_number(offset)}</text>')
    return _svg(len(categories) * step, parts, label)


def _vertical(categories, series, stacked, label):
    totals = [sum(s[2][i] for s in series) if stacked else max(s[2][i] for s in series)
              for i in range(len(categories))]
    high = max(totals) or 1.0
    height, bottom = 180, 20
    scale = (height - bottom - 20) / high
    slot = WIDTH / len(categories)
    bars = 1 if stacked else len(series)
    bar_w = min(48.0, slot * 0.7 / bars)
    parts = []
    for index, category in enumerate(categories):
        x0 = index * slot + (slot - bar_w * bars) / 2
        offset = 0.0
        for row, (name, colours, values, _bases) in enumerate(series):
            value, colour = values[index], colours[index]
            h = value * scale
            x = x0 + (0 if stacked else row * bar_w)
            y = height - bottom - (offset + value) * scale if stacked else height - bottom - h
            parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w - 2:.1f}" height="{h:.1f}" fill="{escape(colour)}">'
                         f'<title>{escape(name)}: {_number(value)}</title></rect>')
            offset += value
        centre = index * slot + slot / 2
        parts.append(f'<text x="{centre:.1f}" y="{height - 4}" text-anchor="middle">{escape(str(category))}</text>')
        parts.append(f'<text x="{centre:.1f}" y="{height - bottom - totals[index] * scale - 4:.1f}" '
                     f'text-anchor="middle" font-size="11">{_number(totals[index])}</text>')
    return _svg(height, parts, label)
