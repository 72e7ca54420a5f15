//! stytch-m2m: rotate Stytch M2M client secrets without losing or leaking the one-time secret.
//!
//! `cli` (what the user types) → `app` (argv to exit code) → `rotate` (the workflow) →
//! `stytch` (typed HTTP client). Secrets cross module borders only inside [`redacted::Secret`].

pub mod app;
pub mod cli;
pub mod config;
pub mod doctor;
pub mod error;
pub mod exit_codes;
pub mod journal;
pub mod redacted;
pub mod rotate;
pub mod sanitize;
pub mod secret;
pub mod shell;
pub mod signals;
pub mod store;
pub mod stytch;
pub mod ui;
