//! stytch-m2m: rotate Stytch M2M client secrets without losing or leaking the one-time secret.
//!
//! `main` → `app` (parse, session, dispatch, exit code) → `commands` (one module per command:
//! one client, or many handed to `fleet`) → `fleet` (many clients: selection, the pool, progress)
//! → `rotation` (what one client's rotation does, step by step) → the shared modules: `stytch`
//! (typed HTTP client), `store` (keyring, file), `journal`, `config`, `ui`, `error` +
//! `exit_codes`, …. Arrows point down only (`tests/layers.rs`; docs/architecture.md). Secrets
//! cross module borders only inside [`redacted::Secret`]. Only what the tests and the binary use
//! is public; everything else is `pub(crate)`, so dead code is reported.

pub mod app;
pub mod cli;
pub(crate) mod commands;
pub(crate) mod config;
pub mod error;
pub mod exit_codes;
pub(crate) mod fleet;
pub(crate) mod inflight;
pub(crate) mod journal;
pub mod parse;
pub mod redacted;
pub(crate) mod rotation;
pub(crate) mod runtime;
pub mod sanitize;
pub(crate) mod shell;
pub(crate) mod signals;
pub(crate) mod store;
pub mod stytch;
pub(crate) mod ui;
