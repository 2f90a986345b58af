"""Draw the app icon at every size the platforms want: `python assets/make_icons.py`.

Writes `tutor-<size>.png` for Linux (16 to 512; Briefcase's `icon = "assets/tutor"`), `tutor.ico`
for Windows (16 to 256 in one file) and `tutor.icns` for macOS (16 to 1024). The icon is a blue
tile with "x²" and a green check: maths that is checked. Below 48 px only the check is drawn,
since the letters would blur. Needs Pillow and matplotlib's DejaVu font (both come with the
app's dependencies).
"""

from __future__ import annotations

from pathlib import Path

import matplotlib.font_manager as font_manager
from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).parent
NAME = "tutor"
PNG_SIZES = (16, 32, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICNS_SIZES = (16, 32, 64, 128, 256, 512, 1024)
BLUE_TOP, BLUE_BOTTOM = (47, 95, 179), (29, 58, 110)
GREEN = (46, 157, 91)
WORK = 1024  # drawn at this size, then scaled down


def _tile(size: int) -> Image.Image:
    """The rounded blue tile with a top-to-bottom gradient."""
    gradient = Image.new("RGBA", (1, size))
    for y in range(size):
        t = y / max(1, size - 1)
        gradient.putpixel(
            (0, y), tuple(round(a + (b - a) * t) for a, b in zip(BLUE_TOP, BLUE_BOTTOM)) + (255,)
        )
    gradient = gradient.resize((size, size))
    mask = Image.new("L", (size, size), 0)
    margin = size // 16
    ImageDraw.Draw(mask).rounded_rectangle(
        (margin, margin, size - margin, size - margin), radius=size // 5, fill=255
    )
    icon = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    icon.paste(gradient, mask=mask)
    return icon


def _check(draw: ImageDraw.ImageDraw, box: tuple[float, float, float, float]) -> None:
    """A green disc with a white check mark inside `box`."""
    x0, y0, x1, y1 = box
    w = x1 - x0
    draw.ellipse(box, fill=GREEN + (255,), outline=(255, 255, 255, 255), width=round(w * 0.06))
    points = [
        (x0 + w * 0.27, y0 + w * 0.52),
        (x0 + w * 0.44, y0 + w * 0.68),
        (x0 + w * 0.74, y0 + w * 0.34),
    ]
    draw.line(points, fill=(255, 255, 255, 255), width=round(w * 0.11), joint="curve")


def draw_icon(size: int) -> Image.Image:
    """The icon at one size: letters and check from 48 px up, the check alone below."""
    if size < 48:
        icon = _tile(WORK)
        _check(ImageDraw.Draw(icon), (WORK * 0.2, WORK * 0.2, WORK * 0.8, WORK * 0.8))
        return icon.resize((size, size), Image.Resampling.LANCZOS)
    icon = _tile(WORK)
    draw = ImageDraw.Draw(icon)
    bold = font_manager.findfont("DejaVu Sans:bold")
    draw.text((WORK * 0.16, WORK * 0.2), "x", font=ImageFont.truetype(bold, 470), fill="white")
    draw.text((WORK * 0.47, WORK * 0.13), "2", font=ImageFont.truetype(bold, 270), fill="white")
    _check(draw, (WORK * 0.5, WORK * 0.5, WORK * 0.88, WORK * 0.88))
    return icon.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    """Write every icon file into assets/."""
    for size in PNG_SIZES:
        draw_icon(size).save(HERE / f"{NAME}-{size}.png")
    largest = draw_icon(256)
    largest.save(HERE / f"{NAME}.ico", sizes=[(s, s) for s in ICO_SIZES],
                 append_images=[draw_icon(s) for s in ICO_SIZES])  # fmt: skip
    draw_icon(1024).save(HERE / f"{NAME}.icns", append_images=[draw_icon(s) for s in ICNS_SIZES])


if __name__ == "__main__":
    main()
