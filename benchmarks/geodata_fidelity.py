"""Measure what display simplification costs and saves, per island.

Usage (from the repository root):

    python benchmarks/geodata_fidelity.py [GEODATA_DIR] [--tolerance M ...]

For each tolerance, prints a Markdown table: vertices, GeoJSON bytes of the geometry as
the map embeds it, and the largest distance (Hausdorff, EPSG:32655, metres) between the
simplified and the source outline. geodata/README.md shows the output.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import shapely
from shapely.geometry import mapping

from islandmap.geodata import (
    DISPLAY_CRS,
    load_context,
    load_islands,
    simplify_for_display,
)


def measure(geodata_dir: Path, tolerances: list[float]) -> list[str]:
    islands = load_islands(geodata_dir)
    context = load_context(geodata_dir)
    layers = [("islands", islands)]
    if context is not None:
        layers.append(("context land", context[context["kind"] == "land"].reset_index(drop=True)))
    lines = []
    for label, gdf in layers:
        source_m = gdf.to_crs(DISPLAY_CRS).geometry
        lines += [
            f"### {label}",
            "",
            "| tolerance | id | vertices | GeoJSON bytes | max distance (m) |",
            "|---|---|---:|---:|---:|",
        ]
        for tolerance in [0.0, *tolerances]:
            simplified = simplify_for_display(gdf, tolerance) if tolerance else gdf
            simplified_m = simplified.to_crs(DISPLAY_CRS).geometry
            total_vertices = total_bytes = 0
            worst = 0.0
            for ident, source, geometry, geometry_m in zip(
                gdf["id"], source_m, simplified.geometry, simplified_m, strict=True
            ):
                vertices = int(shapely.get_num_coordinates(geometry))
                size = len(json.dumps(mapping(geometry)).encode("utf-8"))
                distance = (
                    shapely.hausdorff_distance(source.boundary, geometry_m.boundary, densify=0.25)
                    if tolerance
                    else 0.0
                )
                total_vertices += vertices
                total_bytes += size
                worst = max(worst, distance)
                lines.append(
                    f"| {_tol(tolerance)} | {ident} | {vertices:,} | {size:,} | {distance:.1f} |"
                )
            lines.append(
                f"| {_tol(tolerance)} | **all** | **{total_vertices:,}** | "
                f"**{total_bytes:,}** | **{worst:.1f}** |"
            )
        lines.append("")
    return lines


def _tol(tolerance: float) -> str:
    return f"{tolerance:g} m" if tolerance else "none"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("geodata_dir", nargs="?", type=Path, default=Path("geodata"))
    parser.add_argument(
        "--tolerance",
        type=float,
        action="append",
        help="metres (repeatable; default 25, 50, 100, 200)",
    )
    args = parser.parse_args()
    tolerances = args.tolerance or [25.0, 50.0, 100.0, 200.0]
    print("\n".join(measure(args.geodata_dir, sorted(set(tolerances)))))


if __name__ == "__main__":
    main()
