//! Where a secret can be kept: the OS keyring, a new file, or (by default) stdout.
//!
//! Entries are named so that other tools find them: service `stytch-m2m`, user
//! `<project_id>/<client_id>` for the current secret and `<project_id>/<client_id>/next` for a
//! pending one (`secret-tool lookup service stytch-m2m username <project_id>/<client_id>/next`).
//! Each id is percent-encoded outside `[A-Za-z0-9._~-]`, so the mapping is injective: client
//! `x/next` is `…/x%2Fnext`, never client `x`'s pending entry. Real Stytch ids are unchanged.
//!
//! The project secret that `auth login` keeps is user `project:<project_id>` (the id encoded the
//! same way, so it never collides with a client's entry, whose user has no `:`).

pub mod file;
pub mod keyring;

use crate::stytch::{ClientId, ProjectId};

pub const SERVICE: &str = "stytch-m2m";

/// The keyring entry of a project's secret (`auth login`).
pub mod project {
    use super::SERVICE;
    use crate::stytch::ProjectId;

    pub fn user(project: &ProjectId) -> String {
        format!("project:{}", project.segment())
    }

    pub fn label(project: &ProjectId) -> String {
        format!("Stytch project secret for {project} (stytch-m2m)")
    }

    pub fn describe(project: &ProjectId) -> String {
        format!("keyring entry service={SERVICE} username={}", user(project))
    }
}

#[cfg(test)]
mod tests {
    use super::Slot;
    use crate::stytch::{ClientId, ProjectId};

    #[test]
    fn entry_names_are_injective() {
        let p = ProjectId::parse("project-test-1").unwrap();
        let x = ClientId::parse("x").unwrap();
        let x_next = ClientId::parse("x/next").unwrap();
        assert_eq!(Slot::Next.user(&p, &x), "project-test-1/x/next");
        assert_eq!(Slot::Current.user(&p, &x_next), "project-test-1/x%2Fnext");
        assert_ne!(Slot::Next.user(&p, &x), Slot::Current.user(&p, &x_next));
        assert_eq!(super::project::user(&p), "project:project-test-1");
        let odd = ProjectId::parse("project:x/y").unwrap();
        assert_eq!(super::project::user(&odd), "project:project%3Ax%2Fy");
        let real = ClientId::parse("m2m-client-test-0f1e2d3c-aaaa-4bbb-8ccc-123456789abc").unwrap();
        assert_eq!(
            Slot::Current.user(&p, &real),
            format!("project-test-1/{real}")
        );
    }
}

/// The two keyring entries of one client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    Current,
    Next,
}

impl Slot {
    pub fn user(self, project: &ProjectId, client: &ClientId) -> String {
        let (project, client) = (project.segment(), client.segment());
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
