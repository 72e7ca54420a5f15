//! `POST /v1/m2m/clients/search` (`api_m2m_v1_m2m_clients_SearchRequest` and `…SearchResponse`
//! of `../shared/stytch-openapi/openapi.yml`): one page of a project's M2M clients, filtered
//! by `client_id`, `client_name` or `scopes` operands, with the cursor of the next page.

use std::collections::HashSet;

use serde::Serialize;
use serde_json::Value;
use zeroize::Zeroizing;

use super::client::{Client, Op};
use super::ids::ClientId;
use super::models::M2mClient;
use crate::error::{Error, ErrorKind, Result};

/// The largest page Stytch returns.
pub const MAX_LIMIT: u32 = 1000;

/// The most clients one selection may hold: far above any real project, far below what a
/// server that never stops paging could make this process keep.
pub const MAX_CLIENTS: usize = 100_000;
/// The most text (ids, names, statuses, scopes, last fours) one selection may hold.
pub const MAX_SELECTION_BYTES: usize = 64 << 20;

#[derive(Debug, Clone, Default, Serialize)]
pub struct SearchRequest {
    /// `results_metadata.next_cursor` of the page before; none for the first page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    /// Page size, at most [`MAX_LIMIT`] (0: Stytch's default, 100).
    pub limit: u32,
    /// No query: every client.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub query: Option<SearchQuery>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SearchQuery {
    pub operator: Operator,
    pub operands: Vec<Operand>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Operator {
    And,
    Or,
}

/// One filter: a client matches when its id or name is one of `filter_value`, or it has at
/// least one of those scopes.
#[derive(Debug, Clone, Serialize)]
pub struct Operand {
    pub filter_name: FilterName,
    pub filter_value: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FilterName {
    ClientId,
    ClientName,
    Scopes,
}

/// One page of the answer.
#[derive(Debug, Clone)]
pub struct SearchPage {
    pub request_id: String,
    pub clients: Vec<M2mClient>,
    /// `results_metadata.total` (-1 when the workspace disabled totals).
    pub total: Option<i64>,
    /// The cursor of the next page; `None` on the last one.
    pub next_cursor: Option<String>,
    /// What was odd about the answer (free of secrets; sanitize before showing).
    pub warnings: Vec<String>,
}

impl Client {
    /// One page of the project's M2M clients.
    pub async fn search(&self, req: &SearchRequest) -> Result<SearchPage> {
        let url = self.url("/v1/m2m/clients/search")?;
        let body = serde_json::to_vec(req)
            .map_err(|e| Error::internal(format!("could not encode a search request: {e}")))?;
        let label = ClientId::parse("search")?;
        let answer = self
            .send_with_retries(Op::Search, &label, url, Some(Zeroizing::new(body)), true)
            .await?;
        parse_page(&answer).map_err(|why| {
            Error::new(
                ErrorKind::UnreadableAnswer,
                format!("{} answered, but {why}", Op::Search.endpoint()),
            )
            .hint("check --base-url / STYTCH_BASE_URL: it must point at Stytch's API")
        })
    }
}

impl Client {
    /// Every page of a search, [`MAX_LIMIT`] clients a page, until `next_cursor` is null.
    /// A cursor that comes back twice, or a selection over [`MAX_CLIENTS`] clients or
    /// [`MAX_SELECTION_BYTES`] of text, is an `unexpected_answer` (exit 6): a project does
    /// not look like that, a hostile or broken server does.
    pub async fn search_all(&self, query: Option<SearchQuery>) -> Result<Vec<M2mClient>> {
        let mut req = SearchRequest {
            cursor: None,
            limit: MAX_LIMIT,
            query,
        };
        let mut clients = Vec::new();
        let mut bytes = 0usize;
        let mut cursors = HashSet::new();
        loop {
            let page = self.search(&req).await?;
            bytes = page
                .clients
                .iter()
                .map(held_bytes)
                .fold(bytes, usize::saturating_add);
            clients.extend(page.clients);
            if clients.len() > MAX_CLIENTS || bytes > MAX_SELECTION_BYTES {
                return Err(endless(format!(
                    "the search of the project's clients went past what one selection may hold ({MAX_CLIENTS} clients or {} MiB of ids, names and scopes) and was stopped",
                    MAX_SELECTION_BYTES >> 20
                )));
            }
            match page.next_cursor {
                None => return Ok(clients),
                Some(next) if !cursors.insert(next.clone()) => {
                    return Err(endless(
                        "the search of the project's clients never reached its last page (a cursor came back twice)".into(),
                    ))
                }
                Some(next) => req.cursor = Some(next),
            }
        }
    }
}

fn endless(what: String) -> Error {
    Error::new(ErrorKind::UnexpectedAnswer, what).hint(
        "check --base-url / STYTCH_BASE_URL: it must point at Stytch's API; or select the clients with --client-id or --clients-from PATH",
    )
}

/// The text a client holds, as a measure of what a selection keeps in memory.
fn held_bytes(c: &M2mClient) -> usize {
    let scopes: usize = c.scopes.iter().map(String::len).sum();
    c.client_id.len()
        + c.client_name.len()
        + c.status.len()
        + c.client_secret_last_four.len()
        + c.next_client_secret_last_four
            .as_ref()
            .map_or(0, String::len)
        + scopes
}

/// Reads a 2xx search answer; `Err` is a short reason that never quotes the body.
fn parse_page(body: &[u8]) -> std::result::Result<SearchPage, String> {
    let value: Value =
        serde_json::from_slice(body).map_err(|_| "the body is not valid JSON".to_owned())?;
    let items = value
        .get("m2m_clients")
        .and_then(Value::as_array)
        .ok_or("the answer has no m2m_clients list")?;
    let mut warnings = Vec::new();
    let clients = items
        .iter()
        .map(|item| M2mClient::read(item, &mut warnings))
        .collect::<Vec<_>>();
    if clients.iter().any(|c| c.client_id.is_empty()) {
        return Err("a client in m2m_clients has no client_id".into());
    }
    let meta = value.get("results_metadata");
    let next_cursor = meta
        .and_then(|m| m.get("next_cursor"))
        .and_then(Value::as_str)
        .filter(|c| !c.is_empty())
        .map(str::to_owned);
    Ok(SearchPage {
        request_id: value
            .get("request_id")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned(),
        clients,
        total: meta.and_then(|m| m.get("total")).and_then(Value::as_i64),
        next_cursor,
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_request_has_the_spec_shape() {
        let req = SearchRequest {
            cursor: Some("c1".into()),
            limit: MAX_LIMIT,
            query: Some(SearchQuery {
                operator: Operator::And,
                operands: vec![Operand {
                    filter_name: FilterName::ClientName,
                    filter_value: vec!["a".into()],
                }],
            }),
        };
        assert_eq!(
            serde_json::to_value(&req).unwrap(),
            serde_json::json!({"cursor": "c1", "limit": 1000, "query": {"operator": "AND",
                "operands": [{"filter_name": "client_name", "filter_value": ["a"]}]}})
        );
        let all = serde_json::to_value(SearchRequest::default()).unwrap();
        assert_eq!(all, serde_json::json!({"limit": 0}));
    }

    #[test]
    fn pages_end_on_a_null_or_empty_cursor() {
        let page = parse_page(br#"{"request_id":"r","m2m_clients":[{"client_id":"a","client_secret_last_four":"abcd","next_client_secret_last_four":null}],
            "results_metadata":{"total":1,"next_cursor":null}}"#).unwrap();
        assert_eq!(page.clients[0].client_id, "a");
        assert_eq!((page.total, page.next_cursor), (Some(1), None));
        let page =
            parse_page(br#"{"m2m_clients":[],"results_metadata":{"total":0,"next_cursor":""}}"#)
                .unwrap();
        assert_eq!(page.next_cursor, None);
        assert!(parse_page(br#"{"m2m_clients":[{"client_name":"x"}]}"#).is_err());
        assert!(parse_page(b"[]").is_err());
    }
}
