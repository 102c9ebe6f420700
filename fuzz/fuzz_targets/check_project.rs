//! Fuzz target: see `privet_fuzz::check_project`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| privet_fuzz::check_project(data));
