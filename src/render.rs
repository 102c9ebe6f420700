//! Rendering diagnostics for people and programs.

pub mod human;
