//! Integration tests: one binary, one module per area. `cli` drives the real `catchment` binary.

mod cli;
mod map;
