//! `POST /v1/m2m/clients/search`: pages of clients in a stable order (by client id), filtered by
//! a query of `client_id`, `client_name` and `scopes` operands joined with `AND` or `OR`.
//!
//! Each operand is `{"filter_name": NAME, "filter_value": [STRING, …]}` and matches a client
//! whose id (`client_id`) or name (`client_name`) is one of the values, or which has at least
//! one of the scopes (`scopes`). The cursor is the last client id of the page, opaque to callers.

use std::collections::HashSet;
use std::ops::Bound;

use base64::Engine;
use serde_json::{json, Value};

use crate::api::{self, Answer};
use crate::state::{ClientRecord, State};

/// The page size when none is given, and the largest allowed.
const DEFAULT_LIMIT: usize = 100;
const MAX_LIMIT: usize = 1000;

/// One operand of a query.
enum Filter {
    ClientId(HashSet<String>),
    ClientName(HashSet<String>),
    Scopes(HashSet<String>),
}

impl Filter {
    fn matches(&self, c: &ClientRecord) -> bool {
        match self {
            Filter::ClientId(ids) => ids.contains(&c.client_id),
            Filter::ClientName(names) => names.contains(&c.client_name),
            Filter::Scopes(scopes) => c.scopes.iter().any(|s| scopes.contains(s)),
        }
    }
}

/// A parsed search request.
struct Search {
    limit: usize,
    /// Return clients whose id is greater than this.
    after: Option<String>,
    all: bool,
    filters: Vec<Filter>,
}

impl Search {
    fn matches(&self, c: &ClientRecord) -> bool {
        if self.all {
            self.filters.iter().all(|f| f.matches(c))
        } else {
            self.filters.is_empty() || self.filters.iter().any(|f| f.matches(c))
        }
    }
}

pub(crate) fn search(state: &State, body: &[u8]) -> Answer {
    let search = match parse(body) {
        Ok(s) => s,
        Err(message) => return api::error(400, "bad_request", &message),
    };
    let (total, page, more) = {
        let inner = state.lock();
        let total = inner.clients.values().filter(|c| search.matches(c)).count();
        let start = match &search.after {
            Some(id) => Bound::Excluded(id.as_str()),
            None => Bound::Unbounded,
        };
        let mut rest = inner
            .clients
            .range::<str, _>((start, Bound::Unbounded))
            .map(|(_, c)| c)
            .filter(|c| search.matches(c));
        let page: Vec<ClientRecord> = rest.by_ref().take(search.limit).cloned().collect();
        (total, page, rest.next().is_some())
    };
    let next_cursor = match page.last() {
        Some(last) if more => Value::from(encode_cursor(&last.client_id)),
        _ => Value::Null,
    };
    let clients: Vec<Value> = page.iter().map(ClientRecord::public).collect();
    Answer::ok(json!({
        "m2m_clients": clients,
        "results_metadata": { "total": total, "next_cursor": next_cursor },
    }))
}

fn parse(body: &[u8]) -> Result<Search, String> {
    let req: Value = match serde_json::from_slice(body) {
        Ok(v @ Value::Object(_)) => v,
        _ if body.iter().all(u8::is_ascii_whitespace) => json!({}),
        _ => return Err("The request body is not a JSON object.".into()),
    };
    let limit = match &req["limit"] {
        Value::Null => DEFAULT_LIMIT,
        v => match v.as_u64() {
            // 0 is the unset value of Stytch's (protobuf) API: the default.
            Some(0) => DEFAULT_LIMIT,
            Some(n) if n as usize <= MAX_LIMIT => n as usize,
            _ => return Err(format!("limit must be an integer from 0 to {MAX_LIMIT}.")),
        },
    };
    let after = match &req["cursor"] {
        Value::Null => None,
        Value::String(s) if s.is_empty() => None,
        Value::String(s) => Some(decode_cursor(s).ok_or("The cursor is not valid.")?),
        _ => return Err("cursor must be a string.".into()),
    };
    let (all, filters) = match &req["query"] {
        Value::Null => (true, Vec::new()),
        q => query(q)?,
    };
    Ok(Search {
        limit,
        after,
        all,
        filters,
    })
}

/// `{"operator": "AND" | "OR", "operands": [...]}`.
fn query(q: &Value) -> Result<(bool, Vec<Filter>), String> {
    let all = match q["operator"].as_str() {
        Some("AND") => true,
        Some("OR") => false,
        _ => return Err("query.operator must be AND or OR.".into()),
    };
    let operands: &[Value] = match &q["operands"] {
        Value::Null => &[],
        Value::Array(a) => a,
        _ => return Err("query.operands must be an array.".into()),
    };
    let filters = operands.iter().map(operand).collect::<Result<_, _>>()?;
    Ok((all, filters))
}

fn operand(op: &Value) -> Result<Filter, String> {
    let values: Option<HashSet<String>> = op["filter_value"].as_array().and_then(|a| {
        a.iter()
            .map(|v| v.as_str().map(str::to_owned))
            .collect::<Option<_>>()
    });
    let values = match values {
        Some(v) if !v.is_empty() => v,
        _ => return Err("filter_value must be a non-empty array of strings.".into()),
    };
    match op["filter_name"].as_str() {
        Some("client_id") => Ok(Filter::ClientId(values)),
        Some("client_name") => Ok(Filter::ClientName(values)),
        Some("scopes") => Ok(Filter::Scopes(values)),
        other => Err(format!(
            "Unknown filter_name {}: use client_id, client_name or scopes.",
            other.map_or("(none)".to_owned(), |n| format!("{n:?}"))
        )),
    }
}

fn encode_cursor(last_id: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("after:{last_id}"))
}

fn decode_cursor(cursor: &str) -> Option<String> {
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(cursor)
        .ok()?;
    String::from_utf8(bytes)
        .ok()?
        .strip_prefix("after:")
        .map(str::to_owned)
}
