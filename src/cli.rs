//! What the user types: the whole clap definition, and nothing else.

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "stytch-m2m",
    version,
    about = "Rotate Stytch M2M client secrets without losing or leaking the one-time secret",
    long_about = "Rotate Stytch machine-to-machine (M2M) client secrets.\n\n\
        A rotation has three steps: `rotate start` mints the next secret (shown once, ever), \
        every consumer switches to it, then `rotate complete` retires the old one \
        (or `rotate cancel` discards the new one).\n\n\
        Credentials: `auth login` keeps the project secret in the OS keyring under a profile; \
        in CI, STYTCH_PROJECT_ID and STYTCH_SECRET (or --secret-stdin).",
    after_help = crate::exit_codes::help_table(),
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Stytch project id (project-test-… or project-live-…)
    #[arg(
        long,
        global = true,
        env = "STYTCH_PROJECT_ID",
        hide_env_values = true,
        value_name = "ID"
    )]
    pub project_id: Option<String>,

    /// Use this profile of config.toml (made by `auth login`) instead of the default one
    #[arg(
        long,
        global = true,
        env = "STYTCH_M2M_PROFILE",
        hide_env_values = true,
        value_name = "NAME"
    )]
    pub profile: Option<String>,

    /// Read the project secret from the first line of stdin instead of STYTCH_SECRET
    #[arg(long, global = true)]
    pub secret_stdin: bool,

    /// Stytch API base URL [default: https://api.stytch.com for live projects, https://test.stytch.com otherwise]
    #[arg(
        long,
        global = true,
        env = "STYTCH_BASE_URL",
        hide_env_values = true,
        value_name = "URL"
    )]
    pub base_url: Option<String>,

    /// Also trust this CA certificate (PEM), e.g. a TLS-inspecting proxy's
    #[arg(
        long,
        global = true,
        env = "STYTCH_CA_CERT",
        hide_env_values = true,
        value_name = "PATH"
    )]
    pub ca_cert: Option<PathBuf>,

    /// Seconds to wait for each request to Stytch
    #[arg(long, global = true, value_name = "SECONDS", default_value = "30", value_parser = parse_timeout)]
    pub timeout: Duration,

    /// Seconds to wait for each keyring call (a locked keyring may wait for an unlock prompt)
    #[arg(long, global = true, value_name = "SECONDS", default_value = "10", value_parser = parse_timeout)]
    pub keyring_timeout: Duration,

    /// Print one JSON object: the result on stdout, or the error on stderr
    #[arg(long, global = true)]
    pub json: bool,

    /// Print no progress or summary lines on stderr (errors and warnings still print)
    #[arg(long, short, global = true)]
    pub quiet: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start, complete, cancel or inspect a client secret rotation
    #[command(subcommand)]
    Rotate(RotateCommand),

    /// Read or delete a client secret kept in the OS keyring
    #[command(subcommand)]
    Secret(SecretCommand),

    /// Keep the project secret in the OS keyring, under named profiles (login, status, logout, switch)
    #[command(subcommand)]
    Auth(AuthCommand),

    /// Print a shell completion script (bash, zsh, fish, powershell, elvish)
    #[command(
        after_help = "Examples:\n  stytch-m2m completions bash > ~/.local/share/bash-completion/completions/stytch-m2m\n  \
        stytch-m2m completions zsh > \"${fpath[1]}/_stytch-m2m\"\n  \
        stytch-m2m completions fish > ~/.config/fish/completions/stytch-m2m.fish"
    )]
    Completions(CompletionsArgs),

    /// Check credentials, the connection to Stytch and the keyring, with a fix for each problem
    #[command(after_help = "Example:\n  stytch-m2m doctor --client-id m2m-client-test-…")]
    Doctor(DoctorArgs),
}

#[derive(Debug, Subcommand)]
pub enum AuthCommand {
    /// Prove a project id and secret against Stytch, then keep the secret in the OS keyring
    #[command(
        after_help = "The profile is --profile NAME, else `live` or `test` after the project id.\n\n\
        Examples:\n  stytch-m2m auth login\n  \
        stytch-m2m auth login --profile live --project-id project-live-…\n  \
        printf '%s\\n' \"$STYTCH_SECRET\" | stytch-m2m auth login --project-id project-test-… --secret-stdin"
    )]
    Login(AuthLoginArgs),

    /// Show each profile: project, base URL, where the secret comes from, and whether it works
    #[command(
        after_help = "Exit 0 only if the profile asked about (or the default one) works.\n\n\
        Examples:\n  stytch-m2m auth status\n  stytch-m2m auth status --profile live --json"
    )]
    Status(AuthStatusArgs),

    /// Remove a profile and its project secret from the keyring
    #[command(after_help = "Example:\n  stytch-m2m auth logout --profile test --yes")]
    Logout(AuthLogoutArgs),

    /// Make a profile the default
    #[command(after_help = "Example:\n  stytch-m2m auth switch live")]
    Switch(AuthSwitchArgs),
}

#[derive(Debug, Args)]
pub struct AuthLoginArgs {
    /// Replace an existing profile without asking (required without a terminal)
    #[arg(long, short)]
    pub yes: bool,
}

#[derive(Debug, Args)]
pub struct AuthStatusArgs {
    /// Send nothing: do not check that the credentials work
    #[arg(long)]
    pub offline: bool,
}

#[derive(Debug, Args)]
pub struct AuthLogoutArgs {
    /// Do not ask for confirmation (required without a terminal)
    #[arg(long, short)]
    pub yes: bool,
}

#[derive(Debug, Args)]
pub struct AuthSwitchArgs {
    /// The profile to make the default
    #[arg(value_name = "NAME")]
    pub name: String,
}

#[derive(Debug, Subcommand)]
pub enum SecretCommand {
    /// Print a stored secret on stdout, for scripts
    #[command(
        after_help = "Example:\n  stytch-m2m secret get --client-id m2m-client-test-… --next | deploy-tool set-secret"
    )]
    Get(SecretArgs),

    /// Delete a stored secret from the keyring
    #[command(
        after_help = "Example:\n  stytch-m2m secret delete --client-id m2m-client-test-… --next --yes"
    )]
    Delete(SecretDeleteArgs),
}

#[derive(Debug, Args)]
pub struct SecretArgs {
    #[command(flatten)]
    pub client: ClientArgs,

    /// The pending (next) secret instead of the current one
    #[arg(long)]
    pub next: bool,
}

#[derive(Debug, Args)]
pub struct SecretDeleteArgs {
    #[command(flatten)]
    pub secret: SecretArgs,

    /// Do not ask for confirmation (required without a terminal)
    #[arg(long, short)]
    pub yes: bool,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct DoctorArgs {
    /// Also check that this client exists and show its rotation state
    #[arg(long, value_name = "ID")]
    pub client_id: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum RotateCommand {
    /// Mint the next secret; old and new both work until `complete` or `cancel`
    #[command(
        after_help = "Example:\n  stytch-m2m rotate start --client-id m2m-client-test-… | gh secret set STYTCH_CLIENT_SECRET"
    )]
    Start(StartArgs),

    /// Prove the next secret gets a token, then make it the only secret; the old one stops working
    #[command(
        after_help = "Examples:\n  stytch-m2m rotate complete --client-id m2m-client-test-…\n  \
        stytch-m2m rotate complete --client-id m2m-client-test-… --next-secret-file next-secret\n  \
        stytch-m2m rotate complete --client-id m2m-client-test-… --yes --next-secret-stdin < next-secret"
    )]
    Complete(CompleteArgs),

    /// Discard the next secret; the current one keeps working
    #[command(
        after_help = "Example:\n  stytch-m2m rotate cancel --client-id m2m-client-test-… --yes"
    )]
    Cancel(ConfirmArgs),

    /// Show whether a rotation is pending, the last four of each secret, and the next step
    #[command(after_help = "Example:\n  stytch-m2m rotate status --client-id m2m-client-test-…")]
    Status(ClientArgs),
}

#[derive(Debug, Args)]
pub struct ClientArgs {
    /// The M2M client's id (m2m-client-test-… or m2m-client-live-…)
    #[arg(long, value_name = "ID")]
    pub client_id: String,
}

#[derive(Debug, Args)]
pub struct StartArgs {
    #[command(flatten)]
    pub client: ClientArgs,

    /// Store the new secret in the OS keyring instead of printing it
    #[arg(long, conflicts_with = "secret_file")]
    pub keyring: bool,

    /// Write the new secret to this new file (mode 0600; never overwrites) instead of printing it
    #[arg(long, value_name = "PATH")]
    pub secret_file: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CompleteArgs {
    #[command(flatten)]
    pub confirm: ConfirmArgs,

    /// Read the pending secret to verify from stdin instead of the keyring (hidden at a terminal)
    #[arg(long, conflicts_with_all = ["skip_verify", "secret_stdin", "next_secret_file"])]
    pub next_secret_stdin: bool,

    /// Read the pending secret to verify from this file (as `rotate start --secret-file` wrote it)
    #[arg(long, value_name = "PATH", conflicts_with = "skip_verify")]
    pub next_secret_file: Option<PathBuf>,

    /// Complete without proving that the pending secret gets a token (not recommended)
    #[arg(long)]
    pub skip_verify: bool,
}

#[derive(Debug, Args)]
pub struct ConfirmArgs {
    #[command(flatten)]
    pub client: ClientArgs,

    /// Do not ask for confirmation (required without a terminal)
    #[arg(long, short)]
    pub yes: bool,
}

/// The completion script for `shell`, as `completions SHELL` prints it and `completions/` holds it.
pub fn completion_script(shell: clap_complete::Shell) -> Vec<u8> {
    let mut out = Vec::new();
    clap_complete::generate(
        shell,
        &mut <Cli as clap::CommandFactory>::command(),
        "stytch-m2m",
        &mut out,
    );
    if shell == clap_complete::Shell::Bash {
        // clap_complete spells the state of a hyphenated binary two ways, so no subcommand's
        // options ever complete (clap-rs/clap#6421). Make the case arms match the loop.
        // scripts/check-completions.sh proves the result completes in a real bash.
        out = String::from_utf8(out)
            .expect("clap_complete writes UTF-8")
            .replace("stytch__subcmd__m2m", "stytch__m2m")
            .into_bytes();
    }
    out
}

fn parse_timeout(s: &str) -> Result<Duration, String> {
    let secs: f64 = s
        .trim()
        .parse()
        .map_err(|_| format!("{s:?} is not a number of seconds"))?;
    if !(secs > 0.0 && secs <= 600.0) {
        return Err("the timeout must be more than 0 and at most 600 seconds".into());
    }
    Ok(Duration::from_secs_f64(secs))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn timeout_bounds() {
        assert!(parse_timeout("0").is_err());
        assert!(parse_timeout("nan").is_err());
        assert!(parse_timeout("601").is_err());
        assert_eq!(parse_timeout("0.5").unwrap(), Duration::from_millis(500));
    }
}
