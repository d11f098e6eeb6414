"""The site's icon: linked from every page, served by WhiteNoise, /favicon.ico included."""

from io import BytesIO

import pytest
from django.templatetags.static import static
from django.urls import reverse
from PIL import Image

from gnu_plan import favicon


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_browsers_asking_for_favicon_ico_get_it_without_logging_in(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    icon = Image.open(BytesIO(_body(response)))
    assert icon.format == "ICO"
    assert icon.info["sizes"] == {(16, 16), (32, 32), (48, 48)}


@pytest.mark.parametrize(
    ("name", "content_type"), [("favicon.svg", "image/svg+xml"), ("favicon.png", "image/png")]
)
def test_the_svg_icon_and_its_png_fallback_are_static_files(client, name, content_type):
    response = client.get(static(name))
    assert response.status_code == 200
    assert response["Content-Type"] == content_type


@pytest.mark.django_db
def test_every_page_links_both_icons(client):
    page = client.get(reverse("login")).text
    assert f'<link rel="icon" href="{static("favicon.svg")}" type="image/svg+xml">' in page
    assert f'<link rel="icon" href="{static("favicon.png")}" sizes="32x32">' in page


def test_the_icon_files_are_what_gnu_plan_favicon_draws():
    assert favicon.SVG_PATH.read_text(encoding="utf-8") == favicon.svg()
    committed = Image.open(favicon.PNG_PATH).convert("RGBA")
    assert committed.size == (favicon.PNG_SIZE, favicon.PNG_SIZE)
    assert committed.tobytes() == favicon.image(favicon.PNG_SIZE).tobytes()
    icon = Image.open(favicon.ICO_PATH)
    for size in favicon.ICO_SIZES:
        drawn = icon.ico.getimage((size, size)).convert("RGBA")
        assert drawn.tobytes() == favicon.image(size).tobytes(), size
