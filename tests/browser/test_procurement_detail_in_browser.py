"""The procurement page as it is drawn: no label runs into its value, at any width."""

import pytest

from procurements.models import UhmLevel
from tests.procurement_helpers import make_procurement

# Every label of a list of facts against every value of it: the boxes of their text
# (a word too long for its column sticks out of its element's box, not of its text's).
OVERLAPS = """(list) => {
  const textBox = (element) => {
    const range = document.createRange();
    range.selectNodeContents(element);
    return range.getBoundingClientRect();
  };
  const meet = (a, b) =>
    a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  const overlaps = [];
  for (const label of list.querySelectorAll("dt")) {
    for (const value of list.querySelectorAll("dd")) {
      if (meet(textBox(label), textBox(value))) overlaps.push(`${label.textContent} / ${value.textContent}`);
    }
  }
  return overlaps;
}"""


@pytest.mark.parametrize("width", [1280, 1024, 390])
def test_no_requirement_label_runs_into_a_value(width, sign_in, committee_member, live_server):
    procurement = make_procurement(
        uhm_environmental_management=UhmLevel.NONE,
        uhm_reuse=UhmLevel.ADVANCED,
        uhm_chemicals=UhmLevel.BASIC,
    )
    page = sign_in(committee_member)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/upphandlingar/{procurement.pk}/")
    lists = page.locator(".fact-columns dl")
    assert lists.count() == 3
    for index in range(lists.count()):
        assert lists.nth(index).evaluate(OVERLAPS) == []
