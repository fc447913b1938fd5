//! Where to build new schools and kindergartens, how big, and by when.
//!
//! [`site`] plans new schools so that every class and school stays under its cap in every forecast
//! year (on the forecast it is given); [`sizing`] picks a new school's standard size. The generic
//! p-median / facility-location engine of `catchment locate` is [`crate::locate`].

pub mod site;
pub mod sizing;
