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
        (or `rotate cancel` discards the new one). `rotate run` does the whole cycle in one command, \
        handing the new secret to your deploy command; `history` shows what this machine did.\n\n\
        Credentials: `auth login` keeps the project secret in the OS keyring under a profile; \
        in CI, STYTCH_PROJECT_ID and STYTCH_SECRET (or --secret-stdin).",
    after_help = after_help(),
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
#[command(next_help_heading = "Global options")]
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
// Parsed once per process: boxing the larger variants would buy nothing.
#[allow(clippy::large_enum_variant)]
pub enum Command {
    /// Start, complete, cancel or inspect a client secret rotation
    #[command(subcommand)]
    Rotate(RotateCommand),

    /// Read, delete or verify a client secret (verify: does it still get a token?)
    #[command(subcommand)]
    Secret(SecretCommand),

    /// Print an access token for a client, got with its stored secret (never the secret itself)
    #[command(after_help = "Examples:\n  \
        stytch-m2m token --client-id m2m-client-test-…\n  \
        stytch-m2m token --client-id m2m-client-test-… --next --scope read:users\n  \
        curl -fsS -H \"Authorization: Bearer $(stytch-m2m token --client-id m2m-client-test-… --next)\" https://api.example.com/health")]
    Token(TokenArgs),

    /// Keep the project secret in the OS keyring, under named profiles (login, status, logout, switch)
    #[command(subcommand)]
    Auth(AuthCommand),

    /// List the project's M2M clients and their rotation state; create or delete one
    #[command(subcommand)]
    Clients(ClientsCommand),

    /// Print a shell completion script (bash, zsh, fish, powershell, elvish)
    #[command(after_help = "Examples:\n  \
        mkdir -p ~/.local/share/bash-completion/completions\n  \
        stytch-m2m completions bash > ~/.local/share/bash-completion/completions/stytch-m2m\n  \
        mkdir -p ~/.zfunc   # and in ~/.zshrc, before compinit: fpath+=(~/.zfunc)\n  \
        stytch-m2m completions zsh > ~/.zfunc/_stytch-m2m\n  \
        mkdir -p ~/.config/fish/completions\n  \
        stytch-m2m completions fish > ~/.config/fish/completions/stytch-m2m.fish")]
    Completions(CompletionsArgs),

    /// Show what this machine's journal recorded: who rotated which client, when, and how it ended
    #[command(
        after_help = "Examples:\n  stytch-m2m history\n  stytch-m2m history --client-id m2m-client-test-… --limit 5 --json"
    )]
    History(HistoryArgs),

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
pub enum ClientsCommand {
    /// A table of clients: id, name, status, last four of the secret and of a pending one
    #[command(after_help = "Examples:\n  stytch-m2m clients list\n  \
        stytch-m2m clients list --pending\n  \
        stytch-m2m clients list --scope admin --json")]
    List(ListArgs),

    /// Create a client and keep its one-time secret as `rotate start` keeps a new one: in the
    /// keyring, a new file, or on stdout; then prove it gets a token
    #[command(after_help = "Examples:\n  \
        stytch-m2m clients create --name orders-api --scope read:orders --keyring\n  \
        stytch-m2m clients create --name billing --scope read:users --scope write:users --secret-file ./billing-secret --json\n  \
        stytch-m2m token --client-id \"$(stytch-m2m clients create --name ci --scope deploy --keyring)\"\n\n\
        The client id is made here (m2m-client-test-… or m2m-client-live-…, after the project) unless \
        --client-id names one, so an answer that never comes is settled by reading that id: a client \
        that was created anyway is deleted, as nobody holds its secret.")]
    Create(CreateArgs),

    /// Delete a client: its secrets stop getting tokens (tokens already issued stay valid until they expire)
    #[command(
        after_help = "Example:\n  stytch-m2m clients delete --client-id m2m-client-test-… --yes"
    )]
    Delete(ClientDeleteArgs),
}

#[derive(Debug, Args)]
#[command(mut_args(create_flags))]
pub struct CreateArgs {
    /// The new client's name (client_name)
    #[arg(long, value_name = "NAME")]
    pub name: String,

    /// A scope to give the client (repeatable; at least one)
    #[arg(long = "scope", value_name = "SCOPE", required = true)]
    pub scopes: Vec<String>,

    /// The new client's description (client_description)
    #[arg(long, value_name = "TEXT")]
    pub description: Option<String>,

    /// Create the client with this id instead of a new one (it must not exist)
    #[arg(long, value_name = "ID")]
    pub client_id: Option<String>,

    #[command(flatten)]
    pub custody: Custody,

    #[command(flatten)]
    pub lock: LockArgs,

    /// Create the client with its rotation record (trusted_metadata.stytch_m2m): idle, its secret
    /// made now (also STYTCH_M2M_RECORD=1)
    #[arg(long, env = "STYTCH_M2M_RECORD", hide_env_values = true, value_parser = clap::builder::BoolishValueParser::new())]
    pub record: bool,

    /// Create the client without a record, whatever STYTCH_M2M_RECORD or the profile says
    #[arg(long)]
    pub no_record: bool,
}

/// `clients create` takes the custody flags of `rotate start`, with its own help.
fn create_flags(arg: clap::Arg) -> clap::Arg {
    match arg.get_id().as_str() {
        "keyring" => arg.help("Store the new client's secret in the OS keyring instead of printing it"),
        "secret_file" => arg.help(
            "Write the new client's secret to this new file (mode 0600; never overwrites) instead of printing it",
        ),
        "secret_dir" => arg
            .help("Write the new client's secret to a new file (0600) in DIR, named by the client id")
            .help_heading(None::<&'static str>),
        _ => arg,
    }
}

#[derive(Debug, Args)]
pub struct ClientDeleteArgs {
    #[command(flatten)]
    pub client: ClientArgs,

    /// Do not ask for confirmation (required without a terminal)
    #[arg(long, short)]
    pub yes: bool,

    #[command(flatten)]
    pub lock: LockArgs,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Without a selection: every client of the project
    #[command(flatten)]
    pub select: Selection,
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

    /// Prove that a client secret gets an access token, without rotating: ok (0) or rejected (9)
    #[command(after_help = "Examples:\n  \
        stytch-m2m secret verify --client-id m2m-client-test-…\n  \
        stytch-m2m secret verify --client-id m2m-client-test-… --next\n  \
        stytch-m2m secret verify --client-id m2m-client-test-… --from-file next-secret\n  \
        deploy-tool get-secret | stytch-m2m secret verify --client-id m2m-client-test-… --from-stdin")]
    Verify(SecretVerifyArgs),
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
pub struct HistoryArgs {
    /// Only this client's entries
    #[arg(long, value_name = "ID")]
    pub client_id: Option<String>,

    /// How many of the newest entries to show
    #[arg(long, value_name = "N", default_value = "20")]
    pub limit: usize,
}

#[derive(Debug, Args)]
pub struct SecretVerifyArgs {
    #[command(flatten)]
    pub secret: SecretArgs,

    /// Verify the secret in this file instead of the keyring's (the whole file, trimmed)
    #[arg(long, value_name = "PATH", conflicts_with = "from_stdin")]
    pub from_file: Option<PathBuf>,

    /// Verify the secret on the first line of stdin instead of the keyring's (hidden at a terminal)
    #[arg(long)]
    pub from_stdin: bool,
}

#[derive(Debug, Args)]
pub struct TokenArgs {
    #[command(flatten)]
    pub secret: SecretArgs,

    /// Use the secret in this file instead of the keyring's (the whole file, trimmed)
    #[arg(long, value_name = "PATH", conflicts_with = "from_stdin")]
    pub from_file: Option<PathBuf>,

    /// Use the secret on the first line of stdin instead of the keyring's (hidden at a terminal)
    #[arg(long)]
    pub from_stdin: bool,

    /// Ask for this scope only (repeatable; default: every scope the client has)
    #[arg(long = "scope", value_name = "SCOPE")]
    pub scopes: Vec<String>,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct DoctorArgs {
    /// Also check that this client exists, show its rotation state, and check that its secret in
    /// the keyring (if any) gets a token
    #[arg(long, value_name = "ID")]
    pub client_id: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum RotateCommand {
    /// Mint the next secret; old and new both work until `complete` or `cancel`
    #[command(
        after_help = "Examples:\n  stytch-m2m rotate start --client-id m2m-client-test-… | gh secret set STYTCH_CLIENT_SECRET\n  \
        stytch-m2m rotate start --scope read:orders --secret-dir ./next-secrets"
    )]
    Start(StartArgs),

    /// Prove the next secret gets a token, then make it the only secret; the old one stops working
    #[command(
        after_help = "Examples:\n  stytch-m2m rotate complete --client-id m2m-client-test-…\n  \
        stytch-m2m rotate complete --client-id m2m-client-test-… --next-secret-file next-secret\n  \
        stytch-m2m rotate complete --client-id m2m-client-test-… --yes --next-secret-stdin < next-secret\n  \
        stytch-m2m rotate complete --pending --secret-dir ./next-secrets --yes"
    )]
    Complete(CompleteArgs),

    /// Discard the next secret; the current one keeps working
    #[command(
        after_help = "Example:\n  stytch-m2m rotate cancel --client-id m2m-client-test-… --yes"
    )]
    Cancel(CancelArgs),

    /// A whole rotation: start, store, verify, deploy, check, soak, complete; resumable
    #[command(after_help = "Examples:\n  \
        stytch-m2m rotate run --client-id m2m-client-test-… --keyring --deploy 'gh secret set STYTCH_CLIENT_SECRET' --yes\n  \
        stytch-m2m rotate run --client-id m2m-client-test-… --deploy 'vault kv put secret/m2m client_secret=-' --check './probe.sh' --soak 300\n  \
        stytch-m2m rotate run --client-id m2m-client-test-… --keyring --deploy 'gh secret set STYTCH_CLIENT_SECRET' --resume --yes\n  \
        stytch-m2m rotate run --clients-from clients.txt --keyring --deploy './deploy.sh' --jobs 8 --yes\n\n\
        The deploy command runs with sh -c and gets the new secret on stdin (exact bytes, no newline), \
        or in the variable named by --secret-env. It must be safe to run twice: --resume may run it again. \
        For many clients it runs once per client, with the client's id in STYTCH_M2M_CLIENT_ID.")]
    Run(RunArgs),

    /// Show whether a rotation is pending, the last four of each secret, and the next step
    #[command(
        after_help = "Examples:\n  stytch-m2m rotate status --client-id m2m-client-test-…\n  \
        stytch-m2m rotate status --all --jobs 16 --json"
    )]
    Status(StatusArgs),
}

/// What `rotate run` does when the deploy or the check fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OnFailure {
    /// Leave the rotation pending (both secrets work) for `--resume`
    Keep,
    /// Cancel the rotation (the new secret is discarded)
    Cancel,
}

#[derive(Debug, Args)]
#[command(mut_args(Custody::help(
    "Keep the new secret in the OS keyring while the rotation runs",
    "Keep the new secret in this new file (mode 0600) while the rotation runs",
    "Keep each new secret in a new file (0600) in DIR, named by the client id",
)))]
pub struct RunArgs {
    #[command(flatten)]
    pub client: Selection,

    /// Command that hands the new secret to its consumers (sh -c; the secret on its stdin)
    #[arg(long, value_name = "CMD")]
    pub deploy: String,

    /// Give the deploy command the secret in this environment variable instead of stdin
    #[arg(long, value_name = "NAME", value_parser = parse_env_name)]
    pub secret_env: Option<String>,

    #[command(flatten)]
    pub custody: Custody,

    /// Keep the custody file (--secret-file, --secret-dir) once the rotation completed; by default
    /// it is removed then, as the deploy target holds the live secret
    #[arg(long)]
    pub keep_secret_file: bool,

    /// Command that exits 0 once the consumers use the new secret (retried every 2 s)
    #[arg(long, value_name = "CMD")]
    pub check: Option<String>,

    /// Seconds to keep retrying verification (and the check) before giving up
    #[arg(long, value_name = "SECONDS", default_value = "60", value_parser = parse_wait)]
    pub verify_timeout: Duration,

    /// Seconds to wait with both secrets valid before completing
    #[arg(long, value_name = "SECONDS", default_value = "0", value_parser = parse_wait)]
    pub soak: Duration,

    /// When the deploy or check fails, or a signal stops the run once the deploy started [default: keep]
    #[arg(long, value_enum, value_name = "WHAT")]
    pub on_deploy_failure: Option<OnFailure>,

    /// Continue a run that stopped (a failed deploy, a dead runner) from where it got to
    #[arg(long)]
    pub resume: bool,

    /// With --resume: the pending secret on stdin, when only the deploy target holds it (a run
    /// without --keyring or --secret-file)
    #[arg(long, requires = "resume", conflicts_with_all = ["keyring", "secret_file", "secret_dir"])]
    pub next_secret_stdin: bool,

    /// With --resume: a command (sh -c) whose stdout is the pending secret, e.g. `vault kv get
    /// -field=client_secret secret/stytch`, when only the deploy target holds it
    #[arg(long, value_name = "CMD", requires = "resume", conflicts_with_all = ["next_secret_stdin", "keyring", "secret_file", "secret_dir"])]
    pub next_secret_from: Option<String>,

    /// Send nothing but reads; say for each client what would be done
    #[arg(long, help_heading = "Many clients", conflicts_with = "resume")]
    pub dry_run: bool,

    /// Do not show the plan and ask (required without a terminal)
    #[arg(long, short)]
    pub yes: bool,

    #[command(flatten)]
    pub journal: JournalArgs,

    #[command(flatten)]
    pub fleet: FleetArgs,
}

fn parse_env_name(s: &str) -> Result<String, String> {
    let ok = !s.is_empty()
        && !s.starts_with(|c: char| c.is_ascii_digit())
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !ok {
        return Err("a variable name is letters, digits and _, not starting with a digit".into());
    }
    if s == "STYTCH_SECRET" {
        return Err(
            "STYTCH_SECRET is the project secret's name; it never reaches a deploy command".into(),
        );
    }
    Ok(s.to_owned())
}

#[derive(Debug, Args)]
pub struct ClientArgs {
    /// The M2M client's id (m2m-client-test-… or m2m-client-live-…)
    #[arg(long, value_name = "ID")]
    pub client_id: String,
}

/// Which clients a command works on. Exactly one `--client-id` and no fleet flag is today's
/// one-client command; anything else is the fleet mode (one result per client).
#[derive(Debug, Args, Clone, Default)]
pub struct Selection {
    /// The M2M client's id (m2m-client-test-… or m2m-client-live-…); repeat for several
    #[arg(long, help_heading = "Clients", value_name = "ID")]
    pub client_id: Vec<String>,

    /// Client ids from this file, one a line (# comments and blank lines ignored; - for stdin)
    #[arg(long, help_heading = "Clients", value_name = "PATH")]
    pub clients_from: Option<PathBuf>,

    /// Every client of the project
    #[arg(long, help_heading = "Clients", conflicts_with_all = ["client_id", "clients_from"])]
    pub all: bool,

    /// Clients with this exact name (repeatable: any of them)
    #[arg(long, help_heading = "Clients", value_name = "NAME", conflicts_with_all = ["client_id", "clients_from"])]
    pub name: Vec<String>,

    /// Clients that have this scope (repeatable: any of them)
    #[arg(long, help_heading = "Clients", value_name = "SCOPE", conflicts_with_all = ["client_id", "clients_from"])]
    pub scope: Vec<String>,

    /// Only clients with a rotation pending (alone: every such client of the project)
    #[arg(long, help_heading = "Clients")]
    pub pending: bool,

    /// Only clients whose recorded last rotation (--record) is older than AGE (90d, 12h, 30m,
    /// 45s), and clients never recorded (their age is unknown); alone: every such client
    #[arg(long, help_heading = "Clients", value_name = "AGE", value_parser = parse_age)]
    pub older_than: Option<Duration>,
}

impl Selection {
    /// The one client id of a one-client command: exactly one `--client-id`, nothing else.
    pub fn single(&self) -> Option<&str> {
        match self.client_id.as_slice() {
            [id] if !self.by_search()
                && self.clients_from.is_none()
                && !self.pending
                && self.older_than.is_none() =>
            {
                Some(id.as_str())
            }
            _ => None,
        }
    }

    /// Whether the clients come from a search of the project (`--all`, `--name`, `--scope`,
    /// or `--pending` alone).
    pub fn by_search(&self) -> bool {
        let alone = self.client_id.is_empty() && self.clients_from.is_none();
        self.all
            || !self.name.is_empty()
            || !self.scope.is_empty()
            || ((self.pending || self.older_than.is_some()) && alone)
    }

    /// The selection as flags, quoted for a printed command (` --all`, ` --client-id a …`).
    pub fn as_flags(&self) -> String {
        let q = |s: &str| crate::shell::quote(s);
        let mut out = String::new();
        for id in &self.client_id {
            out.push_str(&format!(" --client-id {}", q(id)));
        }
        if let Some(path) = &self.clients_from {
            out.push_str(&format!(
                " --clients-from {}",
                q(&path.display().to_string())
            ));
        }
        if self.all {
            out.push_str(" --all");
        }
        for name in &self.name {
            out.push_str(&format!(" --name {}", q(name)));
        }
        for scope in &self.scope {
            out.push_str(&format!(" --scope {}", q(scope)));
        }
        if self.pending {
            out.push_str(" --pending");
        }
        if let Some(age) = self.older_than {
            out.push_str(&format!(" --older-than {}s", age.as_secs()));
        }
        out
    }

    /// Whether anything was selected at all.
    pub fn is_empty(&self) -> bool {
        self.client_id.is_empty() && self.clients_from.is_none() && !self.by_search()
    }
}

/// How a command works through many clients.
#[derive(Debug, Args, Clone, Default)]
pub struct FleetArgs {
    /// Requests in flight at once, 1 to 16 [default: 4]
    #[arg(long, help_heading = "Many clients", value_name = "N", value_parser = clap::value_parser!(u8).range(1..=16))]
    pub jobs: Option<u8>,

    /// Stop starting new clients after the first failure
    #[arg(long, help_heading = "Many clients")]
    pub fail_fast: bool,
}

impl FleetArgs {
    pub fn given(&self) -> bool {
        self.jobs.is_some() || self.fail_fast
    }
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    #[command(flatten)]
    pub client: Selection,

    #[command(flatten)]
    pub fleet: FleetArgs,
}

/// Where a new secret is kept: `--keyring`, `--secret-file` or `--secret-dir` (at most one;
/// none: stdout for `start` and `clients create`, only the deploy target for `run`). One
/// definition for `start`, `run` and `clients create`; each passes in its own help
/// ([`Custody::help`], `create_flags`), as what the flags mean differs a little (`start` hands
/// the secret over for good, `run` keeps it while the rotation runs, `create` keeps a new
/// client's first secret).
#[derive(Debug, Args, Clone, Default)]
#[group(skip)]
pub struct Custody {
    #[arg(long, conflicts_with = "secret_file")]
    pub keyring: bool,

    #[arg(long, value_name = "PATH", conflicts_with = "secret_dir")]
    pub secret_file: Option<PathBuf>,

    #[arg(
        long,
        value_name = "DIR",
        help_heading = "Many clients",
        conflicts_with = "keyring"
    )]
    pub secret_dir: Option<PathBuf>,
}

impl Custody {
    /// For `#[command(mut_args(…))]`: the help of `--keyring`, `--secret-file` and `--secret-dir`
    /// in the command that flattens [`Custody`]. (`mut_args` keeps the flags in place, so the
    /// completions list them in the order they are declared; `mut_arg` would move them last.)
    fn help(
        keyring: &'static str,
        secret_file: &'static str,
        secret_dir: &'static str,
    ) -> impl FnMut(clap::Arg) -> clap::Arg {
        move |arg| match arg.get_id().as_str() {
            "keyring" => arg.help(keyring),
            "secret_file" => arg.help(secret_file),
            "secret_dir" => arg.help(secret_dir),
            _ => arg,
        }
    }
}

/// The journal and the per-client lock, for every command that changes a client.
#[derive(Debug, Args, Clone)]
pub struct LockArgs {
    /// Keep no journal; the per-client lock is still taken (also STYTCH_M2M_NO_JOURNAL=1)
    // May be given twice: a printed command carries it in, and may repeat the one given.
    #[arg(long, env = "STYTCH_M2M_NO_JOURNAL", hide_env_values = true, value_parser = clap::builder::BoolishValueParser::new(), overrides_with = "no_journal")]
    pub no_journal: bool,

    /// Seconds to wait while another stytch-m2m process works on the same client
    #[arg(long, value_name = "SECONDS", default_value = "0", value_parser = parse_wait)]
    pub lock_timeout: Duration,
}

/// The journal, the per-client lock and the record on the client, for every command that
/// changes a rotation.
#[derive(Debug, Args, Clone)]
pub struct JournalArgs {
    #[command(flatten)]
    pub lock: LockArgs,

    /// Keep the rotation's state on the client itself (trusted_metadata.stytch_m2m), for other
    /// machines: a lease, resume from a new runner, when it was last rotated (also
    /// STYTCH_M2M_RECORD=1)
    #[arg(long, env = "STYTCH_M2M_RECORD", hide_env_values = true, value_parser = clap::builder::BoolishValueParser::new())]
    pub record: bool,

    /// Do not read or write the record, whatever STYTCH_M2M_RECORD says
    #[arg(long)]
    pub no_record: bool,

    /// With --record: seconds this run holds the client against other machines (renewed at each step)
    #[arg(long, value_name = "SECONDS", default_value = "900", value_parser = parse_wait)]
    pub lease: Duration,

    /// With --record: overwrite a record this version does not trust (a newer version's, or not one)
    #[arg(long)]
    pub replace_record: bool,
}

impl JournalArgs {
    /// `--record` (or `STYTCH_M2M_RECORD`) and not `--no-record`.
    pub fn record(&self) -> bool {
        self.record && !self.no_record
    }

    /// The journal and the lock of `lock`, and no record on the client: for the commands whose
    /// client is made or removed (`clients create`, `clients delete`).
    pub fn unrecorded(lock: &LockArgs) -> JournalArgs {
        JournalArgs {
            lock: lock.clone(),
            record: false,
            no_record: true,
            lease: Duration::from_secs(900),
            replace_record: false,
        }
    }
}

#[derive(Debug, Args)]
#[command(mut_args(Custody::help(
    "Store the new secret in the OS keyring instead of printing it",
    "Write the new secret to this new file (mode 0600; never overwrites) instead of printing it",
    "Write each new secret to a new file (0600) in DIR, named by the client id",
)))]
pub struct StartArgs {
    #[command(flatten)]
    pub client: Selection,

    /// Refuse (exit 5, nothing sent) unless the current secret ends in these four characters
    // Secrets use `-`: a last four can start with one (`-ipZ`) and is still a value.
    #[arg(long, value_name = "XXXX", allow_hyphen_values = true)]
    pub expect_secret_last_four: Option<String>,

    #[command(flatten)]
    pub journal: JournalArgs,

    #[command(flatten)]
    pub custody: Custody,

    /// Send nothing but reads; say for each client what would be done
    #[arg(long, help_heading = "Many clients")]
    pub dry_run: bool,

    #[command(flatten)]
    pub fleet: FleetArgs,
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

    /// Read each pending secret from DIR (as `rotate start --secret-dir` wrote it)
    #[arg(long, value_name = "DIR", help_heading = "Many clients", conflicts_with_all = ["skip_verify", "next_secret_stdin", "next_secret_file"])]
    pub secret_dir: Option<PathBuf>,

    /// Send nothing but reads; say for each client what would be done
    #[arg(long, help_heading = "Many clients")]
    pub dry_run: bool,

    #[command(flatten)]
    pub fleet: FleetArgs,
}

#[derive(Debug, Args)]
pub struct CancelArgs {
    #[command(flatten)]
    pub confirm: ConfirmArgs,

    /// Cancel even though this machine's journal shows that a deploy of the pending secret began
    /// (its consumers may already use it)
    #[arg(long)]
    pub even_if_deployed: bool,

    /// Send nothing but reads; say for each client what would be done
    #[arg(long, help_heading = "Many clients")]
    pub dry_run: bool,

    #[command(flatten)]
    pub fleet: FleetArgs,
}

#[derive(Debug, Args)]
pub struct ConfirmArgs {
    #[command(flatten)]
    pub client: Selection,

    /// Do not ask for confirmation (required without a terminal)
    #[arg(long, short)]
    pub yes: bool,

    /// Refuse (exit 5, nothing sent) unless the pending secret ends in these four characters
    // Secrets use `-`: a last four can start with one (`-ipZ`) and is still a value.
    #[arg(long, value_name = "XXXX", allow_hyphen_values = true)]
    pub expect_next_last_four: Option<String>,

    #[command(flatten)]
    pub journal: JournalArgs,
}

/// The completion script for `shell`, as `completions SHELL` prints it and `completions/` holds it.
pub fn completion_script(shell: clap_complete::Shell) -> Vec<u8> {
    let mut out = Vec::new();
    clap_complete::generate(
        shell,
        &mut crate::parse::documented(),
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

/// A wait that may be zero (try once).
/// `90d`, `12h`, `30m`, `45s` (a number and one unit).
fn parse_age(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    let (number, unit) = s.split_at(s.len().saturating_sub(1));
    let per = match unit {
        "d" => 86_400,
        "h" => 3_600,
        "m" => 60,
        "s" => 1,
        _ => {
            return Err(format!(
                "{s:?} is not an age: a number and d, h, m or s (90d, 12h)"
            ))
        }
    };
    let n: u64 = number
        .parse()
        .map_err(|_| format!("{s:?} is not an age: a number and d, h, m or s (90d, 12h)"))?;
    n.checked_mul(per)
        .map(Duration::from_secs)
        .ok_or_else(|| format!("{s:?} is too long an age"))
}

fn parse_wait(s: &str) -> Result<Duration, String> {
    let secs: f64 = s
        .trim()
        .parse()
        .map_err(|_| format!("{s:?} is not a number of seconds"))?;
    if !(0.0..=3600.0).contains(&secs) {
        return Err("the wait must be from 0 to 3600 seconds".into());
    }
    Ok(Duration::from_secs_f64(secs))
}

const EXAMPLES: &str = "Examples:
  export STYTCH_PROJECT_ID=project-test-…   # API keys page; then STYTCH_SECRET or a prompt
  stytch-m2m doctor --client-id m2m-client-test-…
  stytch-m2m rotate start --client-id m2m-client-test-… --keyring
  stytch-m2m secret get --client-id m2m-client-test-… --next | deploy-tool set-secret
  stytch-m2m rotate complete --client-id m2m-client-test-…
  stytch-m2m secret verify --client-id m2m-client-test-…";

fn after_help() -> String {
    format!("{EXAMPLES}\n\n{}", crate::exit_codes::help_table())
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

impl Command {
    /// The journal and record flags of a rotation command.
    pub fn journal_mut(&mut self) -> Option<&mut JournalArgs> {
        match self {
            Command::Rotate(RotateCommand::Start(a)) => Some(&mut a.journal),
            Command::Rotate(RotateCommand::Complete(a)) => Some(&mut a.confirm.journal),
            Command::Rotate(RotateCommand::Cancel(a)) => Some(&mut a.confirm.journal),
            Command::Rotate(RotateCommand::Run(a)) => Some(&mut a.journal),
            _ => None,
        }
    }

    /// `--record` and `--no-record` of a command that takes them: the first to set from the
    /// profile's `record`, when neither was given.
    pub fn record_mut(&mut self) -> Option<(&mut bool, bool)> {
        match self {
            Command::Clients(ClientsCommand::Create(a)) => Some((&mut a.record, a.no_record)),
            _ => self.journal_mut().map(|j| (&mut j.record, j.no_record)),
        }
    }

    /// `--no-journal` was given to a rotation command.
    pub fn no_journal(&self) -> bool {
        match self {
            Command::Rotate(RotateCommand::Start(a)) => a.journal.lock.no_journal,
            Command::Rotate(RotateCommand::Complete(a)) => a.confirm.journal.lock.no_journal,
            Command::Rotate(RotateCommand::Cancel(a)) => a.confirm.journal.lock.no_journal,
            Command::Rotate(RotateCommand::Run(a)) => a.journal.lock.no_journal,
            Command::Clients(ClientsCommand::Create(a)) => a.lock.no_journal,
            Command::Clients(ClientsCommand::Delete(a)) => a.lock.no_journal,
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn definition_is_consistent() {
        Cli::command().debug_assert();
    }

    /// `Custody::help` matches the flags by id: a renamed field would leave its flag without help.
    #[test]
    fn custody_flags_have_their_commands_help() {
        let cli = Cli::command();
        let rotate = cli.find_subcommand("rotate").unwrap();
        let help = |cmd: &str, flag: &str| {
            let cmd = rotate.find_subcommand(cmd).unwrap();
            let arg = cmd.get_arguments().find(|a| a.get_long() == Some(flag));
            arg.and_then(|a| a.get_help()).map(|h| h.to_string())
        };
        let create = cli
            .find_subcommand("clients")
            .and_then(|c| c.find_subcommand("create"))
            .unwrap();
        for flag in ["keyring", "secret-file", "secret-dir"] {
            let (start, run) = (help("start", flag), help("run", flag));
            assert!(
                start.is_some() && run.is_some(),
                "--{flag}: {start:?}, {run:?}"
            );
            assert_ne!(start, run, "--{flag}");
            let arg = create.get_arguments().find(|a| a.get_long() == Some(flag));
            let own = arg.and_then(|a| a.get_help()).map(|h| h.to_string());
            assert!(
                own.is_some() && own != start,
                "clients create --{flag}: {own:?}"
            );
        }
    }

    #[test]
    fn timeout_bounds() {
        assert!(parse_timeout("0").is_err());
        assert!(parse_timeout("nan").is_err());
        assert!(parse_timeout("601").is_err());
        assert_eq!(parse_timeout("0.5").unwrap(), Duration::from_millis(500));
    }
}
