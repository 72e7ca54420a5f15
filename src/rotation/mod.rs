//! What one client's rotation does, whichever path asked for it (one `--client-id`, or one
//! client of a fleet).

pub mod complete;
pub mod journaled;
mod mint;
pub mod on_client;
pub mod run;
pub mod start;
