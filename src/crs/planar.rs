//! The projected CRS in metres for planar work, via pure-Rust `proj4rs`.

use super::CrsError;
use proj4rs::Proj;
use std::sync::Arc;

/// A projected CRS in metres, chosen for the project.
#[derive(Clone)]
pub struct PlanarCrs {
    /// The EPSG code, e.g. 4548 for CGCS2000 / 3-degree Gauss-Kruger CM 117E.
    pub epsg: u16,
    /// A human-readable name for summaries.
    pub name: String,
    geographic: Arc<Proj>,
    projected: Arc<Proj>,
}

impl std::fmt::Debug for PlanarCrs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PlanarCrs(EPSG:{} {})", self.epsg, self.name)
    }
}

impl PartialEq for PlanarCrs {
    fn eq(&self, other: &Self) -> bool {
        self.epsg == other.epsg
    }
}

/// EPSG codes of CGCS2000 3-degree Gauss-Krüger zones without zone prefix: CM 75E (4534) to 135E (4554).
const GK3_FIRST: u16 = 4534;
const GK3_LAST: u16 = 4554;

impl PlanarCrs {
    /// The CGCS2000 3-degree Gauss-Krüger zone (EPSG 4534–4554, no zone prefix) whose central meridian
    /// is nearest the mean longitude of `lonlats` (WGS84 degrees); outside China's zones, the WGS84
    /// UTM zone. With no points, the zone of Linxi (CM 117E).
    pub fn choose(lonlats: &[[f64; 2]]) -> PlanarCrs {
        let finite: Vec<&[f64; 2]> = lonlats
            .iter()
            .filter(|p| p[0].is_finite() && p[1].is_finite())
            .collect();
        let mean = (!finite.is_empty()).then(|| {
            let n = finite.len() as f64;
            [
                finite.iter().map(|p| p[0]).sum::<f64>() / n,
                finite.iter().map(|p| p[1]).sum::<f64>() / n,
            ]
        });
        Self::choose_at(mean)
    }

    /// [`PlanarCrs::choose`] from the points' mean position (WGS84 degrees), None for no points.
    pub fn choose_at(mean: Option<[f64; 2]>) -> PlanarCrs {
        let [lon, lat] = mean.unwrap_or([117.0, 43.0]);
        let zone = ((lon - 75.0) / 3.0).round();
        if (0.0..=20.0).contains(&zone) && (0.0..60.0).contains(&lat) {
            let code = GK3_FIRST + zone as u16;
            return Self::from_epsg(code).expect("CGCS2000 GK zones are in crs-definitions");
        }
        let utm = (((lon + 180.0) / 6.0).floor() as i64).clamp(0, 59) as u16 + 1;
        let code = if lat >= 0.0 { 32600 + utm } else { 32700 + utm };
        Self::from_epsg(code).expect("UTM zones are in crs-definitions")
    }

    /// A planar CRS from its EPSG code (must be projected, in metres).
    pub fn from_epsg(code: u16) -> Result<PlanarCrs, CrsError> {
        let projected = Proj::from_epsg_code(code).map_err(|_| CrsError::UnknownEpsg(code))?;
        if projected.is_latlong() {
            return Err(CrsError::NotProjected(code));
        }
        let geographic = Proj::from_epsg_code(4326).map_err(|_| CrsError::UnknownEpsg(4326))?;
        Ok(PlanarCrs {
            epsg: code,
            name: Self::describe(code),
            geographic: Arc::new(geographic),
            projected: Arc::new(projected),
        })
    }

    fn describe(code: u16) -> String {
        match code {
            GK3_FIRST..=GK3_LAST => {
                let cm = 75 + 3 * (code - GK3_FIRST) as u32;
                format!("CGCS2000 / 3-degree Gauss-Kruger CM {cm}E")
            }
            32601..=32660 => format!("WGS 84 / UTM zone {}N", code - 32600),
            32701..=32760 => format!("WGS 84 / UTM zone {}S", code - 32700),
            _ => format!("EPSG:{code}"),
        }
    }

    /// WGS84 lon/lat degrees → planar x (easting), y (northing) in metres.
    pub fn project(&self, lonlat: [f64; 2]) -> Result<[f64; 2], CrsError> {
        let mut p = (lonlat[0].to_radians(), lonlat[1].to_radians());
        proj4rs::transform::transform(&self.geographic, &self.projected, &mut p).map_err(|e| {
            CrsError::Transform {
                x: lonlat[0],
                y: lonlat[1],
                message: e.to_string(),
            }
        })?;
        Ok([p.0, p.1])
    }

    /// Planar metres → WGS84 lon/lat degrees.
    pub fn unproject(&self, xy_m: [f64; 2]) -> Result<[f64; 2], CrsError> {
        let mut p = (xy_m[0], xy_m[1]);
        proj4rs::transform::transform(&self.projected, &self.geographic, &mut p).map_err(|e| {
            CrsError::Transform {
                x: xy_m[0],
                y: xy_m[1],
                message: e.to_string(),
            }
        })?;
        Ok([p.0.to_degrees(), p.1.to_degrees()])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn linxi_gets_gauss_kruger_117() {
        let crs = PlanarCrs::choose(&[[118.05, 43.61], [117.7, 43.9]]);
        assert_eq!(crs.epsg, 4548);
        assert!(crs.name.contains("117E"), "{}", crs.name);
    }

    #[test]
    fn far_from_china_gets_utm() {
        assert_eq!(PlanarCrs::choose(&[[2.35, 48.85]]).epsg, 32631);
        assert_eq!(PlanarCrs::choose(&[[-70.0, -33.0]]).epsg, 32719);
    }

    #[test]
    fn project_round_trips_and_has_false_easting() {
        let crs = PlanarCrs::from_epsg(4548).unwrap();
        let xy = crs.project([118.05, 43.61]).unwrap();
        assert!((500_000.0..600_000.0).contains(&xy[0]), "{xy:?}");
        assert!((4_800_000.0..4_900_000.0).contains(&xy[1]), "{xy:?}");
        let back = crs.unproject(xy).unwrap();
        assert!((back[0] - 118.05).abs() < 1e-9 && (back[1] - 43.61).abs() < 1e-9);
    }

    #[test]
    fn geographic_code_is_refused() {
        assert!(matches!(
            PlanarCrs::from_epsg(4326),
            Err(CrsError::NotProjected(4326))
        ));
    }
}
