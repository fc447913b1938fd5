//! Steps of the plan that could not run on this project, each with the input it needs.
//!
//! A county folder rarely has every table: only primary schools, no history, no resources. The plan
//! runs every step that has its inputs and lists the others here, so the report says, one line
//! each, what was left out and what would let it run — instead of stopping, or leaving a section
//! silently empty.

use super::Step;
use crate::model::Stage;

/// Why a step (or one stage of it) did not run.
#[derive(Debug, Clone, PartialEq, Eq)]
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
    /// Zones were drawn, but every one has fewer pupils than may be published (privacy), so there
    /// is no zones map.
    ZonesUnpublishable { min_pupils: u32 },
    /// The engine found nothing it could do, in its own words (e.g. no candidate site).
    Engine { message: String },
}

/// One step, or one stage of a step, that did not run.
#[derive(Debug, Clone, PartialEq, Eq)]
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
    pub fn needs(&self, lang: &str) -> String {
        let zh = lang == "zh";
        let stage = self.stage.map(|s| s.as_str()).unwrap_or("");
        match &self.reason {
            SkipReason::NoHistory | SkipReason::NeedsForecast => pick(
                zh,
                "history.csv（在校生历史：school_id, year, grade, enrolled）",
                "history.csv (enrollment history: school_id, year, grade, enrolled)",
            ),
            SkipReason::NoSchools { .. } => {
                if zh {
                    format!("schools.csv 中学段为 {stage} 的学校")
                } else {
                    format!("{stage} schools in schools.csv")
                }
            }
            SkipReason::NoDemand => {
                if zh {
                    format!("students.csv 中有住址位置的 {stage} 学生，或带人数的 units")
                } else {
                    format!("{stage} students with a home position in students.csv, or units with counts")
                }
            }
            SkipReason::NoResources => pick(
                zh,
                "resources.csv（各校教师、面积、设备与专用教室）",
                "resources.csv (teachers, areas, equipment and rooms per school)",
            ),
            SkipReason::NoZonePolygons => pick(
                zh,
                "units（规划单元面或点）或有位置的学生",
                "units (planning unit polygons or points) or located students",
            ),
            SkipReason::ZonesUnpublishable { min_pupils } => {
                if zh {
                    format!("每个学区至少 {min_pupils} 名学生")
                } else {
                    format!("zones of at least {min_pupils} pupils each")
                }
            }
            SkipReason::Engine { .. } => pick(zh, "见原因", "see the reason"),
        }
    }

    /// Why it did not run.
    pub fn why(&self, lang: &str) -> String {
        let zh = lang == "zh";
        match &self.reason {
            SkipReason::NoHistory => pick(zh, "没有在校生历史", "no enrollment history"),
            SkipReason::NeedsForecast => pick(
                zh,
                "需要预测，预测未运行",
                "needs the forecast, which did not run",
            ),
            SkipReason::NoSchools { pupils: 0 } => {
                pick(zh, "没有该学段的学校", "no school of this stage")
            }
            SkipReason::NoSchools { pupils } => {
                if zh {
                    format!("有 {pupils} 名该学段学生，但没有该学段的学校")
                } else {
                    format!("{pupils} pupils of this stage and no school of it")
                }
            }
            SkipReason::NoDemand => {
                pick(zh, "没有该学段的学生", "no pupils of this stage to place")
            }
            SkipReason::NoResources => pick(zh, "没有办学资源表", "no resources table"),
            SkipReason::NoZonePolygons => pick(zh, "没有可绘制的学区", "no zone could be drawn"),
            SkipReason::ZonesUnpublishable { min_pupils } => {
                if zh {
                    format!("每个学区都少于 {min_pupils} 名学生，不能公开")
                } else {
                    format!("every zone has fewer than {min_pupils} pupils, so none may be published")
                }
            }
            SkipReason::Engine { message } => message.clone(),
        }
    }

    /// One line for the report and the terminal: `zones junior: not run: ...; needs ...`.
    pub fn line(&self, lang: &str) -> String {
        let what = match self.stage {
            Some(s) => format!("{} {s}", self.step.label()),
            None => self.step.label().to_string(),
        };
        if lang == "zh" {
            format!(
                "{what}：未运行：{}；需要 {}",
                self.why(lang),
                self.needs(lang)
            )
        } else {
            format!(
                "{what}: not run: {}; needs {}",
                self.why(lang),
                self.needs(lang)
            )
        }
    }
}

impl std::fmt::Display for Skipped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.line("en"))
    }
}

fn pick(zh: bool, a: &str, b: &str) -> String {
    if zh { a } else { b }.to_string()
}
