//! Specs for the report as a publishable document: fully translated, private, and right in a real
//! browser (headless Chromium, driven by `headless_chrome`).

use crate::cli::catchment;
use calamine::{open_workbook, Data, Reader, Xlsx};
use geo::{Contains, Point};
use std::path::{Path, PathBuf};

const STAMP: &str = "1700000000";

/// A report of `project` (None: the built-in sample) in `lang`, made once per combination.
fn report(project: Option<&Path>, lang: &str) -> PathBuf {
    let dir = tempfile::tempdir()
        .unwrap()
        .keep()
        .join(format!("report-{lang}"));
    let mut cmd = catchment();
    cmd.arg("plan");
    if let Some(p) = project {
        cmd.arg(p);
    }
    let out = cmd
        .args(["--lang", lang, "--out"])
        .arg(&dir)
        .env("SOURCE_DATE_EPOCH", STAMP)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "plan failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    dir
}

fn zh_report() -> &'static PathBuf {
    static DIR: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    DIR.get_or_init(|| report(None, "zh"))
}

fn en_report() -> &'static PathBuf {
    static DIR: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    DIR.get_or_init(|| report(None, "en"))
}

/// ASCII words (two letters or more) in `text`.
fn ascii_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() >= 2)
        .map(String::from)
        .collect()
}

/// The text of every element `<tag …>…</tag>` whose opening tag does not carry `class="id"` or
/// `class="name"` (ids and proper nouns from the data are shown as written).
fn texts_of(html: &str, tag: &str) -> Vec<String> {
    let mut out = Vec::new();
    let open = format!("<{tag}");
    let close = format!("</{tag}>");
    for part in html.split(&open).skip(1) {
        let Some((attrs, rest)) = part.split_once('>') else {
            continue;
        };
        if !(attrs.is_empty() || attrs.starts_with(' ')) {
            continue;
        }
        if attrs.contains("class=\"id\"") || attrs.contains("class=\"name\"") {
            continue;
        }
        let inner = rest.split(&close).next().unwrap_or("");
        out.push(strip_tags(inner));
    }
    out
}

/// Text with tags removed; `<span class="id">…</span>` (file names) removed too.
fn strip_tags(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        if tail.starts_with("<span class=\"id\">") || tail.starts_with("<span class=\"name\">") {
            rest = tail.split_once("</span>").map_or("", |(_, r)| r);
        } else {
            rest = tail.split_once('>').map_or("", |(_, r)| r);
        }
    }
    out.push_str(rest);
    out
}

#[test]
fn zh_report_has_no_untranslated_header_caption_or_cell() {
    let html = std::fs::read_to_string(zh_report().join("report.html")).unwrap();
    let mut bad = Vec::new();
    for tag in [
        "th",
        "td",
        "caption",
        "figcaption",
        "h1",
        "h2",
        "h3",
        "li",
        "nav",
    ] {
        for text in texts_of(&html, tag) {
            // Allowed: file names, format and encoding names, a CRS code (EPSG), the code of a
            // national standard (GB …) and the tool's name.
            let text: String = text
                .split_whitespace()
                .flat_map(|w| w.split(['，', '、', '：', '(', ')', '（', '）']))
                .filter(|w| !w.contains('.'))
                // Codes such as SITE04 or SCH0001 are ids.
                .filter(|w| {
                    !(w.bytes().any(|b| b.is_ascii_digit())
                        && w.bytes()
                            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_'))
                })
                .collect::<Vec<_>>()
                .join(" ");
            let words: Vec<String> = ascii_words(&text)
                .into_iter()
                .filter(|w| {
                    !matches!(
                        w.as_str(),
                        "EPSG" | "GB" | "GeoJSON" | "UTF" | "GBK" | "BOM" | "catchment"
                    )
                })
                .collect();
            if !words.is_empty() {
                bad.push(format!("<{tag}> {text:?}: {words:?}"));
            }
        }
    }
    assert!(
        bad.is_empty(),
        "untranslated text in the zh report:\n{}",
        bad.join("\n")
    );
    assert!(!html.contains("<pre"), "no preformatted pass-through");
    assert!(
        !html.contains("**") && !html.contains("|---"),
        "no Markdown"
    );
}

#[test]
fn summary_tables_have_at_most_ten_columns_and_numbers_are_grouped() {
    for dir in [zh_report(), en_report()] {
        let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
        for table in html.split("<table>").skip(1) {
            let head = table.split("</thead>").next().unwrap();
            let cols = head.matches("<th").count();
            assert!(
                (1..=10).contains(&cols),
                "a table with {cols} columns: {head}"
            );
        }
        // The sample has thousands of pupils: the headline shows them with a separator.
        assert!(
            html.contains("data-kpi=\"students\">20,000<"),
            "students headline not grouped"
        );
        assert!(
            html.contains("<td class=\"n\">2,191</td>"),
            "numbers are not right-aligned and grouped"
        );
    }
}

#[test]
fn headline_names_stage_and_year_and_large_classes_agree_with_indicators() {
    let html = std::fs::read_to_string(zh_report().join("report.html")).unwrap();
    let label = |key: &str| {
        let at = html
            .find(&format!("data-kpi=\"{key}\""))
            .unwrap_or_else(|| panic!("no headline {key}"));
        let rest = &html[at..];
        let value: String = rest
            .split_once('>')
            .unwrap()
            .1
            .split('<')
            .next()
            .unwrap()
            .to_string();
        let label = rest
            .split("</b>")
            .nth(1)
            .unwrap()
            .split("</a>")
            .next()
            .unwrap()
            .to_string();
        (value.replace(',', "").parse::<i64>().unwrap(), label)
    };
    for stage in ["kindergarten", "primary", "junior"] {
        let (_, l) = label(&format!("zoned_{stage}"));
        assert!(
            l.contains("年") && (l.contains("幼儿园") || l.contains("小学") || l.contains("初中")),
            "{l}"
        );
    }
    let (over, l) = label("classes_over_cap");
    assert!(l.contains("年"), "{l}");
    // `catchment indicators` counts the same classes over the cap.
    let tmp = tempfile::tempdir().unwrap();
    let out = catchment()
        .args(["indicators", "--json", "--out"])
        .arg(tmp.path().join("ind"))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let v: serde_json::Value =
        serde_json::from_str(&text).unwrap_or_else(|_| panic!("indicators json: {text:.300}"));
    let want = v
        .pointer("/summary/classes_over_cap")
        .and_then(|x| x.as_i64())
        .expect("summary.classes_over_cap");
    assert_eq!(
        over, want,
        "headline classes over the cap vs catchment indicators"
    );
    assert!(over > 0, "the sample has classes over the cap");
}

#[test]
fn workbook_is_translated_typed_and_has_no_duplicate_headers() {
    let mut wb: Xlsx<_> = open_workbook(zh_report().join("report.xlsx")).unwrap();
    let sheets = wb.sheet_names().to_vec();
    for s in &sheets {
        assert!(
            ascii_words(s).is_empty(),
            "sheet name {s} is not translated"
        );
        let range = wb.worksheet_range(s).unwrap();
        let Some(header) = range.rows().next() else {
            continue;
        };
        let names: Vec<String> = header.iter().map(|c| c.to_string()).collect();
        let mut uniq = names.clone();
        uniq.sort();
        uniq.dedup();
        assert_eq!(
            uniq.len(),
            names.len(),
            "duplicate headers in {s}: {names:?}"
        );
        for n in &names {
            assert!(
                ascii_words(n).is_empty(),
                "header {n} in sheet {s} is not translated"
            );
        }
    }
    let situation = wb.worksheet_range("现状").unwrap();
    let over = situation
        .rows()
        .next()
        .unwrap()
        .iter()
        .position(|c| *c == "超规模")
        .unwrap();
    assert!(situation
        .rows()
        .skip(1)
        .filter(|r| r[over] != Data::Empty)
        .all(|r| matches!(r[over], Data::Bool(_))));
    let standards = wb.worksheet_range("标准与依据").unwrap();
    let numbers = standards
        .rows()
        .skip(1)
        .filter(|r| matches!(r[1], Data::Float(_) | Data::Int(_)))
        .count();
    assert!(numbers >= 10, "standards values are stored as text");
}

/// Homes (lon, lat), pupil ids and addresses of a project's `students.csv`.
type Pupils = (
    Vec<[f64; 2]>,
    std::collections::HashSet<String>,
    Vec<String>,
    Vec<String>,
);

fn pupils(dir: &Path) -> Pupils {
    let mut r = csv::Reader::from_path(dir.join("students.csv")).unwrap();
    let h = r.headers().unwrap().clone();
    let col = |n: &str| h.iter().position(|x| x == n).unwrap();
    let (id, lon, lat, addr, grade) = (
        col("id"),
        col("lon"),
        col("lat"),
        col("address"),
        col("grade"),
    );
    let (mut homes, mut ids, mut addrs, mut grades) =
        (vec![], std::collections::HashSet::new(), vec![], vec![]);
    for rec in r.records() {
        let rec = rec.unwrap();
        ids.insert(rec[id].to_string());
        grades.push(rec[grade].to_string());
        if rec[addr].chars().count() >= 6 {
            addrs.push(rec[addr].to_string());
        }
        if let (Ok(x), Ok(y)) = (rec[lon].parse(), rec[lat].parse()) {
            homes.push([x, y]);
        } else {
            homes.push([f64::NAN, f64::NAN]);
        }
    }
    addrs.sort();
    addrs.dedup();
    addrs.truncate(400);
    (homes, ids, addrs, grades)
}

fn published_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                if p.file_name().unwrap() != "private" {
                    stack.push(p);
                }
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

fn metres(a: [f64; 2], b: [f64; 2]) -> f64 {
    let k = 111_320.0;
    let dx = (a[0] - b[0]) * k * a[1].to_radians().cos();
    let dy = (a[1] - b[1]) * k;
    (dx * dx + dy * dy).sqrt()
}

fn stage_of(grade: &str) -> &'static str {
    match grade {
        "k1" | "k2" | "k3" => "kindergarten",
        "g7" | "g8" | "g9" => "junior",
        _ => "primary",
    }
}

/// Scan one report folder made from `project` for anything that shows a single child.
fn assert_private(project: &Path, report_dir: &Path) {
    let (homes, ids, addrs, grades) = pupils(project);
    for f in published_files(report_dir) {
        let text = if f.extension().is_some_and(|e| e == "xlsx") {
            let mut wb: Xlsx<_> = open_workbook(&f).unwrap();
            let mut all = String::new();
            for s in wb.sheet_names().to_vec() {
                for row in wb.worksheet_range(&s).unwrap().rows() {
                    for c in row {
                        all.push_str(&c.to_string());
                        all.push('\t');
                    }
                }
            }
            all
        } else {
            String::from_utf8_lossy(&std::fs::read(&f).unwrap()).into_owned()
        };
        let name = f.display();
        let shown = text
            .split(|c: char| !c.is_ascii_alphanumeric())
            .find(|t| ids.contains(*t));
        assert!(shown.is_none(), "{name} shows pupil id {shown:?}");
        for a in &addrs {
            assert!(!text.contains(a.as_str()), "{name} shows the address {a}");
        }
    }
    // Positions the project publishes itself: its schools and its candidate sites (land parcels).
    let mut public_xy: Vec<[f64; 2]> = Vec::new();
    for file in ["schools.csv", "sites.csv"] {
        let Ok(mut r) = csv::Reader::from_path(project.join(file)) else {
            continue;
        };
        let h = r.headers().unwrap().clone();
        let (x, y) = (
            h.iter().position(|c| c == "lon").unwrap(),
            h.iter().position(|c| c == "lat").unwrap(),
        );
        for rec in r.records() {
            let rec = rec.unwrap();
            public_xy.push([rec[x].parse().unwrap(), rec[y].parse().unwrap()]);
        }
    }
    for layer in ["schools", "sites", "zones"] {
        let text = std::fs::read_to_string(report_dir.join(format!("{layer}.geojson"))).unwrap();
        let gj: geojson::FeatureCollection = text.parse().unwrap();
        for feat in gj.features {
            let geom = feat.geometry.unwrap();
            match &geom.value {
                geojson::GeometryValue::Point { coordinates: p } => {
                    let xy = [p[0], p[1]];
                    if public_xy.iter().any(|s| metres(*s, xy) < 1.0) {
                        continue; // a school's or a candidate parcel's own position is public
                    }
                    let near = homes
                        .iter()
                        .filter(|h| h[0].is_finite())
                        .map(|h| metres(*h, xy))
                        .fold(f64::INFINITY, f64::min);
                    assert!(
                        near >= 50.0,
                        "{layer}.geojson has a point {near:.0} m from a home"
                    );
                }
                _ => {
                    let stage = feat
                        .properties
                        .as_ref()
                        .and_then(|p| p.get("stage"))
                        .and_then(|v| v.as_str())
                        .unwrap_or("")
                        .to_string();
                    let g: geo::Geometry<f64> = geom.try_into().unwrap();
                    let geo::Geometry::MultiPolygon(mp) = g else {
                        continue;
                    };
                    for piece in &mp.0 {
                        use geo::BoundingRect;
                        let b = piece.bounding_rect().unwrap();
                        let n = homes
                            .iter()
                            .zip(&grades)
                            .filter(|(h, g)| h[0].is_finite() && stage_of(g) == stage)
                            .filter(|(h, _)| {
                                h[0] >= b.min().x
                                    && h[0] <= b.max().x
                                    && h[1] >= b.min().y
                                    && h[1] <= b.max().y
                            })
                            .filter(|(h, _)| piece.contains(&Point::new(h[0], h[1])))
                            .count();
                        // Pupils placed by address sit at their village's point, which the CSV
                        // does not give; a piece with no home from the CSV shows none of them.
                        assert!(
                            n == 0 || n >= 5,
                            "a {stage} zone piece in zones.geojson holds {n} pupils"
                        );
                    }
                }
            }
        }
    }
    assert!(report_dir.join("private/problems.csv").is_file());
    assert!(report_dir.join("private/assignment_primary.csv").is_file());
}

#[test]
fn published_files_never_show_a_single_child() {
    let tmp = tempfile::tempdir().unwrap();
    // The built-in sample, and a differently seeded one the code was not written against.
    let seeded: &[&str] = &["--seed", "7", "--students", "6000", "--schools", "14"];
    for (name, extra) in [("standard", &[][..]), ("seed7", seeded)] {
        let project = tmp.path().join(name);
        let out = catchment()
            .arg("sample")
            .arg(&project)
            .args(extra)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "sample: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let dir = report(Some(&project), "zh");
        assert_private(&project, &dir);
        let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
        assert!(
            html.contains("private/"),
            "the report names the private folder"
        );
    }
}

fn chromium() -> Option<PathBuf> {
    for name in [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ] {
        if let Some(p) = std::env::var_os("PATH")
            .into_iter()
            .flat_map(|path| std::env::split_paths(&path).collect::<Vec<_>>())
            .map(|d| d.join(name))
            .find(|p| p.is_file())
        {
            return Some(p);
        }
    }
    None
}

/// Checks run inside the page: a JSON string of what is wrong.
const PAGE_CHECKS: &str = r#"(() => {
  const W = window.innerWidth;
  const out = {overflow: document.documentElement.scrollWidth - W, badImages: [], outside: [], asciiHeaders: []};
  for (const img of document.images) {
    if (!img.complete || img.naturalWidth === 0) out.badImages.push(img.alt);
  }
  for (const el of document.body.querySelectorAll('*')) {
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim() !== '');
    if (!own) continue;
    const r = el.getBoundingClientRect();
    if (r.width > 0 && (r.right > W + 0.5 || r.left < -0.5)) out.outside.push(el.tagName + ': ' + el.textContent.slice(0, 40));
  }
  if (document.documentElement.lang.startsWith('zh')) {
    for (const th of document.querySelectorAll('th, caption, h2, h3')) {
      if (/[A-Za-z]{2,}/.test(th.textContent)) out.asciiHeaders.push(th.textContent);
    }
  }
  return JSON.stringify(out);
})()"#;

#[test]
fn report_in_headless_chromium() {
    let Some(browser_path) = chromium() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set but no Chromium was found (apt-get install chromium)"
        );
        eprintln!("SKIPPED report_in_headless_chromium: no Chromium found (install the Debian package `chromium`)");
        return;
    };
    use headless_chrome::protocol::cdp::Page::CaptureScreenshotFormatOption;
    use headless_chrome::{Browser, LaunchOptions};
    let shots = tempfile::tempdir()
        .unwrap()
        .keep()
        .join("report-screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let opts = LaunchOptions::default_builder()
        .path(Some(browser_path))
        .window_size(Some((1280, 900)))
        .sandbox(false)
        .idle_browser_timeout(std::time::Duration::from_secs(600))
        .build()
        .unwrap();
    // Make the reports first: the browser closes an idle connection.
    let reports = [("zh", zh_report()), ("en", en_report())];
    let browser = Browser::new(opts).expect("start headless Chromium");
    for (lang, dir) in reports {
        let tab = browser.new_tab().unwrap();
        let url = format!("file://{}", dir.join("report.html").display());
        tab.navigate_to(&url)
            .unwrap()
            .wait_until_navigated()
            .unwrap();
        let v = tab.evaluate(PAGE_CHECKS, false).unwrap().value.unwrap();
        let checks: serde_json::Value = serde_json::from_str(v.as_str().unwrap()).unwrap();
        assert!(
            checks["overflow"].as_f64().unwrap() <= 0.0,
            "{lang}: horizontal overflow at 1280 px: {checks}"
        );
        assert_eq!(
            checks["badImages"].as_array().unwrap().len(),
            0,
            "{lang}: images not decoded: {checks}"
        );
        assert_eq!(
            checks["outside"].as_array().unwrap().len(),
            0,
            "{lang}: text outside the viewport: {checks}"
        );
        assert_eq!(
            checks["asciiHeaders"].as_array().unwrap().len(),
            0,
            "{lang}: untranslated headers: {checks}"
        );
        let ids = tab
            .evaluate(
                "JSON.stringify([...document.querySelectorAll('section')].map(s => s.id))",
                false,
            )
            .unwrap()
            .value
            .unwrap();
        let ids: Vec<String> = serde_json::from_str(ids.as_str().unwrap()).unwrap();
        assert!(ids.len() >= 8, "{lang}: sections {ids:?}");
        for id in ids {
            tab.evaluate(
                &format!("document.getElementById('{id}').scrollIntoView()"),
                false,
            )
            .unwrap();
            std::thread::sleep(std::time::Duration::from_millis(200));
            let png = tab
                .capture_screenshot(CaptureScreenshotFormatOption::Png, None, None, true)
                .unwrap();
            let path = shots.join(format!("{lang}_{id}.png"));
            std::fs::write(&path, png).unwrap();
            println!("screenshot: {}", path.display());
        }
    }
}
