//! stytch-m2m: rotate Stytch M2M client secrets without losing or leaking the one-time secret.
//!
//! `main` → `app` (parse, session, dispatch, exit code) → `commands` (one module per command; the
//! only layer that knows both Stytch and the stores) → `stytch` (typed HTTP client), `store`
//! (keyring, file) → `error` + `exit_codes`. Secrets cross module borders only inside
//! [`redacted::Secret`].

pub mod app;
pub mod cli;
pub mod commands;
pub mod config;
pub mod error;
pub mod exit_codes;
pub mod inflight;
pub mod journal;
pub mod parse;
pub mod redacted;
pub mod sanitize;
pub mod shell;
pub mod signals;
pub mod store;
pub mod stytch;
pub mod ui;
