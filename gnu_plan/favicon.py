"""The site's icon: three rising bars on the header's blue, drawn here as SVG and as pixels.

The SVG is what browsers show; the PNG and ICO are for those that cannot show an
SVG icon and for ``/favicon.ico``, which browsers ask for on their own. All three
are drawn from the same shapes, so they look alike. After changing a shape, run

    .venv/bin/python -m gnu_plan.favicon

and commit the files it writes (a test checks that they are up to date).
"""

from io import BytesIO
from pathlib import Path

from PIL import Image, ImageDraw

BASE_DIR = Path(__file__).resolve().parent.parent
SVG_PATH = BASE_DIR / "static" / "favicon.svg"
PNG_PATH = BASE_DIR / "static" / "favicon.png"
ICO_PATH = BASE_DIR / "gnu_plan" / "site_root" / "favicon.ico"

VIEWBOX = 64
CORNER = 12
BRAND = "#0b4f71"  # --brand in static/css/gnu_plan.css
BAR = "#ffffff"
BASELINE = "#f2b705"  # --focus
# (x, y, width, height) in the 64 × 64 view box
BARS = [(13, 34, 10, 16), (27, 24, 10, 26), (41, 13, 10, 37)]
BASE_BAR = (9, 50, 46, 5)
PNG_SIZE = 32
ICO_SIZES = [16, 32, 48]
SUPERSAMPLE = 8


def svg() -> str:
    rects = "".join(
        f'<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="{BAR}"/>' for x, y, w, h in BARS
    )
    x, y, w, h = BASE_BAR
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {VIEWBOX} {VIEWBOX}">'
        f'<rect width="{VIEWBOX}" height="{VIEWBOX}" rx="{CORNER}" fill="{BRAND}"/>'
        f'{rects}<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="{BASELINE}"/>'
        "</svg>\n"
    )


def image(size: int) -> Image.Image:
    """The icon ``size`` pixels square, drawn large and scaled down for smooth edges."""
    big = size * SUPERSAMPLE
    scale = big / VIEWBOX
    canvas = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(canvas)
    draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=CORNER * scale, fill=BRAND)
    for shape, colour in [*((bar, BAR) for bar in BARS), (BASE_BAR, BASELINE)]:
        x, y, w, h = (value * scale for value in shape)
        draw.rectangle((x, y, x + w - 1, y + h - 1), fill=colour)
    return canvas.resize((size, size), Image.Resampling.LANCZOS)


def png() -> bytes:
    out = BytesIO()
    image(PNG_SIZE).save(out, format="PNG", optimize=True)
    return out.getvalue()


def ico() -> bytes:
    """Each size drawn on its own, so that the small ones stay sharp."""
    out = BytesIO()
    images = [image(size) for size in ICO_SIZES]
    images[-1].save(
        out,
        format="ICO",
        sizes=[(size, size) for size in ICO_SIZES],
        append_images=images[:-1],
    )
    return out.getvalue()


def write() -> None:
    SVG_PATH.write_text(svg(), encoding="utf-8")
    PNG_PATH.write_bytes(png())
    ICO_PATH.parent.mkdir(exist_ok=True)
    ICO_PATH.write_bytes(ico())


if __name__ == "__main__":
    write()
