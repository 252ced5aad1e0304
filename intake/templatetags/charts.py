"""Charts drawn on the server as SVG: no script, and no inline style, so the strict CSP holds."""

from django import template

register = template.Library()

ROW = 32  # height of one bar's row, in the chart's units
LABEL = 190  # room for the labels left of the bars
BARS = 250  # the longest bar


@register.inclusion_tag("review/_bar_chart.html")
def bar_chart(bars, title: str) -> dict:
    """A horizontal bar chart of `bars` (label, value, colour), the longest bar for the largest value."""
    top = max((bar.value for bar in bars), default=0) or 1
    rows = []
    for number, bar in enumerate(bars):
        length = round(BARS * bar.value / top, 1)
        rows.append({"bar": bar, "y": number * ROW, "length": length, "value_x": LABEL + length + 6})
    return {
        "title": title,
        "rows": rows,
        "height": len(bars) * ROW,
        "width": LABEL + BARS + 50,
        "label_width": LABEL,
        "text_dy": ROW // 2 + 5,
        "bar_height": ROW - 10,
    }
