//! Writing the report folder: CSVs (UTF-8 with BOM), `report.xlsx`, GIS layers and `report.html`,
//! all fit to publish, and the per-pupil files under `private/`, which are not.

use super::document;
use super::maps::Figure;
use super::published::Published;
use super::{PlanResults, ReportError, ReportOptions};
use crate::io::{write_atomic, write_csv_bom};
use crate::model::LoadReport;
use crate::report::html::render_html;
use crate::report::privacy::published_problems;
use crate::report::{
    workbook_bytes, write_geojson, write_shapefile, Cell, Lang, Layer, LayerGeometry, ReportInput,
    Table,
};
use crate::standards::provenance;
use geo::{MapCoords, MultiPolygon};
use std::path::Path;

fn werr(path: &Path, e: impl ToString) -> ReportError {
    ReportError::Write {
        path: path.display().to_string(),
        message: e.to_string(),
    }
}

/// Every published table of the report, in the order of the workbook's sheets.
pub fn tables(input: &ReportInput, r: &PlanResults, lang: Lang) -> Vec<Table> {
    let mut out = vec![r.situation.clone()];
    if let Some(f) = &r.forecast {
        out.push(Table::from_text_rows(
            "forecast",
            &crate::forecast::output::forecast_rows(f),
        ));
        let timeline = crate::forecast::output::timeline_rows(f);
        out.push(Table::from_text_rows("capacity_timeline", &timeline));
    }
    if let Some(b) = &r.backtest {
        out.push(Table::from_text_rows(
            "backtest",
            &crate::forecast::backtest::backtest_rows(b),
        ));
    }
    for (stage, zoning, _) in &r.zonings {
        let name = format!("zones_{}", stage.as_str());
        out.push(Table::from_text_rows(
            name,
            &crate::zones::write::school_rows(zoning),
        ));
    }
    if let Some(ind) = &r.indicators {
        use crate::indicators::tables as t;
        out.push(Table::from_text_rows(
            "indicators",
            &t::indicators_rows(ind),
        ));
        out.push(Table::from_text_rows("cv", &t::cv_rows(ind)));
        out.push(Table::from_text_rows("remedies", &t::remedies_rows(ind)));
        out.push(Table::from_text_rows("guarantee", &t::guarantee_rows(ind)));
    }
    out.extend(site_tables(input, r));
    out.push(published_problems(input.load, lang));
    out.push(standards_table(input));
    out
}

/// `sites.csv` (one row per proposed new school) and `expansions.csv` (existing schools that must
/// add their expandable classrooms, and when).
fn site_tables(input: &ReportInput, r: &PlanResults) -> Vec<Table> {
    let mut sites = Table::new(
        "sites",
        &[
            "stage",
            "site_id",
            "lon",
            "lat",
            "classes",
            "seats",
            "open_year",
            "mean_distance_before_m",
            "mean_distance_after_m",
            "within_radius_before",
            "within_radius_after",
            "relieves",
            "township",
            "village",
            "land_area_m2",
            "floor_area_m2",
            "cost_yuan",
            "needed_from",
        ],
    );
    let mut expansions = Table::new(
        "expansions",
        &["stage", "school_id", "year", "rooms_added", "cost_yuan"],
    );
    for p in &r.sites {
        for n in &p.new_schools {
            let [lon, lat] = input
                .planar
                .unproject(n.xy_m)
                .unwrap_or([f64::NAN, f64::NAN]);
            let relieves: Vec<String> = n.relieves.iter().map(|x| x.school_id.clone()).collect();
            sites.push(vec![
                p.stage.as_str().into(),
                Cell::Id(n.site_id.clone()),
                Cell::Num(lon, 6),
                Cell::Num(lat, 6),
                n.classes.into(),
                n.seats.into(),
                n.open_year.map_or(Cell::Empty, Cell::from),
                Cell::Num(n.mean_distance_before_m, 0),
                Cell::Num(n.mean_distance_after_m, 0),
                Cell::Num(n.within_radius_before, 3),
                Cell::Num(n.within_radius_after, 3),
                relieves.join(" ").into(),
                n.place.township.clone().unwrap_or_default().into(),
                n.place.village.clone().unwrap_or_default().into(),
                Cell::Num(n.land_area_m2, 0),
                Cell::Num(n.floor_area_m2, 0),
                Cell::Num(n.cost_yuan, 0),
                n.needed_from.map_or(Cell::Empty, Cell::from),
            ]);
        }
        for e in &p.expansions {
            expansions.push(vec![
                p.stage.as_str().into(),
                e.school_id.clone().into(),
                e.year.into(),
                e.rooms_added.into(),
                Cell::Num(e.cost_yuan, 0),
            ]);
        }
    }
    let (ladder, conversions) = remedy_tables(r);
    vec![sites, expansions, ladder, conversions]
}

/// `building_remedies.csv` (each plan of the remedies ladder, per stage) and `conversions.csv`
/// (per building with both stages and year: the rooms its grades 1–9 free and the rooms the
/// plan converts).
fn remedy_tables(r: &PlanResults) -> (Table, Table) {
    let mut ladder = Table::new(
        "building_remedies",
        &[
            "stage",
            "remedy_plan",
            "seats_short_max",
            "worst_year",
            "rooms_converted",
            "conversion_cost_yuan",
            "extension_classrooms",
            "extension_cost_yuan",
            "new_school_count",
            "new_school_cost_yuan",
            "cost_yuan",
            "meets_caps",
            "chosen",
        ],
    );
    let mut conv = Table::new(
        "conversions",
        &[
            "stage",
            "school_id",
            "year",
            "classrooms",
            "classes_needed_g1_9",
            "rooms_free",
            "kg_size_budget",
            "rooms_converted",
            "rooms_from",
        ],
    );
    for p in &r.sites {
        let m = &p.remedies;
        for g in &m.rungs {
            ladder.push(vec![
                p.stage.as_str().into(),
                g.key.clone().into(),
                Cell::Num(g.worst.map_or(0, |w| w.1) as f64, 0),
                g.worst.map_or(Cell::Empty, |w| Cell::from(w.0)),
                g.rooms_converted.into(),
                Cell::Num(g.conversion_cost_yuan, 0),
                g.extension_classrooms.into(),
                Cell::Num(g.extension_cost_yuan, 0),
                g.new_schools.into(),
                Cell::Num(g.new_school_cost_yuan, 0),
                Cell::Num(g.total_cost_yuan, 0),
                g.meets_caps.to_string().into(),
                g.chosen.to_string().into(),
            ]);
        }
        for c in &m.convertible {
            let used = m.converted.iter().find(|x| x.school_id == c.school_id);
            for y in &c.years {
                conv.push(vec![
                    p.stage.as_str().into(),
                    Cell::Id(c.school_id.clone()),
                    y.year.into(),
                    c.classrooms.into(),
                    y.classes_needed.into(),
                    y.rooms_free.into(),
                    y.size_budget.into(),
                    used.map_or(0, |u| u.rooms_converted).into(),
                    c.rooms_from.as_str().into(),
                ]);
            }
        }
    }
    (ladder, conv)
}

/// The full problem list, with values (addresses) and pupil ids: for `private/` only.
fn private_problems(load: &LoadReport) -> Table {
    let mut t = Table::new(
        "problems",
        &["severity", "file", "line", "field", "value", "problem"],
    );
    for d in &load.diagnostics {
        t.push(vec![
            format!("{:?}", d.severity).to_lowercase().into(),
            d.file.clone().into(),
            d.line.map_or(Cell::Empty, |l| Cell::Int(l as i64)),
            d.field.clone().unwrap_or_default().into(),
            d.value.clone().unwrap_or_default().into(),
            format!("{}; {}", d.message, d.hint).into(),
        ]);
    }
    for r in &load.rejects {
        t.push(vec![
            "reject".into(),
            r.source.file.to_string().into(),
            Cell::Int(r.source.line as i64),
            r.table.clone().into(),
            r.id.clone().into(),
            r.reason.clone().into(),
        ]);
    }
    t
}

fn standards_table(input: &ReportInput) -> Table {
    let values = serde_json::to_value(input.standards).unwrap_or_default();
    let mut t = Table::new("standards", &["key", "value", "source", "confidence"]);
    for p in provenance() {
        let v = match values.get(p.key) {
            Some(serde_json::Value::Number(n)) => match (n.as_i64(), n.as_f64()) {
                (Some(i), _) => Cell::Int(i),
                (None, Some(x)) => Cell::Num(x, decimals(x)),
                _ => Cell::Text(n.to_string()),
            },
            Some(serde_json::Value::Bool(b)) => Cell::Bool(*b),
            Some(serde_json::Value::String(s)) => Cell::Text(s.clone()),
            Some(other) => Cell::Text(other.to_string()),
            None => Cell::Empty,
        };
        t.push(vec![
            Cell::Id(p.key.to_string()),
            v,
            p.source.into(),
            p.confidence.into(),
        ]);
    }
    t
}

/// Decimals needed to show `x` as written (at most 6).
fn decimals(x: f64) -> usize {
    (0..=6)
        .find(|d| {
            let p = 10f64.powi(*d as i32);
            ((x * p).round() / p - x).abs() < 1e-9
        })
        .unwrap_or(6)
}

fn zones_layer(input: &ReportInput, r: &PlanResults, published: &Published) -> Layer {
    let fields = [
        "stage",
        "school_id",
        "name",
        "students",
        "seats",
        "utilisation",
        "max_class",
    ];
    let mut layer = Layer {
        fields: fields.map(String::from).to_vec(),
        features: Vec::new(),
    };
    for ((stage, zoning, _), polys) in r.zonings.iter().zip(&published.zones) {
        for z in polys {
            let Some(s) = z.seat.and_then(|i| zoning.schools.get(i)) else {
                continue;
            };
            let lonlat: MultiPolygon<f64> = z.xy_m.map_coords(|c| {
                let [x, y] = input
                    .planar
                    .unproject([c.x, c.y])
                    .unwrap_or([f64::NAN, f64::NAN]);
                geo::coord! { x: x, y: y }
            });
            layer.features.push((
                LayerGeometry::Polygons(lonlat),
                vec![
                    stage.as_str().into(),
                    s.school_id.clone().into(),
                    s.name.clone().into(),
                    s.students.into(),
                    s.seats.into(),
                    Cell::Num(s.utilisation, 3),
                    s.max_class_size.into(),
                ],
            ));
        }
    }
    layer
}

fn sites_layer(tables: &[Table]) -> Layer {
    let Some(t) = tables.iter().find(|t| t.name == "sites") else {
        return Layer {
            fields: Vec::new(),
            features: Vec::new(),
        };
    };
    let mut layer = Layer {
        fields: t.headers.clone(),
        features: Vec::new(),
    };
    for row in &t.rows {
        let (Cell::Num(lon, _), Cell::Num(lat, _)) = (&row[2], &row[3]) else {
            continue;
        };
        layer
            .features
            .push((LayerGeometry::Point([*lon, *lat]), row.clone()));
    }
    layer
}

fn schools_layer(input: &ReportInput, r: &PlanResults) -> Layer {
    let mut layer = Layer {
        fields: r.situation.headers.clone(),
        features: Vec::new(),
    };
    for (school, row) in input.schools.iter().zip(&r.situation.rows) {
        layer
            .features
            .push((LayerGeometry::Point(school.lonlat), row.clone()));
    }
    layer
}

/// The per-pupil files: the full problem list and each stage's zone assignment. Not for
/// publication; the report says so.
fn write_private(
    load: &LoadReport,
    r: &PlanResults,
    out: &Path,
) -> Result<Vec<String>, ReportError> {
    let mut written = Vec::new();
    let p = out.join("private").join("problems.csv");
    write_csv_bom(&p, &private_problems(load).csv_rows()).map_err(|e| werr(&p, e))?;
    written.push("private/problems.csv".to_string());
    // Each stage's assignment, rendered as bytes when the stage was zoned.
    for (stage, bytes) in &r.assignments {
        let name = format!("assignment_{}.csv", stage.as_str());
        let p = out.join("private").join(&name);
        crate::io::write_atomic(&p, bytes).map_err(|e| werr(&p, e))?;
        written.push(format!("private/{name}"));
    }
    Ok(written)
}

/// Write every file into `out`; returns the relative names written, sorted.
pub fn write_all(
    input: &ReportInput,
    r: &PlanResults,
    figures: &[Figure],
    published: &Published,
    opts: &ReportOptions,
    out: &Path,
) -> Result<Vec<String>, ReportError> {
    let mut written = Vec::new();
    for f in figures {
        let p = out.join("maps").join(&f.file);
        write_atomic(&p, &f.png).map_err(|e| werr(&p, e))?;
        written.push(format!("maps/{}", f.file));
    }
    let tables = tables(input, r, opts.lang);
    for t in &tables {
        let p = out.join(format!("{}.csv", t.name));
        write_csv_bom(&p, &t.csv_rows()).map_err(|e| werr(&p, e))?;
        written.push(format!("{}.csv", t.name));
    }
    written.extend(write_private(input.load, r, out)?);
    let xlsx = workbook_bytes(&tables, opts.lang, opts.stamp)
        .map_err(|e| werr(&out.join("report.xlsx"), e))?;
    write_atomic(&out.join("report.xlsx"), &xlsx).map_err(|e| werr(&out.join("report.xlsx"), e))?;
    written.push("report.xlsx".into());
    for (name, layer) in [
        ("zones", zones_layer(input, r, published)),
        ("schools", schools_layer(input, r)),
        ("sites", sites_layer(&tables)),
    ] {
        let gj = out.join(format!("{name}.geojson"));
        write_geojson(&gj, &layer).map_err(|e| werr(&gj, e))?;
        let stem = out.join("shp").join(name);
        write_shapefile(&stem, &layer, opts.stamp).map_err(|e| werr(&stem, e))?;
        written.push(format!("{name}.geojson"));
        for ext in ["shp", "shx", "dbf", "prj", "cpg"] {
            written.push(format!("shp/{name}.{ext}"));
        }
    }
    let doc = document::document(input, r, &tables, figures, &published.note, opts);
    let html = render_html(&doc, opts.stamp);
    write_atomic(&out.join("report.html"), html.as_bytes()).map_err(|e| werr(out, e))?;
    written.push("report.html".into());
    written.sort();
    Ok(written)
}
