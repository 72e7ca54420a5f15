//! The exit codes: part of the interface, documented in the README and tested one by one.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitCode {
    /// The command did what it was asked.
    Success,
    /// A bug or a failure we did not foresee.
    Internal,
    /// Bad usage or input: a clap error, an invalid client id, a missing `--yes` without a terminal.
    Usage,
    /// Credentials missing, or rejected by Stytch (401/403).
    Credentials,
    /// Stytch has no such M2M client.
    NotFound,
    /// The rotation is in the wrong state for this step (already rotating, or not rotating).
    Conflict,
    /// Stytch or the network failed and the request provably did not take effect.
    Unavailable,
    /// A request that changes a client (a rotation step, create, delete) was sent and no clear
    /// answer came back: it may or may not have happened.
    OutcomeUnknown,
    /// The keyring or the secret file failed.
    Store,
    /// The new secret did not get a token from Stytch.
    Verification,
    /// `rotate run`: the deploy or the check command failed.
    DeployFailed,
    /// Many clients: some of them failed or were not started (each one's code is in the output).
    SomeFailed,
    /// The terminal went away (SIGHUP), e.g. an SSH connection dropped.
    HungUp,
    /// Interrupted by SIGINT (Ctrl-C) or declined at a prompt.
    Interrupted,
    /// Terminated by SIGTERM.
    Terminated,
}

impl ExitCode {
    pub const ALL: [ExitCode; 15] = [
        ExitCode::Success,
        ExitCode::Internal,
        ExitCode::Usage,
        ExitCode::Credentials,
        ExitCode::NotFound,
        ExitCode::Conflict,
        ExitCode::Unavailable,
        ExitCode::OutcomeUnknown,
        ExitCode::Store,
        ExitCode::Verification,
        ExitCode::DeployFailed,
        ExitCode::SomeFailed,
        ExitCode::HungUp,
        ExitCode::Interrupted,
        ExitCode::Terminated,
    ];

    pub fn code(self) -> i32 {
        match self {
            ExitCode::Success => 0,
            ExitCode::Internal => 1,
            ExitCode::Usage => 2,
            ExitCode::Credentials => 3,
            ExitCode::NotFound => 4,
            ExitCode::Conflict => 5,
            ExitCode::Unavailable => 6,
            ExitCode::OutcomeUnknown => 7,
            ExitCode::Store => 8,
            ExitCode::Verification => 9,
            ExitCode::DeployFailed => 10,
            ExitCode::SomeFailed => 11,
            ExitCode::HungUp => 129,
            ExitCode::Interrupted => 130,
            ExitCode::Terminated => 143,
        }
    }

    /// One line for `--help` and the README table.
    pub fn meaning(self) -> &'static str {
        match self {
            ExitCode::Success => "success",
            ExitCode::Internal => "unexpected internal error",
            ExitCode::Usage => {
                "usage or bad input (invalid client id, missing --yes without a terminal)"
            }
            ExitCode::Credentials => "credentials missing or rejected (401/403)",
            ExitCode::NotFound => "M2M client not found",
            ExitCode::Conflict => "rotation state conflict (already rotating / not rotating)",
            ExitCode::Unavailable => "Stytch or network failure; the request did not take effect",
            ExitCode::OutcomeUnknown => {
                "outcome unknown: a request that changes a client got no clear answer"
            }
            ExitCode::Store => "secret store failure (keyring or file)",
            ExitCode::Verification => "new secret failed verification",
            ExitCode::DeployFailed => "rotate run: the deploy or check command failed",
            ExitCode::SomeFailed => "fleet: some clients failed",
            ExitCode::HungUp => "hung up (SIGHUP): the terminal or SSH session went away",
            ExitCode::Interrupted => "interrupted (SIGINT) or declined at a prompt",
            ExitCode::Terminated => "terminated (SIGTERM)",
        }
    }
}

/// The table printed at the end of `--help`.
pub fn help_table() -> String {
    let mut out = String::from("Exit codes:\n");
    for code in ExitCode::ALL {
        out.push_str(&format!("  {:<4} {}\n", code.code(), code.meaning()));
    }
    out.trim_end().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_distinct() {
        let mut codes: Vec<i32> = ExitCode::ALL.iter().map(|c| c.code()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), ExitCode::ALL.len());
    }
}
