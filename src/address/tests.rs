//! Address matching on the real township and village names of Linxi County
//! (`tests/data/address/`, copied from the county's 2023 division codes); the positions are made up.

use super::*;
use crate::model::SourceRef;

const TOWNSHIPS: &str = include_str!("../../tests/data/address/townships.csv");
const VILLAGES: &str = include_str!("../../tests/data/address/villages.csv");

fn entry(name: &str, parent: Option<&str>, lonlat: [f64; 2]) -> GazetteerEntry {
    GazetteerEntry {
        name: name.into(),
        lonlat,
        parent: parent.map(Into::into),
        source: SourceRef::new("gazetteer.csv", 2),
    }
}

/// `(code, name)` rows of a division-code CSV (`code,"name",parent code,...`).
fn rows(csv: &str) -> Vec<(String, String, String)> {
    csv.lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (f[0].into(), f[1].trim_matches('"').into(), f[2].into())
        })
        .collect()
}

/// Real names, made-up positions: township i at (118 + i/10, 43.5), its villages around it.
fn linxi() -> (Vec<GazetteerEntry>, Vec<(String, String)>) {
    let towns = rows(TOWNSHIPS);
    let mut entries = Vec::new();
    let mut pairs = Vec::new();
    for (i, (_, name, _)) in towns.iter().enumerate() {
        entries.push(entry(name, None, [118.0 + i as f64 / 10.0, 43.5]));
    }
    for (j, (_, name, street)) in rows(VILLAGES).iter().enumerate() {
        let town = &towns.iter().find(|t| &t.0 == street).expect("township").1;
        entries.push(entry(name, Some(town), [118.0 + j as f64 / 1000.0, 43.0]));
        pairs.push((town.clone(), name.clone()));
    }
    (entries, pairs)
}

fn village(g: &Gazetteer, address: &str) -> String {
    let m = g
        .locate(address)
        .unwrap_or_else(|e| panic!("{address}: {e}"));
    assert_eq!(m.quality, "village", "{address} -> {m:?}");
    m.matched
}

#[test]
fn every_real_village_is_found_with_its_township() {
    let (entries, pairs) = linxi();
    assert_eq!(pairs.len(), 119);
    let g = Gazetteer::new(entries);
    for (town, name) in &pairs {
        let core = text::core_of(name).chars.into_iter().collect::<String>();
        for address in [
            format!("内蒙古自治区赤峰市林西县{town}{name}三组"),
            format!("林西县{town}{core}村3组"),
            format!("{town} {core}"),
            format!("赤峰市林西县{town}{core}委员会"),
        ] {
            assert_eq!(&village(&g, &address), name, "{address}");
        }
    }
}

#[test]
fn village_alone_is_found_unless_ambiguous() {
    let (entries, pairs) = linxi();
    let g = Gazetteer::new(entries);
    let mut ambiguous = Vec::new();
    for (_, name) in &pairs {
        match g.locate(&format!("林西县{name}二组")) {
            Ok(m) => assert_eq!(&m.matched, name),
            Err(e) => ambiguous.push((name.clone(), e)),
        }
    }
    // 东风 is a village of both 林西镇 and 大井镇.
    let names: Vec<&str> = ambiguous.iter().map(|a| a.0.as_str()).collect();
    assert_eq!(names, ["东风村委会", "东风村委会"], "{ambiguous:?}");
    assert_eq!(
        ambiguous[0].1.to_string(),
        "'林西县东风村委会二组' matches 东风村委会 in 林西镇 and 大井镇; add the township"
    );
    assert_eq!(village(&g, "林西县大井镇东风村"), "东风村委会");
    assert_eq!(
        g.locate("大井镇东风村").unwrap().lonlat,
        g.locate("林西县大井镇东风").unwrap().lonlat
    );
    assert_ne!(
        g.locate("大井镇东风村").unwrap().lonlat,
        g.locate("林西镇东风村").unwrap().lonlat
    );
}

#[test]
fn village_or_community_suffix_separates_same_names() {
    // 红星村委会 (大井镇) and 红星社区 (城南街道).
    let g = Gazetteer::new(linxi().0);
    assert_eq!(village(&g, "红星村五组"), "红星村委会");
    assert_eq!(village(&g, "红星社区2号楼"), "红星社区");
    let err = g.locate("红星").unwrap_err().to_string();
    assert_eq!(
        err,
        "'红星' matches 红星村委会 in 大井镇 and 红星社区 in 城南街道; add the township"
    );
}

#[test]
fn township_only_gives_township_quality() {
    let g = Gazetteer::new(linxi().0);
    for (address, town) in [
        ("内蒙古自治区赤峰市林西县大井镇", "大井镇"),
        ("林西县城北街道", "城北街道"),
        ("十二吐乡某某村", "十二吐乡"),
    ] {
        let m = g.locate(address).unwrap();
        assert_eq!((m.matched.as_str(), m.quality.as_str()), (town, "township"));
    }
}

#[test]
fn township_names_inside_village_names() {
    let g = Gazetteer::new(linxi().0);
    assert_eq!(village(&g, "五十家子镇五十家子村"), "五十家子村委会");
    assert_eq!(village(&g, "五十家子村一组"), "五十家子村委会");
    assert_eq!(g.locate("五十家子镇").unwrap().quality, "township");
    assert_eq!(village(&g, "官地镇上官地三组"), "上官地村委会");
    assert_eq!(village(&g, "下官地村"), "下官地村委会");
    assert_eq!(village(&g, "统部镇大马金沟村"), "大马金沟村委会");
    assert_eq!(village(&g, "大马金村"), "大马金村委会");
    assert_eq!(village(&g, "林西县统部三组"), "统部村委会");
    assert_eq!(village(&g, "城北街道北街村"), "北街村委会");
    assert_eq!(village(&g, "春蕾社区居民居委会"), "春蕾社区居民居委会");
    assert_eq!(village(&g, "林西县春蕾社区"), "春蕾社区居民居委会");
}

#[test]
fn village_in_another_township_is_a_contradiction() {
    // In the real list 常胜 is a village of 林西镇, not of 新城子镇.
    let g = Gazetteer::new(linxi().0);
    assert_eq!(
        g.locate("林西县新城子镇常胜村三组").unwrap_err().to_string(),
        "'林西县新城子镇常胜村三组': 常胜村委会 is in 林西镇, not in 新城子镇; correct the township or the village"
    );
    // A bare name that happens to be a village elsewhere (七一 is in 新林镇) is not.
    let m = g.locate("新城子镇红旗七一组").unwrap();
    assert_eq!(
        (m.matched.as_str(), m.quality.as_str()),
        ("新城子镇", "township")
    );
}

#[test]
fn gazetteer_name_forms_and_suffixes() {
    for name in ["常胜村", "常胜村委会", "常胜", "常胜村民委员会"] {
        let g = Gazetteer::new(vec![
            entry("新城子镇", None, [118.2, 43.7]),
            entry(name, Some("新城子镇"), [118.25, 43.72]),
            entry("大井镇", None, [118.5, 43.9]),
            entry("常胜村", Some("大井镇"), [118.55, 43.95]),
        ]);
        for address in [
            "林西县新城子镇常胜村三组",
            "林西县新城子镇常胜村委会三组",
            "新城子常胜三组",
            "　新城子镇 常胜村 ３组　",
            "内蒙古自治区赤峰市林西县新城子镇常胜村委会",
        ] {
            let m = g
                .locate(address)
                .unwrap_or_else(|e| panic!("{name} / {address}: {e}"));
            assert_eq!(
                (m.matched.as_str(), m.lonlat),
                (name, [118.25, 43.72]),
                "{address}"
            );
        }
        let expected = if name == "常胜村" {
            "常胜村 in 新城子镇 and 大井镇".to_string()
        } else {
            format!("{name} in 新城子镇 and 常胜村 in 大井镇")
        };
        assert_eq!(
            g.locate("林西县常胜村三组").unwrap_err().to_string(),
            format!("'林西县常胜村三组' matches {expected}; add the township")
        );
    }
}

#[test]
fn gacha_sumu_and_parent_only_townships() {
    let g = Gazetteer::new(vec![
        entry("巴彦査干苏木", None, [119.0, 44.0]),
        entry("巴彦嘎查", Some("巴彦査干苏木"), [119.1, 44.1]),
        entry("乌兰社区", Some("城关街道"), [118.0, 43.6]),
        entry("红旗居委会", Some("城关街道"), [118.01, 43.61]),
    ]);
    assert_eq!(village(&g, "巴彦査干苏木巴彦嘎查二组"), "巴彦嘎查");
    assert_eq!(g.locate("巴彦査干苏木").unwrap().quality, "township");
    assert_eq!(village(&g, "城关街道乌兰社区"), "乌兰社区");
    assert_eq!(village(&g, "红旗居委会"), "红旗居委会");
    // 城关街道 is only known as a parent: no position of its own.
    let err = g.locate("林西县城关街道").unwrap_err().to_string();
    assert!(err.contains("no position for 城关街道"), "{err}");
}

#[test]
fn same_name_in_one_township_needs_the_suffix() {
    let g = Gazetteer::new(vec![
        entry("林西镇", None, [118.0, 43.6]),
        entry("红星村委会", Some("林西镇"), [118.1, 43.6]),
        entry("红星社区", Some("林西镇"), [118.2, 43.6]),
    ]);
    assert_eq!(village(&g, "林西镇红星社区"), "红星社区");
    assert_eq!(village(&g, "林西镇红星村"), "红星村委会");
    assert_eq!(
        g.locate("林西镇红星").unwrap_err().to_string(),
        "'林西镇红星' matches 红星村委会 in 林西镇 and 红星社区 in 林西镇; write the village's full name (with 村 or 社区)"
    );
}

#[test]
fn nothing_found_says_so() {
    let g = Gazetteer::new(linxi().0);
    assert_eq!(
        g.locate(" 北京市海淀区中关村 ").unwrap_err().to_string(),
        "no village or township of the gazetteer in '北京市海淀区中关村'; check the spelling or add the place to the gazetteer"
    );
    assert!(g.locate("").is_err());
    assert!(Gazetteer::new(Vec::new()).locate("林西镇").is_err());
    // 林西 is the county (林西县), not 林西镇.
    assert!(g.locate("林西县").is_err());
}

#[test]
fn duplicate_rows_of_one_village_are_one_place() {
    let g = Gazetteer::new(vec![
        entry("林西镇", None, [118.0, 43.6]),
        entry("常胜村", Some("林西镇"), [118.1, 43.6]),
        entry("常胜村委会", Some("林西镇"), [118.1, 43.6]),
    ]);
    assert_eq!(village(&g, "常胜村"), "常胜村");
    assert_eq!(g.len(), 2);
}
