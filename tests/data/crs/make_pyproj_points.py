"""Make tests/data/crs/pyproj_points.csv: reference projections from PROJ (via pyproj).

Made once with pyproj 3.7.2 (PROJ 9.5.1), Python 3.11:

    pip install pyproj==3.7.2
    python3 tests/data/crs/make_pyproj_points.py > tests/data/crs/pyproj_points.csv

Each row is a WGS84/CGCS2000 lon/lat (degrees) and its x (easting), y (northing) in metres in
EPSG `epsg`. The transformation is from the projected CRS's own geographic CRS (CGCS2000 for the
Gauss-Kruger zones, WGS 84 for UTM), so it is the projection alone with no datum shift: catchment
treats WGS84 and CGCS2000 as the same (they differ by a few centimetres).
"""

import sys

import pyproj
from pyproj import CRS, Transformer

# (epsg, central meridian, half width of the zone in degrees)
ZONES = [
    (4547, 114, 1.5),  # CGCS2000 / 3-degree Gauss-Kruger CM 114E
    (4548, 117, 1.5),  # CGCS2000 / 3-degree Gauss-Kruger CM 117E (Linxi)
    (4549, 120, 1.5),  # CGCS2000 / 3-degree Gauss-Kruger CM 120E
    (4534, 75, 1.5),  # CGCS2000 / 3-degree Gauss-Kruger CM 75E (first)
    (4554, 135, 1.5),  # CGCS2000 / 3-degree Gauss-Kruger CM 135E (last)
    (4527, 117, 1.5),  # CGCS2000 / 3-degree Gauss-Kruger zone 39 (zone prefix)
    (4513, 75, 1.5),  # CGCS2000 / 3-degree Gauss-Kruger zone 25 (zone prefix, first)
    (4533, 135, 1.5),  # CGCS2000 / 3-degree Gauss-Kruger zone 45 (zone prefix, last)
    (4498, 117, 3.0),  # CGCS2000 / Gauss-Kruger zone 20 (6-degree, zone prefix)
    (4508, 111, 3.0),  # CGCS2000 / Gauss-Kruger CM 111E (6-degree)
    (32650, 117, 3.0),  # WGS 84 / UTM zone 50N
    (32651, 123, 3.0),  # WGS 84 / UTM zone 51N
]

LATS = [18.2, 23.5, 30.0, 36.7, 43.61, 48.3, 53.4]
FRACTIONS = [-1.0, -0.55, -0.1, 0.0, 0.37, 0.8, 1.0]


def main() -> None:
    out = sys.stdout
    out.write(f"# pyproj {pyproj.__version__}, PROJ {pyproj.proj_version_str}\n")
    out.write("epsg,lon,lat,x,y\n")
    for epsg, cm, half in ZONES:
        crs = CRS.from_epsg(epsg)
        fwd = Transformer.from_crs(crs.geodetic_crs, crs, always_xy=True)
        for lat in LATS:
            for f in FRACTIONS:
                lon = round(cm + f * half, 6)
                x, y = fwd.transform(lon, lat)
                out.write(f"{epsg},{lon:.6f},{lat:.6f},{x:.9f},{y:.9f}\n")


if __name__ == "__main__":
    main()
