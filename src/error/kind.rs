//! Every failure a script can see, by name: `--json`'s `error` field. Each kind has one exit
//! code and one line of meaning; the README's table and a test are made from [`ErrorKind::ALL`].

use crate::exit_codes::ExitCode;

macro_rules! kinds {
    ($( $variant:ident = $name:literal, $code:ident, $meaning:literal; )*) => {
        /// A stable, machine-readable name for a failure.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum ErrorKind { $( #[doc = $meaning] $variant, )* }

        impl ErrorKind {
            pub const ALL: &'static [ErrorKind] = &[$(ErrorKind::$variant),*];

            /// The name in `--json` output.
            pub fn name(self) -> &'static str {
                match self { $(ErrorKind::$variant => $name,)* }
            }

            /// The exit code a failure of this kind ends with.
            pub fn exit_code(self) -> ExitCode {
                match self { $(ErrorKind::$variant => ExitCode::$code,)* }
            }

            /// One line for the README's table.
            pub fn meaning(self) -> &'static str {
                match self { $(ErrorKind::$variant => $meaning,)* }
            }
        }
    };
}

kinds! {
    Internal = "internal", Internal, "a bug: please report it";
    StdoutFailed = "stdout_failed", Internal, "stdout could not be written (nothing secret was pending)";
    Usage = "usage", Usage, "the command line did not parse";
    InvalidClientId = "invalid_client_id", Usage, "a client id that cannot be sent safely";
    InvalidProjectId = "invalid_project_id", Usage, "a project id that cannot be sent safely";
    InvalidBaseUrl = "invalid_base_url", Usage, "a base URL that is not https (or http to this machine)";
    InvalidCaCert = "invalid_ca_cert", Usage, "--ca-cert is not a PEM file of CA certificates";
    InvalidCaBundle = "invalid_ca_bundle", Usage, "SSL_CERT_FILE / SSL_CERT_DIR gave no certificates";
    ConfirmationRequired = "confirmation_required", Usage, "a step needs --yes and there is no terminal to ask on";
    StdinUnreadable = "stdin_unreadable", Usage, "a secret was to come from stdin and could not be read";
    EmptyInput = "empty_input", Usage, "a secret was to come from stdin or a file and it was empty";
    PromptFailed = "prompt_failed", Usage, "the terminal prompt failed";
    RequestRejected = "request_rejected", Usage, "Stytch rejected the request as invalid (4xx)";
    ConfigInvalid = "config_invalid", Usage, "config.toml is malformed (the message says path:line:column)";
    ConfigUnreadable = "config_unreadable", Usage, "config.toml (or its directory) could not be read";
    InvalidProfileName = "invalid_profile_name", Usage, "a profile name that is not 1 to 64 of A-Z a-z 0-9 _ -";
    ProfileNotFound = "profile_not_found", Usage, "no profile of that name in config.toml";
    MissingProjectId = "missing_project_id", Credentials, "no project id was given";
    MissingSecret = "missing_secret", Credentials, "no project secret was given";
    InvalidSecret = "invalid_secret", Credentials, "the project secret is not valid text";
    Unauthorized = "unauthorized", Credentials, "Stytch rejected the project credentials (401/403)";
    NotLoggedIn = "not_logged_in", Credentials, "no profile, or a profile's project secret is not in the keyring";
    ClientNotFound = "client_not_found", NotFound, "Stytch has no such M2M client in this project";
    AlreadyRotating = "already_rotating", Conflict, "a rotation is already pending for the client";
    NotRotating = "not_rotating", Conflict, "no rotation is pending for the client";
    Locked = "locked", Conflict, "another stytch-m2m process holds this client's lock";
    ClientExists = "client_exists", Conflict, "clients create: a client with this id already exists; nothing was created";
    PreconditionFailed = "precondition_failed", Conflict, "an --expect-… guard did not hold; nothing was sent";
    ConnectionFailed = "connection_failed", Unavailable, "no connection to Stytch; nothing was sent";
    Timeout = "timeout", Unavailable, "a read request timed out";
    TlsFailed = "tls_failed", Unavailable, "the TLS handshake failed; nothing was sent";
    ClientSetupFailed = "client_setup_failed", Unavailable, "the HTTP client could not be set up (a proxy variable that cannot be used)";
    StytchError = "stytch_error", Unavailable, "Stytch failed (5xx) and the request provably did not take effect";
    RateLimited = "rate_limited", Unavailable, "Stytch is rate limiting the project";
    UnexpectedAnswer = "unexpected_answer", Unavailable, "an answer that is not Stytch's (a proxy or a wrong URL)";
    UnreadableAnswer = "unreadable_answer", Unavailable, "a read request's answer could not be read";
    OutcomeUnknown = "outcome_unknown", OutcomeUnknown, "a request that changes a client (a rotation step, create, delete) was sent and it is not known whether it took effect";
    UnreceivedSecretCancelled = "unreceived_secret_cancelled", OutcomeUnknown, "after a start with no clear answer, a rotation appeared whose secret this process never received (most likely its own); it was cancelled";
    UnreceivedClientDeleted = "unreceived_client_deleted", OutcomeUnknown, "clients create: no clear answer came, the client was found created, and it was deleted (nobody holds its secret)";
    StoreFailedAfterMint = "store_failed_after_mint", Store, "the new secret could not be stored; it was printed on stdout";
    SecretUndeliverable = "secret_undeliverable", Store, "the new secret could not be handed over anywhere";
    CreatedClientDeleted = "created_client_deleted", Store, "clients create: the new secret could not be kept, so the client just created was deleted";
    KeyringTimeout = "keyring_timeout", Store, "the keyring did not answer in time";
    KeyringLocked = "keyring_locked", Store, "the keyring is locked";
    KeyringUnavailable = "keyring_unavailable", Store, "there is no keyring (no session bus or no Secret Service)";
    KeyringFailed = "keyring_failed", Store, "the keyring failed";
    KeyringReadbackMismatch = "keyring_readback_mismatch", Store, "the keyring returned other bytes than were written";
    KeyringReadbackMissing = "keyring_readback_missing", Store, "the keyring accepted an entry but does not return it";
    KeyringPromoteFailed = "keyring_promote_failed", Store, "completed, but the keyring entry could not be promoted";
    SecretNotFound = "secret_not_found", Store, "no stored secret where one was expected";
    SecretFileExists = "secret_file_exists", Store, "--secret-file names a file that exists";
    SecretFileUnwritable = "secret_file_unwritable", Store, "--secret-file cannot be created";
    SecretFileFailed = "secret_file_failed", Store, "writing or reading the secret file failed";
    SecretFileMismatch = "secret_file_mismatch", Store, "the secret file does not hold what was written";
    SecretFileUnreadable = "secret_file_unreadable", Store, "a secret file to read could not be read";
    JournalUnwritable = "journal_unwritable", Store, "the journal cannot be written; nothing was sent";
    StateNotPrivate = "state_not_private", Store, "the state or lock directory, the journal or a lock file is a symlink or not this user's alone; nothing was sent";
    ConfigUnwritable = "config_unwritable", Store, "config.toml could not be written";
    VerificationFailed = "verification_failed", Verification, "the secret did not get an access token";
    WrongPendingSecret = "wrong_pending_secret", Verification, "the secret given is not the pending one";
    DeployFailed = "deploy_failed", DeployFailed, "rotate run: the deploy command failed";
    CheckFailed = "check_failed", DeployFailed, "rotate run: the check command never passed";
    HookFailed = "hook_failed", DeployFailed, "rotate run: the deploy or check command could not be started";
    SomeFailed = "some_failed", SomeFailed, "many clients: some failed or were not started (each one's code is in the output)";
    Deployed = "deployed", Conflict, "rotate cancel: this machine's journal shows a deploy of the pending secret began; nothing was sent";
    RecordUntrusted = "record_untrusted", Conflict, "--record: the client's rotation record was written by a newer version or is not one; nothing was sent";
    RecordNoRoom = "record_no_room", Conflict, "--record: the client's trusted_metadata has no room for the record (20 keys, 4 KB); nothing was sent";
    RunUnclear = "run_unclear", Conflict, "rotate run --resume: the journal and Stytch disagree; nothing was sent";
    DoctorFailed = "doctor_failed", Internal, "a doctor check failed (the exit code is the first failed check's)";
    Interrupted = "interrupted", Interrupted, "interrupted (SIGINT)";
    Declined = "declined", Interrupted, "declined at a prompt";
    HungUp = "hung_up", HungUp, "hung up (SIGHUP)";
    Terminated = "terminated", Terminated, "terminated (SIGTERM)";
}

#[cfg(test)]
mod tests {
    use super::ErrorKind;

    #[test]
    fn names_are_distinct_snake_case() {
        let mut names: Vec<&str> = ErrorKind::ALL.iter().map(|k| k.name()).collect();
        assert!(names
            .iter()
            .all(|n| n.chars().all(|c| c.is_ascii_lowercase() || c == '_')));
        names.sort_unstable();
        let n = names.len();
        names.dedup();
        assert_eq!(names.len(), n);
    }
}
