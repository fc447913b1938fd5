//! The forecast model in the report's own language: which model was used, how it was chosen, its
//! backtested error beside the two baselines, and how often the band held the actual count.
//!
//! The forecast engine names its models by code (`cohort_sum3_damp1`, `textbook_csr3`), which
//! scripts and `--model` use. A reader of the report gets the method described in words instead,
//! built from the same code, so the Chinese report carries no English.

use crate::forecast::models::{BLEND, PERSISTENCE, TEXTBOOK};
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
    let mut words = model_words(&s.model, lang);
    if !s.blend.is_empty() {
        let parts: Vec<String> = s
            .blend
            .iter()
            .map(|(n, w)| format!("{} × {w:.2}", model_words(n, lang)))
            .collect();
        words = format!("{words}{}", msg(lang, "model_parts", &[&parts.join("; ")]));
    }
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
}
