//! The engine options as `catchment.toml` writes them, typed when the file is read.
//!
//! Engines used to read `[options]` as raw TOML, each in its own way (and a typo'd type came out
//! only when that engine ran). Here every option key gets its type once, at load: a wrong type is
//! an error naming the file, the key and the value before any command runs. Ranges are checked
//! later, when these values and the command line's flags are resolved into each engine's typed
//! options (`catchment::options`), because a flag may replace a value written here.

/// Every engine option a project's `catchment.toml` set; `None` = not written there.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OptionValues {
    pub forecast: ForecastValues,
    pub zones: ZoneValues,
}

/// The `forecast.*` keys. Numbers are kept as written (an integer or a float); the resolver turns
/// them into counts and years.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ForecastValues {
    pub window: Option<f64>,
    pub smoothing: Option<f64>,
    pub shrinkage: Option<f64>,
    pub horizon: Option<f64>,
    pub base_year: Option<f64>,
    pub max_gap_years: Option<f64>,
    pub housing_ramp_years: Option<f64>,
    pub quantile_low: Option<f64>,
    pub quantile_high: Option<f64>,
    pub feeder: Option<String>,
    pub feeder_prior: Option<f64>,
    pub backtest_min_years: Option<f64>,
    pub model: Option<String>,
}

/// The `zones.*` keys.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ZoneValues {
    pub count_expandable: Option<bool>,
}

/// What a key's value must be, when it is not.
pub(super) type Expected = &'static str;

impl OptionValues {
    /// Store `value` under the known option `key`; `Err` says what the value must be.
    pub(super) fn set(&mut self, key: &str, value: &toml::Value) -> Result<(), Expected> {
        let f = &mut self.forecast;
        let slot = match key {
            "forecast.feeder" => return text(value).map(|v| f.feeder = Some(v)),
            "forecast.model" => return text(value).map(|v| f.model = Some(v)),
            "zones.count_expandable" => {
                let b = value.as_bool().ok_or("true or false")?;
                self.zones.count_expandable = Some(b);
                return Ok(());
            }
            "forecast.window" => &mut f.window,
            "forecast.smoothing" => &mut f.smoothing,
            "forecast.shrinkage" => &mut f.shrinkage,
            "forecast.horizon" => &mut f.horizon,
            "forecast.base_year" => &mut f.base_year,
            "forecast.max_gap_years" => &mut f.max_gap_years,
            "forecast.housing_ramp_years" => &mut f.housing_ramp_years,
            "forecast.quantile_low" => &mut f.quantile_low,
            "forecast.quantile_high" => &mut f.quantile_high,
            "forecast.feeder_prior" => &mut f.feeder_prior,
            "forecast.backtest_min_years" => &mut f.backtest_min_years,
            _ => return Err("a known option"),
        };
        *slot = Some(number(value)?);
        Ok(())
    }
}

fn number(value: &toml::Value) -> Result<f64, Expected> {
    match value {
        toml::Value::Integer(i) => Ok(*i as f64),
        toml::Value::Float(x) => Ok(*x),
        _ => Err("a number"),
    }
}

fn text(value: &toml::Value) -> Result<String, Expected> {
    value.as_str().map(str::to_string).ok_or("a quoted name")
}

#[cfg(test)]
mod tests {
    use super::super::KNOWN_OPTIONS;
    use super::*;

    #[test]
    fn every_known_option_has_a_typed_place() {
        for key in KNOWN_OPTIONS {
            let mut v = OptionValues::default();
            let ok = [
                toml::Value::Integer(3),
                toml::Value::String("learn".into()),
                toml::Value::Boolean(true),
            ]
            .iter()
            .any(|value| v.set(key, value).is_ok());
            assert!(ok, "{key} has no typed place");
            assert_ne!(v, OptionValues::default(), "{key} was not stored");
        }
    }

    #[test]
    fn wrong_types_say_what_is_expected() {
        let mut v = OptionValues::default();
        assert_eq!(
            v.set("forecast.window", &toml::Value::String("three".into())),
            Err("a number")
        );
        assert_eq!(
            v.set("zones.count_expandable", &toml::Value::Integer(1)),
            Err("true or false")
        );
        v.set("forecast.shrinkage", &toml::Value::Float(7.5))
            .unwrap();
        v.set("forecast.window", &toml::Value::Integer(4)).unwrap();
        assert_eq!(v.forecast.shrinkage, Some(7.5));
        assert_eq!(v.forecast.window, Some(4.0));
    }
}
