//! Which clients: the ids given (`--client-id`, `--clients-from`), or a search of the project
//! (`--all`, `--name`, `--scope`, page by page until `next_cursor` is null), narrowed by
//! `--pending`. Ids are read and checked before anything is sent.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use crate::cli::Selection;
use crate::error::{Error, ErrorKind, Result};
use crate::sanitize::sanitize;
use crate::signals::Interrupts;
use crate::stytch::models::M2mClient;
use crate::stytch::search::{FilterName, Operand, Operator, SearchQuery};
use crate::stytch::{Client, ClientId};

/// How many ids one search by id asks for (the request stays far below any body limit).
const IDS_PER_SEARCH: usize = 200;

/// One selected client, with what a search showed of it.
#[derive(Debug, Clone)]
pub struct Target {
    pub id: ClientId,
    /// The client as a search showed it (none for ids given without `--pending`).
    pub seen: Option<M2mClient>,
    /// Given by id, and the search by id did not find it.
    pub missing: bool,
    /// `--older-than`: no record says when it was last rotated.
    pub age_unknown: bool,
}

impl Target {
    /// A client known by id only (nothing seen of it yet).
    pub fn seen_as_given(id: ClientId) -> Target {
        Target::given(id)
    }

    fn given(id: ClientId) -> Target {
        Target {
            id,
            seen: None,
            missing: false,
            age_unknown: false,
        }
    }

    /// What the search showed of a pending rotation: `None` when nothing was seen.
    pub fn pending(&self) -> Option<Option<String>> {
        self.seen
            .as_ref()
            .map(|c| c.next_client_secret_last_four.as_deref().map(sanitize))
    }
}

/// Refuses a command that names no clients, before anything else is asked of the user.
pub fn chosen(sel: &Selection) -> Result<()> {
    if sel.is_empty() {
        return Err(Error::new(
            ErrorKind::Usage,
            "no clients were chosen; nothing was sent",
        )
        .hint("choose them with --client-id ID (repeatable), --clients-from PATH, --all, --name NAME, --scope SCOPE or --pending"));
    }
    Ok(())
}

/// The ids of `--client-id` and `--clients-from`, in the order given, each once. `secret_stdin`:
/// `--secret-stdin` was given, so `--clients-from -` cannot read stdin too.
pub fn given_ids(sel: &Selection, secret_stdin: bool) -> Result<Vec<ClientId>> {
    chosen(sel)?;
    let mut raw: Vec<(String, String)> = sel
        .client_id
        .iter()
        .map(|id| (id.clone(), "--client-id".to_owned()))
        .collect();
    if let Some(path) = &sel.clients_from {
        raw.extend(read_ids(path, secret_stdin)?);
    }
    let mut seen = HashSet::new();
    let mut ids = Vec::new();
    for (id, from) in raw {
        let id = ClientId::parse(&id).map_err(|e| e.context(format!("in {from}")))?;
        if seen.insert(id.as_str().to_owned()) {
            ids.push(id);
        }
    }
    Ok(ids)
}

/// `--clients-from PATH` (`-`: stdin): one id a line; `#` starts a comment; blank lines are
/// ignored. Each id comes with where it was, for messages.
fn read_ids(path: &Path, secret_stdin: bool) -> Result<Vec<(String, String)>> {
    let stdin = path == Path::new("-");
    if stdin && secret_stdin {
        return Err(Error::new(
            ErrorKind::Usage,
            "--clients-from - and --secret-stdin both read stdin; nothing was sent",
        )
        .hint("put the ids in a file, or give the project secret in STYTCH_SECRET"));
    }
    let shown = sanitize(&path.display().to_string());
    let text = if stdin {
        std::io::read_to_string(std::io::stdin())
    } else {
        std::fs::read_to_string(path)
    }
    .map_err(|e| {
        Error::new(
            ErrorKind::Usage,
            format!("could not read the client ids from {shown}: {e}; nothing was sent"),
        )
    })?;
    let ids = text
        .lines()
        .enumerate()
        .filter_map(|(n, line)| {
            let id = line.split('#').next().unwrap_or("").trim();
            (!id.is_empty()).then(|| (id.to_owned(), format!("line {} of {shown}", n + 1)))
        })
        .collect();
    Ok(ids)
}

/// The clients to work on. `details`: read every given id's state with a search by id (as
/// `clients list` and `--pending` need).
pub async fn resolve(
    client: &Client,
    sel: &Selection,
    ids: Vec<ClientId>,
    details: bool,
    signals: &mut Interrupts,
) -> Result<Vec<Target>> {
    let fetch = async {
        if sel.by_search() {
            let found = search_all(client, query(sel)).await?;
            found
                .into_iter()
                .map(|c| {
                    let id = ClientId::parse(&c.client_id)?;
                    Ok(Target {
                        id,
                        seen: Some(c),
                        missing: false,
                        age_unknown: false,
                    })
                })
                .collect()
        } else if details || sel.pending || sel.older_than.is_some() {
            by_ids(client, ids).await
        } else {
            Ok(ids.into_iter().map(Target::given).collect())
        }
    };
    let mut targets: Vec<Target> = signals.guard(fetch, |e| e).await?;
    if sel.pending {
        targets.retain(|t| t.missing || matches!(t.pending(), Some(Some(_))));
    }
    if let Some(age) = sel.older_than {
        let now = client.server_now();
        targets.retain_mut(|t| t.missing || overdue(t, now, age));
    }
    Ok(targets)
}

/// `--older-than`: the record's last rotation is older than `age`, or no record says (then the
/// age is unknown, and the client is due).
fn overdue(t: &mut Target, now: std::time::SystemTime, age: std::time::Duration) -> bool {
    let last = t
        .seen
        .as_ref()
        .and_then(M2mClient::record)
        .and_then(|r| r.last_rotated_at)
        .and_then(|at| humantime::parse_rfc3339(&at).ok());
    match last {
        Some(at) => now.duration_since(at).is_ok_and(|d| d > age),
        None => {
            t.age_unknown = true;
            true
        }
    }
}

/// `--name` and `--scope` as search operands, all of which must match.
fn query(sel: &Selection) -> Option<SearchQuery> {
    let mut operands = Vec::new();
    if !sel.name.is_empty() {
        operands.push(Operand {
            filter_name: FilterName::ClientName,
            filter_value: sel.name.clone(),
        });
    }
    if !sel.scope.is_empty() {
        operands.push(Operand {
            filter_name: FilterName::Scopes,
            filter_value: sel.scope.clone(),
        });
    }
    (!operands.is_empty()).then_some(SearchQuery {
        operator: Operator::And,
        operands,
    })
}

/// Every page of a search (capped: see [`Client::search_all`]).
async fn search_all(client: &Client, query: Option<SearchQuery>) -> Result<Vec<M2mClient>> {
    client.search_all(query).await
}

/// The given ids' clients, in the order given; ids the search did not find are `missing`.
async fn by_ids(client: &Client, ids: Vec<ClientId>) -> Result<Vec<Target>> {
    let mut found: HashMap<String, M2mClient> = HashMap::new();
    for chunk in ids.chunks(IDS_PER_SEARCH) {
        let query = SearchQuery {
            operator: Operator::Or,
            operands: vec![Operand {
                filter_name: FilterName::ClientId,
                filter_value: chunk.iter().map(|id| id.as_str().to_owned()).collect(),
            }],
        };
        for c in search_all(client, Some(query)).await? {
            found.insert(c.client_id.clone(), c);
        }
    }
    Ok(ids
        .into_iter()
        .map(|id| {
            let seen = found.remove(id.as_str());
            Target {
                missing: seen.is_none(),
                id,
                seen,
                age_unknown: false,
            }
        })
        .collect())
}
