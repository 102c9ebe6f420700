//! Fuzz target: see `privet_fuzz::policy`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| privet_fuzz::policy(data));
