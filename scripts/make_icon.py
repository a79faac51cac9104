"""Draw fieldapp's application icon as a PNG with nothing but the standard library.

An original, simple mark: a teal rounded square, a white house, a teal door and a green check badge
(a household visited and assessed). Shapes are tested point by point with 4x4 supersampling so the
edges are smooth. Run: `python scripts/make_icon.py [OUT.png] [--size N]` (default
resources/icons/fieldapp.png, 256 px). The result is committed; the build only copies it.
"""

from __future__ import annotations

import argparse
import math
import struct
import zlib
from collections.abc import Callable
from pathlib import Path

RGBA = tuple[int, int, int, int]
Shape = Callable[[float, float], bool]  # coordinates in the unit square, y pointing down

TEAL: RGBA = (15, 118, 110, 255)
WHITE: RGBA = (255, 255, 255, 255)
GREEN: RGBA = (34, 197, 94, 255)
DEFAULT_OUT = Path(__file__).resolve().parent.parent / "resources" / "icons" / "fieldapp.png"


def rounded_square(margin: float, radius: float) -> Shape:
    lo, hi = margin, 1.0 - margin

    def inside(x: float, y: float) -> bool:
        if not (lo <= x <= hi and lo <= y <= hi):
            return False
        cx = min(max(x, lo + radius), hi - radius)
        cy = min(max(y, lo + radius), hi - radius)
        return (x - cx) ** 2 + (y - cy) ** 2 <= radius**2

    return inside


def polygon(points: list[tuple[float, float]]) -> Shape:
    """Even-odd rule point-in-polygon."""

    def inside(x: float, y: float) -> bool:
        hit = False
        for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1], strict=True):
            if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                hit = not hit
        return hit

    return inside


def circle(cx: float, cy: float, r: float) -> Shape:
    return lambda x, y: (x - cx) ** 2 + (y - cy) ** 2 <= r * r


def thick_polyline(points: list[tuple[float, float]], width: float) -> Shape:
    half = width / 2

    def near_segment(x: float, y: float, a: tuple[float, float], b: tuple[float, float]) -> bool:
        (ax, ay), (bx, by) = a, b
        dx, dy = bx - ax, by - ay
        t = max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)))
        return math.hypot(x - ax - t * dx, y - ay - t * dy) <= half

    return lambda x, y: any(near_segment(x, y, a, b) for a, b in zip(points, points[1:], strict=False))


def layers() -> list[tuple[Shape, RGBA]]:
    """Back to front."""
    house = polygon([(0.22, 0.50), (0.50, 0.24), (0.78, 0.50), (0.72, 0.50), (0.72, 0.78),
                     (0.28, 0.78), (0.28, 0.50)])
    door = polygon([(0.44, 0.78), (0.44, 0.60), (0.56, 0.60), (0.56, 0.78)])
    badge = circle(0.74, 0.74, 0.17)
    badge_ring = circle(0.74, 0.74, 0.20)
    tick = thick_polyline([(0.655, 0.745), (0.72, 0.81), (0.83, 0.68)], 0.05)
    return [(rounded_square(0.04, 0.18), TEAL), (house, WHITE), (door, TEAL),
            (badge_ring, WHITE), (badge, GREEN), (tick, WHITE)]


def render(size: int, samples: int = 4) -> list[bytearray]:
    shapes = layers()
    rows = []
    offsets = [(i + 0.5) / samples for i in range(samples)]
    for py in range(size):
        row = bytearray()
        for px in range(size):
            acc = [0, 0, 0, 0]
            for oy in offsets:
                for ox in offsets:
                    x, y = (px + ox) / size, (py + oy) / size
                    colour = (0, 0, 0, 0)
                    for shape, fill in shapes:
                        if shape(x, y):
                            colour = fill
                    # premultiplied accumulation keeps transparent edges from darkening
                    a = colour[3]
                    acc[0] += colour[0] * a
                    acc[1] += colour[1] * a
                    acc[2] += colour[2] * a
                    acc[3] += a
            alpha = acc[3] / (samples * samples)
            rgb = [round(c / acc[3]) if acc[3] else 0 for c in acc[:3]]
            row += bytes([*rgb, round(alpha)])
        rows.append(row)
    return rows


def png_bytes(rows: list[bytearray]) -> bytes:
    height, width = len(rows), len(rows[0]) // 4

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + bytes(row) for row in rows)  # filter type 0 on every scanline
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--size", type=int, default=256)
    args = parser.parse_args()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(png_bytes(render(args.size)))
    print(f"wrote {args.out} ({args.size}x{args.size})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
