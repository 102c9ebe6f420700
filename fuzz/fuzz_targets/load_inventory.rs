//! Fuzz target: see `privet_fuzz::inventory`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| privet_fuzz::inventory(data));
