//! Settings resolved once, as uv does: the option values of `catchment.toml` (typed when the file
//! is read, [`crate::standards::OptionValues`]) and the command line's flags become each engine's
//! typed options here, once per command, before any engine runs.
//!
//! Engines used to read `[options]` themselves (the forecaster flattened the raw TOML, `zones` read
//! `zones.count_expandable` as a raw value, `plan` ignored both). Now an engine is given its
//! options ([`ForecastOptions`], [`ZoneOptions`] from [`Options::zone_options`]) and never sees
//! TOML or a flag. Precedence: a flag, else `catchment.toml`, else the engine's default.

use crate::forecast::{ForecastError, ForecastOptions};
use crate::model::Stage;
use crate::standards::{ForecastValues, Settings};
use crate::zones::{Method, ZoneOptions};

/// The command line's values for options that `catchment.toml` also sets; `None` = not given.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Flags {
    /// Forecast years (`forecast.horizon`).
    pub horizon: Option<u32>,
    /// The forecast's base year (`forecast.base_year`).
    pub base_year: Option<i32>,
    /// A forecast model forced by name (`forecast.model`).
    pub model: Option<String>,
}

/// Every engine's options for one run, resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    pub forecast: ForecastOptions,
    /// `zones.count_expandable`: zones count `expandable_classrooms` as rooms (default false).
    pub count_expandable: bool,
}

impl Options {
    /// `settings`' options with `flags` over them, each range-checked.
    pub fn resolve(settings: &Settings, flags: &Flags) -> Result<Options, ForecastError> {
        let mut forecast = forecast_from(&settings.options.forecast)?;
        if let Some(h) = flags.horizon {
            forecast.horizon = h;
        }
        if let Some(b) = flags.base_year {
            forecast.base_year = Some(b);
        }
        if let Some(m) = &flags.model {
            forecast.model = Some(m.clone());
        }
        forecast.validate()?;
        Ok(Options {
            forecast,
            count_expandable: settings.options.zones.count_expandable.unwrap_or(false),
        })
    }

    /// `settings`' options alone (no flags).
    pub fn from_settings(settings: &Settings) -> Result<Options, ForecastError> {
        Options::resolve(settings, &Flags::default())
    }

    /// The zones engine's options for `stage` and `method`, with the project's room rule.
    pub fn zone_options(&self, stage: Stage, method: Method) -> ZoneOptions {
        let mut o = ZoneOptions::new(stage, method);
        o.count_expandable = self.count_expandable;
        o
    }
}

/// The forecaster's defaults with the values `catchment.toml` gave.
fn forecast_from(v: &ForecastValues) -> Result<ForecastOptions, ForecastError> {
    let mut o = ForecastOptions::default();
    let set = |slot: &mut f64, value: Option<f64>| {
        if let Some(x) = value {
            *slot = x;
        }
    };
    set(&mut o.smoothing, v.smoothing);
    set(&mut o.shrinkage_k, v.shrinkage);
    set(&mut o.quantile_low, v.quantile_low);
    set(&mut o.quantile_high, v.quantile_high);
    set(&mut o.feeder_prior, v.feeder_prior);
    if let Some(x) = v.window {
        o.window = x.max(0.0) as usize;
    }
    if let Some(x) = v.horizon {
        o.horizon = x.max(0.0) as u32;
    }
    if let Some(x) = v.base_year {
        o.base_year = Some(x as i32);
    }
    if let Some(x) = v.max_gap_years {
        o.max_gap_years = x as i32;
    }
    if let Some(x) = v.housing_ramp_years {
        o.housing_ramp_years = x.max(0.0) as u32;
    }
    if let Some(x) = v.backtest_min_years {
        o.backtest_min_years = x.max(1.0) as usize;
    }
    o.model = v.model.clone();
    if let Some(name) = &v.feeder {
        o.feeder = feeder(name)?;
    }
    Ok(o)
}

fn feeder(name: &str) -> Result<crate::forecast::FeederMethod, ForecastError> {
    use crate::forecast::FeederMethod;
    match name {
        "learn" => Ok(FeederMethod::Learn),
        "nearest" => Ok(FeederMethod::Nearest),
        _ => Err(ForecastError::BadOption {
            key: "forecast.feeder".into(),
            value: format!("{name:?}"),
            hint: "use \"learn\" or \"nearest\"".into(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::forecast::FeederMethod;

    fn settings(text: &str) -> Settings {
        Settings::from_toml(text, "catchment.toml").unwrap()
    }

    #[test]
    fn settings_override_defaults() {
        let s = settings("[options]\n\"forecast.window\" = 5\n\"forecast.feeder\" = \"nearest\"\n");
        let o = Options::from_settings(&s).unwrap().forecast;
        assert_eq!(o.window, 5);
        assert_eq!(o.feeder, FeederMethod::Nearest);
        assert_eq!(o.horizon, 6);
        let s = settings("[options]\nforecast.window = 4\n");
        assert_eq!(Options::from_settings(&s).unwrap().forecast.window, 4);
        let s = settings("[options.forecast]\nshrinkage = 7\n");
        assert_eq!(
            Options::from_settings(&s).unwrap().forecast.shrinkage_k,
            7.0
        );
        let s = settings("[zones]\ncount_expandable = true\n");
        let o = Options::from_settings(&s).unwrap();
        assert!(
            o.zone_options(Stage::Primary, Method::Capacitated)
                .count_expandable
        );
        assert!(
            !Options::from_settings(&Settings::default())
                .unwrap()
                .count_expandable
        );
    }

    #[test]
    fn flags_win_over_the_file_and_are_range_checked_with_it() {
        let s = settings("[forecast]\nhorizon = 9\nbase_year = 2020\nmodel = \"persistence\"\n");
        let o = Options::from_settings(&s).unwrap().forecast;
        assert_eq!((o.horizon, o.base_year), (9, Some(2020)));
        assert_eq!(o.model.as_deref(), Some("persistence"));
        let flags = Flags {
            horizon: Some(3),
            base_year: Some(2022),
            model: None,
        };
        let o = Options::resolve(&s, &flags).unwrap().forecast;
        assert_eq!((o.horizon, o.base_year), (3, Some(2022)));
        assert_eq!(o.model.as_deref(), Some("persistence"));
        let flags = Flags {
            horizon: Some(13),
            ..Flags::default()
        };
        assert!(matches!(
            Options::resolve(&s, &flags),
            Err(ForecastError::Horizon { value: 13, .. })
        ));
    }

    #[test]
    fn bad_values_are_errors_naming_the_key() {
        let e = Options::from_settings(&settings("[forecast]\nwindow = 0\n")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "option 'forecast.window' value '0': use 1-20 years"
        );
        let e = Options::from_settings(&settings("[forecast]\nfeeder = \"nearst\"\n")).unwrap_err();
        assert!(e.to_string().contains("forecast.feeder"), "{e}");
        let s = settings("[options]\n\"forecast.horizon\" = 13\n");
        assert!(Options::from_settings(&s).is_err());
        let s = settings("[forecast]\nmodel = \"no_such_model\"\n");
        assert!(matches!(
            Options::from_settings(&s),
            Err(ForecastError::UnknownModel { .. })
        ));
    }
}
