"""The public statistics page in a browser: axe-core in German and Arabic, no CSP errors, and
charts drawn the right way round (mirrored in Arabic)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.test_statistics import world  # noqa: F401 - fixture

pytestmark = pytest.mark.browser

PATH = "/p/lip/statistics"

# Where each row's label, bar and value are, as the browser lays them out (user units).
GEOMETRY = """() => [...document.querySelectorAll('svg.bar-chart')].map(svg => ({
  id: svg.id,
  width: svg.viewBox.baseVal.width,
  rows: [...svg.querySelectorAll('g.chart-row')].map(row => {
    const box = el => { const b = el.getBBox(); return [b.x, b.x + b.width]; };
    const bars = [...row.querySelectorAll('rect.chart-bar')].map(box);
    return {
      label: box(row.querySelector('text.chart-label')),
      value: box(row.querySelector('text.chart-value')),
      bar: bars.length ? [Math.min(...bars.map(b => b[0])), Math.max(...bars.map(b => b[1]))] : null,
    };
  }),
}))"""


@pytest.mark.parametrize("language", ["de", "ar"])
def test_statistics_page_has_no_accessibility_violations(
    page, page_errors, world, assert_accessible, language  # noqa: F811
):
    url = PATH if language == "de" else f"{PATH}?lang={language}"
    response = page.goto(url)
    assert response is not None and response.status == 200
    html = page.locator("html")
    assert html.get_attribute("lang") == language
    assert html.get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("main svg.bar-chart")).to_have_count(9)
    expect(page.locator("main table.stat-numbers caption")).to_have_count(9)
    expect(page.locator("#chart-suggestions-section")).to_be_visible()
    # The page's own errors (CSP, missing files), before axe-core fetches style sheets itself.
    assert page_errors == [], page_errors
    assert_accessible(page)


@pytest.mark.parametrize("language", ["de", "ar"])
def test_rows_start_on_the_reading_side(page, world, language):  # noqa: F811
    """Left to right: labels and bars start at the left edge, the value follows the bar on
    its right. Right to left: all mirrored."""
    page.goto(PATH if language == "de" else f"{PATH}?lang={language}")
    charts = page.evaluate(GEOMETRY)
    assert len(charts) == 9
    for chart in charts:
        width = chart["width"]
        for row in chart["rows"]:
            (label_left, label_right), (value_left, value_right) = row["label"], row["value"]
            if language == "ar":
                assert label_right == pytest.approx(width, abs=2), chart["id"]
                assert row["bar"] is None or row["bar"][1] == pytest.approx(width, abs=2)
                assert value_right <= (row["bar"][0] if row["bar"] else width), chart["id"]
            else:
                assert label_left == pytest.approx(0, abs=2), chart["id"]
                assert row["bar"] is None or row["bar"][0] == pytest.approx(0, abs=2)
                assert value_left >= (row["bar"][1] if row["bar"] else 0), chart["id"]
