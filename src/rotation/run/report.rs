//! What `rotate run` did, step by step: lines on stderr as it goes, and under `--json` one
//! object on stdout at the end (success or not), never the secret.

use serde_json::{json, Value};

use crate::error::{Error, Result};
use crate::rotation::Context;

#[derive(Default)]
pub(crate) struct Report {
    steps: Vec<Value>,
    pub secret_last_four: Option<String>,
    pub next_secret_last_four: Option<String>,
    pub deploy_exit_code: Option<i32>,
    /// `completed`, `pending` (kept for --resume) or `cancelled`.
    pub state: Option<&'static str>,
    /// `--resume` found nothing to do: an earlier run completed the rotation.
    pub already_done: bool,
}

impl Report {
    /// Records a step and tells the person at the terminal.
    pub fn step(&mut self, ctx: &Context<'_>, step: &str, outcome: &str, detail: Value) {
        let mut entry = json!({ "step": step, "outcome": outcome });
        if let (Some(obj), Value::Object(more)) = (entry.as_object_mut(), detail) {
            obj.extend(more);
        }
        self.steps.push(entry);
        ctx.ui.info(format!("{step:<8} {outcome}"));
    }

    /// Prints the JSON object (under `--json`) and hands the result on.
    pub fn finish(self, ctx: &Context<'_>, id: &str, result: Result<()>) -> Result<()> {
        if !ctx.ui.json {
            return result;
        }
        let state = match (&result, self.state) {
            (Ok(()), _) => "completed",
            (Err(_), Some(state)) => state,
            (Err(_), None) => "failed",
        };
        let value = json!({
            "client_id": id,
            "result": state,
            "exit_code": result.as_ref().err().map_or(0, |e: &Error| e.code.code()),
            "secret_last_four": self.secret_last_four,
            "next_secret_last_four": self.next_secret_last_four,
            "deploy_exit_code": self.deploy_exit_code,
            "steps": self.steps,
        });
        ctx.ui.json_data(&value)?;
        result
    }
}
