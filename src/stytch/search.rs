//! `POST /v1/m2m/clients/search` (`api_m2m_v1_m2m_clients_SearchRequest` / `…SearchResponse`):
//! the request, and the page it answers with, read as tolerantly as a single client is.

use serde::Serialize;
use serde_json::Value;

use super::models::M2mClient;

/// Stytch's largest page.
pub const MAX_LIMIT: u32 = 1000;

/// One search request. Every field is optional: no query returns every client.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SearchRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// `results_metadata.next_cursor` of the previous page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub query: Option<SearchQuery>,
}

/// `api_m2m_v1_M2MSearchQuery`.
#[derive(Debug, Clone, Serialize)]
pub struct SearchQuery {
    pub operator: SearchOperator,
    pub operands: Vec<SearchOperand>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum SearchOperator {
    #[serde(rename = "AND")]
    And,
    #[serde(rename = "OR")]
    Or,
}

/// One filter: `client_id` (one of these ids), `client_name` (exactly one of these names) or
/// `scopes` (has at least one of these scopes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SearchOperand {
    pub filter_name: &'static str,
    pub filter_value: Vec<String>,
}

impl SearchOperand {
    pub fn client_ids(ids: Vec<String>) -> Self {
        SearchOperand {
            filter_name: "client_id",
            filter_value: ids,
        }
    }

    pub fn client_names(names: Vec<String>) -> Self {
        SearchOperand {
            filter_name: "client_name",
            filter_value: names,
        }
    }

    pub fn scopes(scopes: Vec<String>) -> Self {
        SearchOperand {
            filter_name: "scopes",
            filter_value: scopes,
        }
    }
}

/// One page of clients.
#[derive(Debug, Clone)]
pub struct SearchPage {
    pub request_id: String,
    pub m2m_clients: Vec<M2mClient>,
    pub results_metadata: ResultsMetadata,
    /// What was odd about the answer (free of secrets; sanitize before showing).
    pub warnings: Vec<String>,
}

/// `api_m2m_v1_ResultsMetadata`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResultsMetadata {
    /// -1 when totals are disabled for the workspace.
    pub total: i64,
    /// `None` on the last page.
    pub next_cursor: Option<String>,
}

/// Reads a 2xx search answer. `Err` carries a short reason; the body is never quoted.
pub fn parse_search_page(body: &[u8]) -> Result<SearchPage, String> {
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| format!("the body is not valid JSON (line {})", e.line()))?;
    let obj = value.as_object().ok_or("the answer is not a JSON object")?;
    let mut warnings = Vec::new();
    let request_id = match obj.get("request_id") {
        Some(Value::String(s)) => s.clone(),
        _ => {
            warnings.push("the answer has no request_id".into());
            String::new()
        }
    };
    let clients = obj
        .get("m2m_clients")
        .and_then(Value::as_array)
        .ok_or("the answer has no m2m_clients list")?;
    let m2m_clients = clients
        .iter()
        .map(|c| M2mClient::read(c, &mut warnings))
        .collect();
    let meta = obj
        .get("results_metadata")
        .and_then(Value::as_object)
        .ok_or("the answer has no results_metadata object")?;
    let total = meta
        .get("total")
        .and_then(Value::as_i64)
        .ok_or("results_metadata has no total")?;
    let next_cursor = match meta.get("next_cursor") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if s.is_empty() => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => return Err("results_metadata.next_cursor is not a string".into()),
    };
    Ok(SearchPage {
        request_id,
        m2m_clients,
        results_metadata: ResultsMetadata { total, next_cursor },
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_request_leaves_out_what_is_not_set() {
        let empty = serde_json::to_value(SearchRequest::default()).unwrap();
        assert_eq!(empty, serde_json::json!({}));
        let full = SearchRequest {
            limit: Some(1),
            cursor: Some("c".into()),
            query: Some(SearchQuery {
                operator: SearchOperator::Or,
                operands: vec![SearchOperand::scopes(vec!["read:users".into()])],
            }),
        };
        assert_eq!(
            serde_json::to_value(full).unwrap(),
            serde_json::json!({"limit":1,"cursor":"c","query":{"operator":"OR",
                "operands":[{"filter_name":"scopes","filter_value":["read:users"]}]}})
        );
    }

    #[test]
    fn a_page_is_read() {
        let body = br#"{"request_id":"r","status_code":200,"m2m_clients":[
            {"client_id":"a","client_name":"A","status":"active","scopes":["x"],"client_secret_last_four":"abcd"}],
            "results_metadata":{"total":3,"next_cursor":"YQ"}}"#;
        let page = parse_search_page(body).unwrap();
        assert_eq!(page.m2m_clients[0].client_id, "a");
        assert_eq!(page.results_metadata.total, 3);
        assert_eq!(page.results_metadata.next_cursor.as_deref(), Some("YQ"));
        let last = br#"{"request_id":"r","m2m_clients":[],"results_metadata":{"total":-1,"next_cursor":null}}"#;
        let page = parse_search_page(last).unwrap();
        assert_eq!(
            page.results_metadata,
            ResultsMetadata {
                total: -1,
                next_cursor: None
            }
        );
        assert!(parse_search_page(br#"{"m2m_clients":{}}"#).is_err());
        assert!(parse_search_page(br#"{"m2m_clients":[]}"#).is_err());
    }
}
