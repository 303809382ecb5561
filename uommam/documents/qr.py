"""QR codes for printed documents: a PNG for Word/PDF, an inline SVG for printable web pages.

A phone camera reads a printed code reliably from about 2.5 cm; the image is `PRINT_MM` wide with
the standard quiet zone of four modules kept inside it (qrcode's `border=4`), so the code itself is
at least `MIN_SYMBOL_MM` for the short links we print (version ≤ 4, 33 modules + 8 of quiet zone).
Error correction level M survives a fold or a stamp across the code.
"""

from __future__ import annotations

import io
import struct
import zlib

import qrcode
import qrcode.constants
from qrcode.image.svg import SvgPathImage

QUIET_ZONE = 4  # modules, as ISO/IEC 18004 asks
PRINT_MM = 34
MIN_SYMBOL_MM = 25


def _code(data: str) -> qrcode.QRCode:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=12, border=QUIET_ZONE)
    code.add_data(data)
    code.make(fit=True)
    return code


def qr_png(data: str, *, pixels_per_module: int = 12) -> bytes:
    """The code as a black-on-white 8-bit greyscale PNG, quiet zone included (12 px per module: sharp
    at any print size we use). Encoded here with zlib, so no imaging library is needed."""
    code = _code(data)
    matrix = code.get_matrix()  # modules with the border, True = dark
    size = len(matrix) * pixels_per_module
    rows = bytearray()
    for line in matrix:
        row = b"".join((b"\x00" if dark else b"\xff") * pixels_per_module for dark in line)
        rows += (b"\x00" + row) * pixels_per_module  # filter type 0 per scanline
    header = struct.pack(">IIBBBBB", size, size, 8, 0, 0, 0, 0)
    return b"".join(
        (
            b"\x89PNG\r\n\x1a\n",
            _chunk(b"IHDR", header),
            _chunk(b"IDAT", zlib.compress(bytes(rows), 9)),
            _chunk(b"IEND", b""),
        )
    )


def _chunk(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))


def qr_svg(data: str, *, size_mm: int = PRINT_MM) -> str:
    """The code as an inline `<svg>` element, `size_mm` wide when printed."""
    image = _code(data).make_image(image_factory=SvgPathImage)
    svg: str = image.to_string(encoding="unicode")
    # Print size in millimetres; the viewBox keeps the drawing scalable.
    svg = svg.replace("<svg ", f'<svg role="img" style="width:{size_mm}mm;height:{size_mm}mm" ', 1)
    return svg[svg.index("<svg") :]


def symbol_mm(data: str, *, printed_mm: float = PRINT_MM) -> float:
    """How wide the code itself (without the quiet zone) prints when the image is `printed_mm` wide."""
    modules: int = _code(data).modules_count
    return printed_mm * modules / (modules + 2 * QUIET_ZONE)


def docx_image(template: object, data: str, *, width_mm: float = PRINT_MM) -> object:
    """A docxtpl `InlineImage` of the code for `template`, `width_mm` wide (quiet zone included)."""
    from docx.shared import Mm
    from docxtpl import InlineImage

    return InlineImage(template, io.BytesIO(qr_png(data)), width=Mm(width_mm))
