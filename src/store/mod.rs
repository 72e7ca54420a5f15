//! Where a secret can be kept: the OS keyring, a new file, or (by default) stdout.
//!
//! Entries are named so that other tools find them: service `stytch-m2m`, user
//! `<project_id>/<client_id>` for the current secret and `<project_id>/<client_id>/next` for a
//! pending one (`secret-tool lookup service stytch-m2m username <project_id>/<client_id>/next`).

pub mod file;
pub mod keyring;

use crate::stytch::{ClientId, ProjectId};

pub const SERVICE: &str = "stytch-m2m";

/// The two keyring entries of one client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    Current,
    Next,
}

impl Slot {
    pub fn user(self, project: &ProjectId, client: &ClientId) -> String {
        match self {
            Slot::Current => format!("{project}/{client}"),
            Slot::Next => format!("{project}/{client}/next"),
        }
    }

    pub fn label(self, project: &ProjectId, client: &ClientId) -> String {
        match self {
            Slot::Current => format!("Stytch M2M client secret for {client} ({project})"),
            Slot::Next => {
                format!("Stytch M2M next client secret for {client} ({project}), rotation pending")
            }
        }
    }

    pub fn describe(self, project: &ProjectId, client: &ClientId) -> String {
        format!(
            "keyring entry service={SERVICE} username={}",
            self.user(project, client)
        )
    }
}
