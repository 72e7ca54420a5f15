//! Stytch's M2M API: identifiers, response models and the HTTP client.

pub mod client;
pub mod create;
mod failure;
pub mod ids;
pub mod models;
pub mod pace;
mod proxy;
pub mod record;
pub mod search;
pub mod tls;

pub use client::{Client, Config, Op, RetryPolicy};
pub use ids::{ClientId, ProjectId};
