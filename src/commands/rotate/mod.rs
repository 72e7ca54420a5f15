//! `rotate start|complete|cancel|run|status`: one file per subcommand, each of which works on
//! one `--client-id` itself (with the steps of [`crate::rotation`]) or hands many clients to the
//! fleet ([`many`]); and what the one-client paths share: the `--expect-…` guard and the warning
//! about an odd answer.

pub mod cancel;
pub mod complete;
mod many;
pub mod run;
pub mod start;
pub mod status;

use crate::error::{ErrorKind, Result};
use crate::rotation::Context;
use crate::stytch::models::ClientAnswer;

/// A compare-and-swap guard for scripts: `expected` (from an `--expect-…` flag) must be what
/// Stytch shows now, or nothing is sent (exit 5, with both in `--json`).
pub(crate) fn check_expected(
    what: &str,
    expected: Option<&str>,
    actual: Option<&str>,
) -> Result<()> {
    let Some(expected) = expected else {
        return Ok(());
    };
    if actual == Some(expected) {
        return Ok(());
    }
    let shown = actual.map_or("none".to_owned(), |a| {
        format!("…{}", crate::sanitize::sanitize(a))
    });
    Err(crate::error::Error::new(
        ErrorKind::PreconditionFailed,
        format!(
            "the {what} was expected to end in {}, but Stytch shows {shown}; nothing was sent",
            crate::sanitize::sanitize(expected)
        ),
    )
    .field("expected", expected)
    .field("actual", actual.map(crate::sanitize::sanitize))
    .hint("someone else changed the rotation since your script looked: read it again with `rotate status`"))
}

/// Prints what was odd about an answer that was still used.
pub(crate) fn warn_odd(ctx: &Context<'_>, answer: &ClientAnswer) {
    for w in &answer.warnings {
        ctx.ui.warn(format!(
            "Stytch's answer was odd: {}",
            crate::sanitize::sanitize(w)
        ));
    }
}
