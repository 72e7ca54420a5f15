//! `POST /v1/m2m/clients` and `DELETE /v1/m2m/clients/{client_id}`
//! (`api_m2m_v1_m2m_clients_CreateRequest`, `…CreateResponse` and `…DeleteResponse` of
//! `../shared/stytch-openapi/openapi.yml`): a new client, whose secret is in the answer and
//! nowhere else, and the way to remove one.

use serde::Serialize;
use serde_json::Value;
use zeroize::Zeroizing;

use super::client::{Client, Op};
use super::failure;
use super::ids::ClientId;
use super::models::{parse_create_answer, CreateAnswer};
use crate::error::{Error, Result};

/// What `clients create` asks for. The `client_id` is always given (made by the caller unless
/// the user named one), so an answer that never comes can be settled by reading that id.
#[derive(Debug, Clone, Serialize)]
pub struct CreateRequest {
    pub client_id: String,
    pub client_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_description: Option<String>,
    pub scopes: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trusted_metadata: Option<Value>,
}

/// A 2xx answer to a delete.
#[derive(Debug, Clone)]
pub struct DeleteAnswer {
    pub request_id: String,
}

impl Client {
    /// Creates the client. No clear answer (a timeout, a dropped connection, a 5xx) is
    /// `outcome_unknown`: Stytch may have created it, and the secret in its answer is lost.
    pub async fn create_client(&self, req: &CreateRequest) -> Result<CreateAnswer> {
        let id = ClientId::parse(&req.client_id)?;
        let url = self.url("/v1/m2m/clients")?;
        let body = serde_json::to_vec(req)
            .map_err(|e| Error::internal(format!("could not encode a create request: {e}")))?;
        let answer = self
            .send_with_retries(Op::Create, &id, url, Some(Zeroizing::new(body)), true)
            .await?;
        parse_create_answer(&answer)
            .map_err(|why| failure::unreadable(&self.request(Op::Create, &id), &why))
    }

    /// Deletes the client: its secrets stop getting tokens (tokens already issued stay valid
    /// until they expire). A client that is not there is `client_not_found`.
    pub async fn delete_client(&self, id: &ClientId) -> Result<DeleteAnswer> {
        let url = self.url(&format!("/v1/m2m/clients/{}", id.segment()))?;
        let answer = self
            .send_with_retries(Op::Delete, id, url, None, true)
            .await?;
        let value: Value = serde_json::from_slice(&answer).map_err(|_| {
            failure::unreadable(&self.request(Op::Delete, id), "the body is not JSON")
        })?;
        Ok(DeleteAnswer {
            request_id: value
                .get("request_id")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned(),
        })
    }
}
