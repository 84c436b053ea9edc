"""The seal's appearance (印模, R7.1): the standard round red seal drawn with Pillow, transparent background.

Round seal: a red ring, the organisation's name along the upper arc, a five-pointed star in the centre, the seal's
use (e.g. 电子证照专用章) horizontally below the star; 42 mm across at 300 dpi. The name seal (名称章) is square,
the name in columns read from the right. The CJK font is Noto Serif CJK (Debian fonts-noto-cjk, `make pdf-deps`).
"""

from __future__ import annotations

import functools
import io
import math
import shutil
import subprocess
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

RED = (220, 20, 30, 255)
DPI = 300
ROUND_MM = 42
SQUARE_MM = 22


class SealFontMissing(RuntimeError):
    """No CJK font: install Debian's fonts-noto-cjk (`make pdf-deps`)."""


def _px(mm: float) -> int:
    return round(mm * DPI / 25.4)


@functools.cache
def font_path() -> tuple[str, int]:
    """The file and face index of a CJK serif font (bold if there is one)."""
    if shutil.which("fc-match"):
        for pattern in ("Noto Serif CJK SC:style=Bold", "Noto Serif CJK SC", "Noto Sans CJK SC:style=Bold"):
            out = subprocess.run(  # noqa: S603 - fixed arguments
                ["fc-match", "-f", "%{file}|%{index}|%{family}", pattern],  # noqa: S607
                capture_output=True,
                text=True,
                check=False,
            ).stdout
            file, _, rest = out.partition("|")
            index, _, family = rest.partition("|")
            if file and "CJK" in family and Path(file).exists():
                return file, int(index or 0)
    for root in ("/usr/share/fonts", "/usr/local/share/fonts"):
        for candidate in sorted(Path(root).rglob("Noto*CJK*.tt[cf]")) if Path(root).exists() else []:
            return str(candidate), 2 if candidate.suffix == ".ttc" else 0  # index 2: SC in Noto's collections
    raise SealFontMissing(
        "No CJK font for seal images: install Debian's fonts-noto-cjk (make pdf-deps), then try again."
    )


def _font(size: int) -> ImageFont.FreeTypeFont:
    file, index = font_path()
    return ImageFont.truetype(file, size=size, index=index)


def _glyph(char: str, font: ImageFont.FreeTypeFont, angle: float, stretch: float = 1.0) -> Image.Image:
    size = int(font.size * 1.4)
    tile = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    ImageDraw.Draw(tile).text((size / 2, size / 2), char, font=font, fill=RED, anchor="mm")
    if stretch != 1.0:  # seal characters are tall and narrow
        narrow = max(1, int(size / stretch))
        tile = tile.resize((narrow, size), Image.Resampling.LANCZOS)
    return tile.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True)


def _star(draw: ImageDraw.ImageDraw, cx: float, cy: float, r: float) -> None:
    points = []
    for i in range(10):
        radius = r if i % 2 == 0 else r * 0.382
        a = math.radians(-90 + i * 36)
        points.append((cx + radius * math.cos(a), cy + radius * math.sin(a)))
    draw.polygon(points, fill=RED)


PALETTE_COLOURS = 2  # red and transparent, as a stamp prints: 6 KB instead of 65 KB (10 KB with 4), the same to the eye


def _png(image: Image.Image) -> bytes:
    """A palette PNG (its transparency kept per colour): every SES_Signature carries the image, so it stays small."""
    out = io.BytesIO()
    image.quantize(colors=PALETTE_COLOURS, method=Image.Quantize.FASTOCTREE).save(
        out, format="PNG", dpi=(DPI, DPI), optimize=True
    )
    return out.getvalue()


def round_seal(organisation_name: str, use_text: str = "") -> bytes:
    """PNG of the round seal: ring, name along the upper arc, star, use below."""
    size = _px(ROUND_MM)
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    c = size / 2
    ring = _px(1.2)
    draw.ellipse((ring / 2, ring / 2, size - ring / 2, size - ring / 2), outline=RED, width=ring)
    _star(draw, c, c, size * 0.19)

    name = organisation_name.strip()
    n = max(len(name), 1)
    span = min(250.0, max(150.0, 18.0 * n))  # degrees of arc the name takes
    char_size = int(min(size * 0.13, (2 * math.pi * size * 0.36) * (span / 360) / n * 1.05))
    font = _font(max(char_size, 12))
    radius = c - ring - font.size * 0.72
    for i, char in enumerate(name):
        # From the left end of the arc to the right end, through the top (-90° is straight up).
        theta = -90 - span / 2 + span * (i + 0.5) / n
        a = math.radians(theta)
        glyph = _glyph(char, font, angle=-(theta + 90), stretch=1.25)
        x = c + radius * math.cos(a) - glyph.width / 2
        y = c + radius * math.sin(a) - glyph.height / 2
        image.alpha_composite(glyph, (round(x), round(y)))

    if use_text:
        use_font = _font(int(size * 0.085))
        width = draw.textlength(use_text, font=use_font)
        limit = size * 0.62
        if width > limit:
            use_font = _font(int(use_font.size * limit / width))
        draw.text((c, c + size * 0.31), use_text, font=use_font, fill=RED, anchor="mm")
    return _png(image)


def square_seal(name: str) -> bytes:
    """PNG of the square name seal: a red frame, the name in columns read right to left."""
    size = _px(SQUARE_MM)
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    border = _px(1.0)
    draw.rectangle((border / 2, border / 2, size - border / 2, size - border / 2), outline=RED, width=border)
    chars = [ch for ch in name.strip() if not ch.isspace()] or ["印"]
    columns = max(1, math.ceil(math.sqrt(len(chars))))
    rows = math.ceil(len(chars) / columns)
    inner = size - 4 * border
    cell_w, cell_h = inner / columns, inner / rows
    font = _font(int(min(cell_w, cell_h) * 0.9))
    for i, char in enumerate(chars):
        col, row = divmod(i, rows)
        x = size - 2 * border - cell_w * (col + 0.5)
        y = 2 * border + cell_h * (row + 0.5)
        draw.text((x, y), char, font=font, fill=RED, anchor="mm")
    return _png(image)


def size_mm(kind_is_square: bool) -> tuple[int, int]:
    return (SQUARE_MM, SQUARE_MM) if kind_is_square else (ROUND_MM, ROUND_MM)
