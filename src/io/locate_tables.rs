//! Reading the `catchment locate` tables: demand points, candidate sites and an optional long-form
//! cost matrix, from CSV in UTF-8 (with or without BOM) or GBK, decoded by io's one encoding
//! detector ([`super::decode_text`]) like every other table.
//!
//! Column names are matched case-insensitively, with a few aliases so that published data loads
//! as is: the spopt San Francisco matrix (`distance`, `name`, `DestinationName`) reads as
//! `cost`, `site_id`, `demand_id`. Every error names the file, line, field and value.

use std::collections::HashMap;
use std::path::Path;

/// How the points of a table are located.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coords {
    /// `x, y` in planar units (metres).
    Planar,
    /// `lon, lat` in degrees.
    LonLat,
    /// No coordinates (allowed when a cost matrix is given).
    None,
}

/// A demand or site table.
#[derive(Debug, Clone)]
pub struct PointTable {
    pub ids: Vec<String>,
    pub coords: Coords,
    /// `[x, y]` or `[lon, lat]`; empty when [`Coords::None`].
    pub points: Vec<[f64; 2]>,
    /// Demand column (demand tables only).
    pub demand: Vec<f64>,
    pub capacity: Option<Vec<f64>>,
    pub fixed_cost: Option<Vec<f64>>,
    /// Sites that must stay open (`existing` or `must_open` column: 1/0, true/false, yes/no).
    pub must_open: Option<Vec<bool>>,
}

/// Why a table cannot be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum TableError {
    #[error("{file}: cannot read: {message}")]
    Read { file: String, message: String },
    #[error("{file}: no `{wanted}` column (found: {found})")]
    MissingColumn {
        file: String,
        wanted: String,
        found: String,
    },
    #[error("{file} line {line}, field `{field}`: `{value}` is not {expected}")]
    BadValue {
        file: String,
        line: u64,
        field: String,
        value: String,
        expected: &'static str,
    },
    #[error("{file} line {line}: id `{id}` appears twice")]
    DuplicateId { file: String, line: u64, id: String },
    #[error("{file} line {line}, field `{field}`: `{value}` is not an id in {table}")]
    UnknownId {
        file: String,
        line: u64,
        field: String,
        value: String,
        table: String,
    },
    #[error("{file}: no cost from demand point `{demand}` to site `{site}`")]
    MissingCost {
        file: String,
        demand: String,
        site: String,
    },
    #[error("{file} line {line}: {message}")]
    Csv {
        file: String,
        line: u64,
        message: String,
    },
    #[error("{file}: no data rows")]
    Empty { file: String },
}

/// Raw rows of a CSV file with its headers.
struct Raw {
    file: String,
    headers: Vec<String>,
    rows: Vec<(u64, Vec<String>)>,
}

fn read_raw(path: &Path) -> Result<Raw, TableError> {
    let file = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| TableError::Read {
        file: file.clone(),
        message: e.to_string(),
    })?;
    let (text, _) = super::encoding::decode(&bytes);
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = rdr
        .headers()
        .map_err(|e| TableError::Csv {
            file: file.clone(),
            line: 1,
            message: e.to_string(),
        })?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let mut rows = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| TableError::Csv {
            file: file.clone(),
            line: e.position().map_or(0, |p| p.line()),
            message: e.to_string(),
        })?;
        let line = rec.position().map_or(0, |p| p.line());
        if rec.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        rows.push((line, rec.iter().map(|c| c.trim().to_string()).collect()));
    }
    if rows.is_empty() {
        return Err(TableError::Empty { file });
    }
    Ok(Raw {
        file,
        headers,
        rows,
    })
}

impl Raw {
    /// Index of the first header matching one of `names` (case-insensitive).
    fn find(&self, names: &[&str]) -> Option<usize> {
        names
            .iter()
            .find_map(|n| self.headers.iter().position(|h| h.eq_ignore_ascii_case(n)))
    }

    fn require(&self, names: &[&str]) -> Result<usize, TableError> {
        self.find(names).ok_or_else(|| TableError::MissingColumn {
            file: self.file.clone(),
            wanted: names.join("` or `"),
            found: self.headers.join(", "),
        })
    }

    fn cell<'a>(&self, row: &'a [String], col: usize) -> &'a str {
        row.get(col).map_or("", String::as_str)
    }

    fn number(&self, line: u64, row: &[String], col: usize) -> Result<f64, TableError> {
        let v = self.cell(row, col);
        match v.parse::<f64>() {
            Ok(x) if x.is_finite() => Ok(x),
            _ => Err(TableError::BadValue {
                file: self.file.clone(),
                line,
                field: self.headers[col].clone(),
                value: v.to_string(),
                expected: "a finite number",
            }),
        }
    }

    fn nonneg(&self, line: u64, row: &[String], col: usize) -> Result<f64, TableError> {
        let x = self.number(line, row, col)?;
        if x < 0.0 {
            return Err(TableError::BadValue {
                file: self.file.clone(),
                line,
                field: self.headers[col].clone(),
                value: self.cell(row, col).to_string(),
                expected: "a number ≥ 0",
            });
        }
        Ok(x)
    }

    fn ids(&self, col: usize) -> Result<Vec<String>, TableError> {
        let mut seen = HashMap::new();
        let mut ids = Vec::with_capacity(self.rows.len());
        for (line, row) in &self.rows {
            let id = self.cell(row, col).to_string();
            if id.is_empty() {
                return Err(TableError::BadValue {
                    file: self.file.clone(),
                    line: *line,
                    field: self.headers[col].clone(),
                    value: id,
                    expected: "a non-empty id",
                });
            }
            if seen.insert(id.clone(), *line).is_some() {
                return Err(TableError::DuplicateId {
                    file: self.file.clone(),
                    line: *line,
                    id,
                });
            }
            ids.push(id);
        }
        Ok(ids)
    }

    fn coords(&self, need: bool) -> Result<(Coords, Vec<[f64; 2]>), TableError> {
        let planar = (self.find(&["x", "x_m"]), self.find(&["y", "y_m"]));
        let lonlat = (
            self.find(&["lon", "long", "lng", "longitude"]),
            self.find(&["lat", "latitude"]),
        );
        let (kind, cx, cy) = match (planar, lonlat) {
            ((Some(x), Some(y)), _) => (Coords::Planar, x, y),
            (_, (Some(x), Some(y))) => (Coords::LonLat, x, y),
            _ if !need => return Ok((Coords::None, Vec::new())),
            _ => {
                return Err(TableError::MissingColumn {
                    file: self.file.clone(),
                    wanted: "x` and `y` (or `lon` and `lat".into(),
                    found: self.headers.join(", "),
                })
            }
        };
        let mut pts = Vec::with_capacity(self.rows.len());
        for (line, row) in &self.rows {
            pts.push([self.number(*line, row, cx)?, self.number(*line, row, cy)?]);
        }
        Ok((kind, pts))
    }

    fn optional_flags(&self, names: &[&str]) -> Result<Option<Vec<bool>>, TableError> {
        let Some(col) = self.find(names) else {
            return Ok(None);
        };
        let flag = |line: u64, row: &[String]| {
            let v = self.cell(row, col);
            match v.to_ascii_lowercase().as_str() {
                "1" | "true" | "yes" | "y" | "是" => Ok(true),
                "0" | "false" | "no" | "n" | "否" | "" => Ok(false),
                _ => Err(TableError::BadValue {
                    file: self.file.clone(),
                    line,
                    field: self.headers[col].clone(),
                    value: v.to_string(),
                    expected: "1/0, true/false or yes/no",
                }),
            }
        };
        self.rows
            .iter()
            .map(|(line, row)| flag(*line, row))
            .collect::<Result<Vec<_>, _>>()
            .map(Some)
    }

    fn optional_column(&self, names: &[&str]) -> Result<Option<Vec<f64>>, TableError> {
        let Some(col) = self.find(names) else {
            return Ok(None);
        };
        self.rows
            .iter()
            .map(|(line, row)| self.nonneg(*line, row, col))
            .collect::<Result<Vec<_>, _>>()
            .map(Some)
    }
}

/// Read a demand table: id, coordinates, demand. `id_column`/`demand_column` override the defaults
/// (`id`; `demand`, `weight`, `students`, `population`). Coordinates are required only if `need_coords`.
pub fn read_demand(
    path: &Path,
    id_column: Option<&str>,
    demand_column: Option<&str>,
    need_coords: bool,
) -> Result<PointTable, TableError> {
    let raw = read_raw(path)?;
    let id_col = match id_column {
        Some(c) => raw.require(&[c])?,
        None => raw.require(&["id", "demand_id"])?,
    };
    let demand_col = match demand_column {
        Some(c) => raw.require(&[c])?,
        None => raw.require(&["demand", "weight", "students", "population"])?,
    };
    let ids = raw.ids(id_col)?;
    let (coords, points) = raw.coords(need_coords)?;
    let demand = raw
        .rows
        .iter()
        .map(|(line, row)| raw.nonneg(*line, row, demand_col))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(PointTable {
        ids,
        coords,
        points,
        demand,
        capacity: None,
        fixed_cost: None,
        must_open: None,
    })
}

/// Read a site table: id, coordinates, optional `capacity` and `fixed_cost`.
pub fn read_sites(
    path: &Path,
    id_column: Option<&str>,
    need_coords: bool,
) -> Result<PointTable, TableError> {
    let raw = read_raw(path)?;
    let id_col = match id_column {
        Some(c) => raw.require(&[c])?,
        None => raw.require(&["id", "site_id"])?,
    };
    let ids = raw.ids(id_col)?;
    let (coords, points) = raw.coords(need_coords)?;
    Ok(PointTable {
        ids,
        coords,
        points,
        demand: Vec::new(),
        capacity: raw.optional_column(&["capacity"])?,
        fixed_cost: raw.optional_column(&["fixed_cost", "fixed"])?,
        must_open: raw.optional_flags(&["existing", "must_open"])?,
    })
}

/// Read a long-form cost matrix (`demand_id, site_id, cost`; spopt: `DestinationName, name,
/// distance`) into a dense row-major matrix over the given ids. Every pair must be present; a pair
/// given twice must agree.
pub fn read_costs(
    path: &Path,
    demand_ids: &[String],
    site_ids: &[String],
) -> Result<Vec<f64>, TableError> {
    let raw = read_raw(path)?;
    let dc = raw.require(&["demand_id", "destinationname", "origin_id"])?;
    let sc = raw.require(&["site_id", "name", "facility_id"])?;
    let cc = raw.require(&["cost", "distance"])?;
    let index = |ids: &[String]| -> HashMap<String, usize> {
        ids.iter()
            .enumerate()
            .map(|(k, s)| (s.clone(), k))
            .collect()
    };
    let (di, si) = (index(demand_ids), index(site_ids));
    let m = site_ids.len();
    let mut cost = vec![f64::NAN; demand_ids.len() * m];
    for (line, row) in &raw.rows {
        let lookup = |map: &HashMap<String, usize>, col: usize, table: &str| {
            let v = raw.cell(row, col);
            map.get(v).copied().ok_or_else(|| TableError::UnknownId {
                file: raw.file.clone(),
                line: *line,
                field: raw.headers[col].clone(),
                value: v.to_string(),
                table: table.to_string(),
            })
        };
        let i = lookup(&di, dc, "the demand table")?;
        let j = lookup(&si, sc, "the site table")?;
        let c = raw.nonneg(*line, row, cc)?;
        let slot = &mut cost[i * m + j];
        if !slot.is_nan() && *slot != c {
            return Err(TableError::BadValue {
                file: raw.file.clone(),
                line: *line,
                field: raw.headers[cc].clone(),
                value: raw.cell(row, cc).to_string(),
                expected: "equal to the earlier cost given for the same pair",
            });
        }
        *slot = c;
    }
    if let Some(k) = cost.iter().position(|c| c.is_nan()) {
        return Err(TableError::MissingCost {
            file: raw.file,
            demand: demand_ids[k / m].clone(),
            site: site_ids[k % m].clone(),
        });
    }
    Ok(cost)
}
