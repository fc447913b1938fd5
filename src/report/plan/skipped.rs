//! Steps of the plan that could not run on this project, each with the input it needs.
//!
//! A county folder rarely has every table: only primary schools, no history, no resources. The plan
//! runs every step that has its inputs and lists the others here, so the report says, one line
//! each, what was left out and what would let it run — instead of stopping, or leaving a section
//! silently empty.

use super::Step;
use crate::model::Stage;
use crate::report::i18n::msg;
use crate::report::Lang;

/// Why a step (or one stage of it) did not run.
#[derive(Debug, Clone, PartialEq)]
pub enum SkipReason {
    /// No enrollment history: the forecast needs it.
    NoHistory,
    /// The step needs the forecast, which did not run.
    NeedsForecast,
    /// No school of the stage; `pupils` of the stage are in the students table.
    NoSchools { pupils: u64 },
    /// Schools of the stage, but no pupils of it to place (located students or unit counts).
    NoDemand,
    /// No resources table: the indicators need it.
    NoResources,
    /// No zone could be drawn as a polygon, so there is no zones map.
    NoZonePolygons,
    /// No candidate site at least `spacing_m` from the existing schools of the stage.
    NoCandidates { spacing_m: f64 },
    /// Zones were drawn, but every one has fewer pupils than may be published (privacy), so there
    /// is no zones map.
    ZonesUnpublishable { min_pupils: u32 },
    /// Left out on request (`plan --skip STEP`).
    NotRequested,
    /// One school left out of the indicators: it has resources but no pupils in grades 1–9.
    SchoolNoPupils { school_id: String },
    /// One school left out of the indicators: it has resources but no enrollment by grade.
    SchoolNoEnrollment { school_id: String },
    /// One figure could not be drawn (`figure` is its file name, `message` what went wrong); the
    /// others are.
    FigureFailed { figure: String, message: String },
}

/// One step, or one stage of a step, that did not run.
#[derive(Debug, Clone, PartialEq)]
pub struct Skipped {
    pub step: Step,
    pub stage: Option<Stage>,
    pub reason: SkipReason,
}

impl Skipped {
    pub fn new(step: Step, stage: Option<Stage>, reason: SkipReason) -> Self {
        Skipped {
            step,
            stage,
            reason,
        }
    }

    /// The input that would let the step run.
    pub fn needs(&self, lang: Lang) -> String {
        let stage = self.stage.map_or(String::new(), |s| stage_word(s, lang));
        match &self.reason {
            SkipReason::NoHistory | SkipReason::NeedsForecast => msg(lang, "needs_history", &[]),
            SkipReason::NoSchools { .. } => msg(lang, "needs_schools", &[&stage]),
            SkipReason::NoDemand => msg(lang, "needs_demand", &[&stage]),
            SkipReason::NoResources => msg(lang, "needs_resources", &[]),
            SkipReason::NoZonePolygons => msg(lang, "needs_polygons", &[]),
            SkipReason::NoCandidates { .. } => msg(lang, "needs_sites", &[]),
            SkipReason::ZonesUnpublishable { min_pupils } => {
                msg(lang, "needs_publishable", &[&min_pupils.to_string()])
            }
            SkipReason::SchoolNoPupils { .. } | SkipReason::SchoolNoEnrollment { .. } => {
                msg(lang, "needs_school_enrollment", &[])
            }
            SkipReason::FigureFailed { .. } => msg(lang, "needs_figure", &[]),
            SkipReason::NotRequested => msg(lang, "needs_requested", &[]),
        }
    }

    /// Why it did not run.
    pub fn why(&self, lang: Lang) -> String {
        match &self.reason {
            SkipReason::NoHistory => msg(lang, "why_no_history", &[]),
            SkipReason::NeedsForecast => msg(lang, "why_needs_forecast", &[]),
            SkipReason::NoSchools { pupils: 0 } => msg(lang, "why_no_schools", &[]),
            SkipReason::NoSchools { pupils } => {
                msg(lang, "why_no_schools_n", &[&pupils.to_string()])
            }
            SkipReason::NoDemand => msg(lang, "why_no_demand", &[]),
            SkipReason::NoResources => msg(lang, "why_no_resources", &[]),
            SkipReason::NoZonePolygons => msg(lang, "why_no_polygons", &[]),
            SkipReason::NoCandidates { spacing_m } => {
                msg(lang, "why_no_candidates", &[&format!("{spacing_m:.0}")])
            }
            SkipReason::ZonesUnpublishable { min_pupils } => {
                msg(lang, "why_unpublishable", &[&min_pupils.to_string()])
            }
            SkipReason::NotRequested => msg(lang, "why_not_requested", &[]),
            SkipReason::SchoolNoPupils { school_id } => {
                msg(lang, "why_school_no_pupils", &[school_id])
            }
            SkipReason::SchoolNoEnrollment { school_id } => {
                msg(lang, "why_school_no_enrollment", &[school_id])
            }
            SkipReason::FigureFailed { figure, message } => {
                let why = msg(lang, "why_figure_failed", &[figure]);
                match lang {
                    Lang::En => format!("{why} ({message})"),
                    Lang::Zh => why,
                }
            }
        }
    }

    /// The school the skip concerns, when it is one school (the CLI prints it as a warning).
    pub fn school(&self) -> Option<&str> {
        match &self.reason {
            SkipReason::SchoolNoPupils { school_id }
            | SkipReason::SchoolNoEnrollment { school_id } => Some(school_id),
            _ => None,
        }
    }

    /// One line for the report and the terminal: `zones junior: not run: ...; needs ...`, or in
    /// Chinese `学区划分（初中）：未运行：…；需提供：…`.
    pub fn line(&self, lang: Lang) -> String {
        let step = msg(lang, &format!("step_{}", self.step.key()), &[]);
        let what = match self.stage {
            Some(s) => msg(lang, "skip_what", &[&step, &stage_word(s, lang)]),
            None => step,
        };
        msg(
            lang,
            "skip_line",
            &[&what, &self.why(lang), &self.needs(lang)],
        )
    }
}

/// A stage as the skipped lines name it (`junior` in English, as the CLI's stage names).
fn stage_word(stage: Stage, lang: Lang) -> String {
    msg(lang, &format!("stage_{}", stage.as_str()), &[])
}

impl std::fmt::Display for Skipped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.line(Lang::En))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_step_and_reason_reads_in_both_languages() {
        let reasons = [
            SkipReason::NoHistory,
            SkipReason::NeedsForecast,
            SkipReason::NoSchools { pupils: 0 },
            SkipReason::NoSchools { pupils: 12 },
            SkipReason::NoDemand,
            SkipReason::NoResources,
            SkipReason::NoZonePolygons,
            SkipReason::NoCandidates { spacing_m: 1500.0 },
            SkipReason::NotRequested,
        ];
        for step in Step::ALL {
            for reason in &reasons {
                for stage in [None, Some(Stage::Junior)] {
                    let s = Skipped::new(step, stage, reason.clone());
                    let (zh, en) = (s.line(Lang::Zh), s.line(Lang::En));
                    assert!(!zh.contains('[') && !en.contains('['), "{zh} / {en}");
                    // Only file and column names are ASCII in the Chinese line.
                    let words: Vec<&str> = zh
                        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '_'))
                        .filter(|w| w.bytes().any(|b| b.is_ascii_alphabetic()))
                        .filter(|w| !w.ends_with(".csv"))
                        .collect();
                    assert!(words.is_empty(), "{zh}: {words:?}");
                }
            }
        }
        let s = Skipped::new(
            Step::Zones,
            Some(Stage::Junior),
            SkipReason::NoSchools { pupils: 0 },
        );
        assert_eq!(
            s.line(Lang::En),
            "zones junior: not run: no school of this stage; needs junior schools in schools.csv"
        );
        assert_eq!(
            s.line(Lang::Zh),
            "学区划分（初中）：未运行：没有该学段的学校；需提供：schools.csv 中学段为初中的学校"
        );
    }

    #[test]
    fn a_school_left_out_is_named_in_both_languages() {
        let reasons = [
            SkipReason::SchoolNoPupils {
                school_id: "SCH0040".into(),
            },
            SkipReason::SchoolNoEnrollment {
                school_id: "SCH0040".into(),
            },
        ];
        for reason in reasons {
            let s = Skipped::new(Step::Indicators, None, reason);
            assert_eq!(s.school(), Some("SCH0040"));
            for lang in [Lang::Zh, Lang::En] {
                let line = s.line(lang);
                assert!(line.contains("SCH0040") && !line.contains('['), "{line}");
            }
        }
        let s = Skipped::new(
            Step::Maps,
            Some(Stage::Primary),
            SkipReason::FigureFailed {
                figure: "zones_primary.png".into(),
                message: "nothing to draw".into(),
            },
        );
        assert_eq!(s.school(), None);
        assert!(s
            .line(Lang::En)
            .contains("zones_primary.png could not be drawn (nothing to draw)"));
        assert!(s.line(Lang::Zh).contains("无法绘制 zones_primary.png"));
    }
}
