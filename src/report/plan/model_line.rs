//! The forecast model in the report's own language: which model was used, how it was chosen, its
//! backtested error beside the two baselines, and how often the band held the actual count.
//!
//! The forecast engine names its models by code (`cohort_sum3_damp1`, `textbook_csr3`), which
//! scripts and `--model` use. A reader of the report gets the method described in words instead,
//! built from the same code, so the Chinese report carries no English.

use crate::forecast::models::{BLEND, PERSISTENCE, SEGMENTS, TEXTBOOK};
use crate::forecast::selection::Selection;
use crate::report::i18n::msg;
use crate::report::Lang;

/// A model code described in words; a code this function does not know is shown as it is.
pub fn model_words(code: &str, lang: Lang) -> String {
    match code {
        PERSISTENCE => return msg(lang, "model_persistence", &[]),
        TEXTBOOK => return msg(lang, "model_textbook", &[]),
        BLEND => return msg(lang, "model_blend", &[]),
        _ => {}
    }
    let Some(rest) = code.strip_prefix("cohort_") else {
        return code.to_string();
    };
    let (averaging, rest) = if let Some(r) = rest.strip_prefix("sum") {
        ("model_sum", r)
    } else if let Some(r) = rest.strip_prefix("mean") {
        ("model_mean", r)
    } else {
        return code.to_string();
    };
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let mut parts = vec![msg(lang, averaging, &[&digits])];
    for tag in rest[digits.len()..].split('_').filter(|t| !t.is_empty()) {
        let key = match tag {
            "damp1" => "model_damp1",
            "dampc" => "model_dampc",
            "entry1" => "model_entry1",
            _ => return code.to_string(),
        };
        parts.push(msg(lang, key, &[]));
    }
    if digits.is_empty() {
        return code.to_string();
    }
    msg(lang, "model_cohort", &[&parts.join(lang.pick("，", ", "))])
}

/// The backtested school-level error of `name` by horizon, e.g. `0.9 / 1.4 / 1.6`.
fn mape(s: &Selection, name: &str) -> String {
    s.score(name).map_or_else(
        || "–".to_string(),
        |sc| {
            sc.school_mape_pct
                .iter()
                .map(|x| format!("{x:.1}"))
                .collect::<Vec<_>>()
                .join(" / ")
        },
    )
}

/// The model of one segment ([`SEGMENTS`]) in words, with its blend's parts and weights. A
/// selection made before models were chosen by segment names the whole model.
fn segment_words(s: &Selection, segment: &str, lang: Lang) -> String {
    let k = SEGMENTS.iter().position(|x| *x == segment).unwrap_or(0);
    let code = s
        .segment_models
        .get(k)
        .filter(|c| !c.is_empty())
        .unwrap_or(&s.model);
    let parts: Vec<String> = s
        .blend
        .iter()
        .filter(|p| p.segment == segment)
        .map(|p| format!("{} × {:.2}", model_words(&p.model, lang), p.weight))
        .collect();
    let mut words = model_words(code, lang);
    if !parts.is_empty() {
        words.push_str(&msg(
            lang,
            "model_parts",
            &[&parts.join(lang.pick("；", "; "))],
        ));
    }
    words
}

/// One paragraph on the forecast model.
pub fn model_paragraph(s: &Selection, lang: Lang) -> String {
    let how = msg(
        lang,
        if s.forced {
            "model_forced"
        } else {
            "model_chosen"
        },
        &[],
    );
    let words = if s.segment_models[0] == s.segment_models[1] && s.blend.is_empty() {
        model_words(&s.model, lang)
    } else {
        let [stable, changing] = SEGMENTS.map(|seg| segment_words(s, seg, lang));
        msg(lang, "model_segments", &[&stable, &changing])
    };
    let mut out = msg(
        lang,
        "model_line",
        &[
            &how,
            &words,
            &mape(s, &s.model),
            &mape(s, TEXTBOOK),
            &mape(s, PERSISTENCE),
        ],
    );
    let cover: Vec<String> = s
        .band
        .iter()
        .filter_map(|r| {
            let c = r.coverage_pct?;
            Some(msg(
                lang,
                "model_cover_year",
                &[&r.horizon.to_string(), &format!("{c:.0}")],
            ))
        })
        .collect();
    if !cover.is_empty() {
        out.push_str(&msg(
            lang,
            "model_cover",
            &[
                &format!("{:.0}", s.band_nominal_pct),
                &cover.join(lang.pick("，", ", ")),
            ],
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn model_codes_read_as_words_in_both_languages() {
        assert_eq!(
            model_words("cohort_sum3_damp1_entry1", Lang::Zh),
            "年级升级比例法（近3年比例合计，逐年向1收敛，起始年级按上一年招生）"
        );
        assert_eq!(
            model_words("cohort_mean5_dampc", Lang::En),
            "grade progression ratios (mean of the last 5 years' ratios, damped towards the county ratio)"
        );
        assert_eq!(model_words("textbook_csr3", Lang::Zh), "经典三年队列存活法");
        assert_eq!(model_words("cohort_sumx", Lang::Zh), "cohort_sumx");
        assert_eq!(model_words("other", Lang::En), "other");
        for code in crate::forecast::models::candidates()
            .iter()
            .map(|m| &m.name)
        {
            let zh = model_words(code, Lang::Zh);
            assert!(
                !zh.bytes().any(|b| b.is_ascii_alphabetic()),
                "{code} reads {zh}"
            );
        }
    }

    /// A model chosen per segment, with a blend in one of them, reads as words in both
    /// languages: each segment's model, the blend's parts and weights, the backtested errors
    /// beside both baselines and the band's coverage; no model code reaches the Chinese text.
    #[test]
    fn a_model_chosen_per_segment_is_described_in_words() {
        use crate::forecast::selection::{BandRow, BlendPart, ModelScore};
        let score = |name: &str, v: &[f64]| ModelScore {
            name: name.into(),
            school_mape_pct: v.to_vec(),
            n: vec![100; 3],
            score: v.iter().sum::<f64>() / 3.0,
        };
        let name = "stable: blend; changing: cohort_sum2_damp1";
        let part = |model: &str, weight: f64| BlendPart {
            model: model.into(),
            segment: "stable".into(),
            weight,
        };
        let s = Selection {
            model: name.into(),
            segment_models: ["blend".into(), "cohort_sum2_damp1".into()],
            blend: vec![part(PERSISTENCE, 0.4), part("cohort_mean3_dampc", 0.6)],
            scores: vec![
                score(name, &[6.3, 9.6, 12.9]),
                score(TEXTBOOK, &[7.0, 11.2, 15.6]),
                score(PERSISTENCE, &[11.2, 17.4, 21.7]),
            ],
            band: vec![BandRow {
                horizon: 1,
                school: [0.92, 1.09],
                segments: [[0.92, 1.09]; 2],
                county: [0.99, 1.01],
                coverage_pct: Some(77.7),
                coverage_n: 1020,
            }],
            band_nominal_pct: 80.0,
            ..Selection::default()
        };
        let en = model_paragraph(&s, Lang::En);
        for part in [
            "chosen by backtest",
            "for stable schools a weighted blend of models (persistence (next year = this year) × 0.40; ",
            "for new, growing or changing schools grade progression ratios (ratio of sums over the last 2 years, damped towards 1)",
            "6.3 / 9.6 / 12.9 % (textbook 3-year cohort survival 7.0 / 11.2 / 15.6 %, persistence baseline 11.2 / 17.4 / 21.7 %)",
            "inside the 80 % band: year 1 78 %",
        ] {
            assert!(en.contains(part), "lacks '{part}': {en}");
        }
        let zh = model_paragraph(&s, Lang::Zh);
        assert!(!zh.bytes().any(|b| b.is_ascii_alphabetic()), "{zh}");
        assert!(
            zh.contains("稳定的学校用多个模型的加权组合") && zh.contains("× 0.60"),
            "{zh}"
        );
    }
}
