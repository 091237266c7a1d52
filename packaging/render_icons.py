"""Render Homeguard's icon (ui/icons/homeguard.svg) to the PNG sizes desktops ask for, and to the Windows and macOS
icon files the stand-alone bundles use (packaging/icons/homeguard.ico and homeguard.icns).

Run from the project folder with ``make icons`` (or ``.venv/bin/python packaging/render_icons.py``); every output is
committed, so nobody needs to run this unless the SVG changes. Qt's own SVG renderer (QtSvg, part of PySide6, which
Homeguard already needs) does the drawing, offscreen; the .ico and .icns containers are a few lines of ``struct``
around PNG images (both formats take PNG entries: Windows Vista and later, macOS 10.7 and later). No new tool.

This folder is deliberately not a Python package: a package called ``packaging`` would hide the real
``packaging`` library from build tools started in the project folder.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "ui" / "icons"
BUNDLE_ICONS = ROOT / "packaging" / "icons"
SOURCE = ICONS / "homeguard.svg"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# macOS icon types holding PNG data, and the pixel size of each (the @2x types are the retina ones).
ICNS_TYPES = ((b"icp4", 16), (b"icp5", 32), (b"icp6", 64), (b"ic07", 128), (b"ic08", 256), (b"ic09", 512),
              (b"ic10", 1024), (b"ic11", 32), (b"ic12", 64), (b"ic13", 256), (b"ic14", 512))


def png_path(size: int) -> Path:
    return ICONS / f"homeguard-{size}.png"


class Renderer:
    """The SVG drawn at any size, as PNG bytes."""

    def __init__(self, source: Path = SOURCE) -> None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from PySide6.QtGui import QGuiApplication
        from PySide6.QtSvg import QSvgRenderer

        self.app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
        self.svg = QSvgRenderer(str(source))
        if not self.svg.isValid():
            raise SystemExit(f"render_icons: {source} is not an SVG Qt can read")
        self.cache: dict[int, bytes] = {}

    def png(self, size: int) -> bytes:
        if size not in self.cache:
            from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
            from PySide6.QtGui import QImage, QPainter

            image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
            image.fill(Qt.GlobalColor.transparent)
            painter = QPainter(image)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            self.svg.render(painter)
            painter.end()
            data = QByteArray()
            buffer = QBuffer(data)
            buffer.open(QIODevice.OpenModeFlag.WriteOnly)
            if not image.save(buffer, "PNG"):  # type: ignore[call-overload]  # the stub wants bytes; Qt wants str
                raise SystemExit(f"render_icons: could not make the {size} px PNG")
            buffer.close()
            self.cache[size] = bytes(data.data())
        return self.cache[size]


def ico(pngs: dict[int, bytes]) -> bytes:
    """A Windows .ico holding one PNG per size (ICONDIR, then a 16-byte ICONDIRENTRY each, then the images)."""
    sizes = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    entries, images = b"", b""
    for size in sizes:
        data = pngs[size]
        side = 0 if size >= 256 else size  # 0 means 256 in an ICONDIRENTRY
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset + len(images))
        images += data
    return header + entries + images


def icns(entries: list[tuple[bytes, bytes]]) -> bytes:
    """A macOS .icns: the magic and total length, then each (type, PNG) with its own length (big-endian)."""
    body = b"".join(kind + struct.pack(">I", 8 + len(data)) + data for kind, data in entries)
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def write(target: Path, data: bytes) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, target)
    return target


def render(source: Path = SOURCE) -> list[Path]:
    """Write every PNG size, the .ico and the .icns; returns the files written."""
    renderer = Renderer(source)
    written = [write(png_path(size), renderer.png(size)) for size in SIZES]
    written.append(write(BUNDLE_ICONS / "homeguard.ico", ico({size: renderer.png(size) for size in ICO_SIZES})))
    written.append(write(BUNDLE_ICONS / "homeguard.icns", icns([(kind, renderer.png(size))
                                                                 for kind, size in ICNS_TYPES])))
    return written


if __name__ == "__main__":
    for path in render():
        print(path.relative_to(ROOT))
