//! Loader tests that need several modules together.

use super::*;
use crate::model::{Placement, Severity};

fn embedded(files: &[(&str, &[u8])]) -> ProjectSource {
    ProjectSource::Embedded {
        name: "t".into(),
        files: files
            .iter()
            .map(|(n, b)| (n.to_string(), b.to_vec()))
            .collect(),
    }
}

const SCHOOLS: &str = "id,name,level,lon,lat,classrooms\nS1,一小,primary,118.05,43.61,30\nS2,一中,初中,118.07,43.62,24\n";

#[test]
fn embedded_loads_like_a_folder() {
    let students =
        "id,grade,lon,lat,school_id\nP1,g1,118.051,43.611,S1\nP2,初一,118.071,43.621,S2\n";
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("schools.csv"), SCHOOLS).unwrap();
    std::fs::write(dir.path().join("students.csv"), students).unwrap();
    let a = load_project(&ProjectSource::Dir(dir.path().into())).unwrap();
    let b = load_project(&embedded(&[
        ("schools.csv", SCHOOLS.as_bytes()),
        ("students.csv", students.as_bytes()),
    ]))
    .unwrap();
    assert_eq!(a.schools.len(), 2);
    assert_eq!(a.students.len(), 2);
    assert_eq!(a.planar.epsg, 4548);
    for (x, y) in a.students.iter().zip(&b.students) {
        assert_eq!(x.xy_m, y.xy_m);
        assert_eq!(x.grade, y.grade);
    }
    assert!(!a.report.has_errors() && !b.report.has_errors());
    assert_eq!(
        b.report.encodings[0],
        ("schools.csv".into(), "UTF-8".into())
    );
}

#[test]
fn xlsx_errors_name_the_sheet_row() {
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    ws.write(0, 0, "林西县学校一览表").unwrap();
    for (c, h) in ["学校代码", "学校名称", "学段", "经度", "纬度", "教室数"]
        .iter()
        .enumerate()
    {
        ws.write(2, c as u16, *h).unwrap();
    }
    let rows: [[&str; 3]; 2] = [["S1", "一小", "小学"], ["S2", "二小", "大学"]];
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 3;
        for (c, v) in row.iter().enumerate() {
            ws.write(r, c as u16, *v).unwrap();
        }
        ws.write(r, 3, 118.05).unwrap();
        ws.write(r, 4, 43.61).unwrap();
        ws.write(r, 5, 12).unwrap();
    }
    let bytes = book.save_to_buffer().unwrap();
    let p = load_project(&embedded(&[("schools.xlsx", &bytes)])).unwrap();
    assert_eq!(p.schools.len(), 1);
    assert_eq!(p.schools[0].source.line, 4);
    let e = p.report.errors().next().unwrap().to_string();
    assert_eq!(
        e,
        "schools.xlsx:5: field '学段' value '大学': unknown level; use one of kindergarten/幼儿园, primary/小学, junior/初中, nine_year/九年一贯制, twelve_year/十二年一贯制"
    );
    assert_eq!(p.report.encodings[0].1, "xlsx");
}

#[test]
fn shapefile_units_honour_the_cpg() {
    use shapefile::dbase::{self, FieldValue, Record};
    let dir = tempfile::tempdir().unwrap();
    let shp = dir.path().join("units.shp");
    let table = dbase::TableWriterBuilder::with_encoding(dbase::encoding::EncodingRs::from(
        encoding_rs::GBK,
    ))
    .add_character_field("id".try_into().unwrap(), 10)
    .add_character_field("name".try_into().unwrap(), 20);
    let mut w = shapefile::Writer::from_path(&shp, table).unwrap();
    let ring = vec![
        shapefile::Point::new(118.0, 43.6),
        shapefile::Point::new(118.0, 43.62),
        shapefile::Point::new(118.02, 43.62),
        shapefile::Point::new(118.02, 43.6),
        shapefile::Point::new(118.0, 43.6),
    ];
    let poly = shapefile::Polygon::new(shapefile::PolygonRing::Outer(ring));
    let mut rec = Record::default();
    rec.insert("id".into(), FieldValue::Character(Some("U1".into())));
    rec.insert("name".into(), FieldValue::Character(Some("常胜村".into())));
    w.write_shape_and_record(&poly, &rec).unwrap();
    drop(w);
    std::fs::write(dir.path().join("units.cpg"), "GBK").unwrap();
    std::fs::write(dir.path().join("schools.csv"), SCHOOLS).unwrap();
    let p = load_project(&ProjectSource::Dir(dir.path().into())).unwrap();
    assert!(!p.report.has_errors(), "{:?}", p.report.diagnostics);
    assert_eq!(p.units.len(), 1);
    assert_eq!(p.units[0].name, "常胜村");
    assert!(p.units[0].centroid_xy_m[0].is_finite());
    assert!(p
        .report
        .encodings
        .iter()
        .any(|(f, e)| f.ends_with("units.shp") && e == "Shapefile, attributes GBK"));
}

#[test]
fn address_only_students_are_kept_and_listed_when_unmatched() {
    let gaz = "name,lon,lat,parent\n新城子镇,118.1,43.7,\n";
    let students = "id,grade,address\nP1,g1,林西县火星村\nP2,g2,\n";
    let p = load_project(&embedded(&[
        ("schools.csv", SCHOOLS.as_bytes()),
        ("students.csv", students.as_bytes()),
        ("gazetteer.csv", gaz.as_bytes()),
    ]))
    .unwrap();
    // P1 is kept, either placed or unplaced with a reason; P2 has nothing and is rejected.
    assert_eq!(p.students.len(), 1);
    let unplaced = matches!(p.students[0].placement, Placement::Unplaced { .. });
    let listed = p.report.rejects.iter().any(|r| r.id == "P1");
    assert_eq!(unplaced, listed);
    assert!(p
        .report
        .rejects
        .iter()
        .any(|r| r.id == "P2" && r.reason.contains("neither coordinates nor an address")));
    assert_eq!(p.gazetteer.len(), 1);
}

#[test]
fn projected_input_is_converted() {
    let crs = crate::crs::PlanarCrs::from_epsg(4548).unwrap();
    let xy = crs.project([118.05, 43.61]).unwrap();
    let schools = format!(
        "id,name,level,x,y,classrooms\nS1,一小,primary,{},{},30\n",
        xy[0], xy[1]
    );
    let p = load_project(&embedded(&[
        ("schools.csv", schools.as_bytes()),
        ("catchment.toml", b"[crs]\ninput = \"EPSG:4548\"\n"),
    ]))
    .unwrap();
    assert!(!p.report.has_errors(), "{:?}", p.report.diagnostics);
    let ll = p.schools[0].lonlat;
    assert!(
        (ll[0] - 118.05).abs() < 1e-8 && (ll[1] - 43.61).abs() < 1e-8,
        "{ll:?}"
    );
}

#[test]
fn renamed_file_and_missing_rename() {
    let p = load_project(&embedded(&[
        ("学校.csv", SCHOOLS.as_bytes()),
        (
            "catchment.toml",
            "[files]\nschools = \"学校.csv\"\nstudents = \"学生.csv\"\n".as_bytes(),
        ),
    ]))
    .unwrap();
    assert_eq!(p.schools.len(), 2);
    let e: Vec<String> = p.report.errors().map(|d| d.to_string()).collect();
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(
        e[0].contains("field 'files.students' value '学生.csv'"),
        "{e:?}"
    );
    assert!(p
        .report
        .diagnostics
        .iter()
        .all(|d| d.severity == Severity::Error));
}
