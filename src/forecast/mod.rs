//! Enrollment forecasting by school and grade (cohort survival, births, housing).
