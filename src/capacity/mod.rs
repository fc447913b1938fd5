//! Class and classroom arithmetic: how many classes each grade needs at the caps, whether they fit
//! the school's classrooms and size cap, and how big classes get when rooms run out.
//!
//! Zones, forecast and siting all judge a school by these same rules, so they live here once.

mod classes;

pub use classes::{classes_needed, grade_classes, split_rooms, LoadCheck};
