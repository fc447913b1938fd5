//! National standards and project settings, in one place.
//!
//! Every threshold the engines use (class caps, school size caps, service radii, standard school
//! sizes, the quality-balance indicator thresholds) has its default here, with the document it comes
//! from named beside it ([`provenance`]). A project overrides any of them in `catchment.toml`:
//!
//! ```toml
//! [crs]
//! input = "gcj02"          # or "wgs84" (default), "EPSG:4547", ...
//!
//! [files]
//! students = "学生名单.xlsx"
//!
//! [standards]
//! class_cap_primary = 40   # 建标109-2008 rural long-term target
//!
//! [standards.service_radius_m]
//! primary = 2000           # rural county
//!
//! [options]
//! forecast.window = 4      # or a [forecast] table: window = 4
//! zones.count_expandable = true
//! ```
//!
//! Unknown keys are errors naming the closest known key, and every standard is range-checked.

mod closest;
mod defaults;
mod keys;
mod option_values;
mod settings;

pub use closest::{closest, edit_distance};
pub use defaults::{
    provenance, Provenance, ResourceThresholds, ServiceRadii, Standards, TRAVEL_YUAN_PER_PUPIL_M,
};
pub use keys::{range_problems, KNOWN_OPTIONS};
pub use option_values::{ForecastValues, OptionValues, ZoneValues};
pub use settings::{InputCrs, Settings, SettingsError};
