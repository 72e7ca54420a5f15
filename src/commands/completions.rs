//! `completions SHELL`: the same scripts that `completions/` holds.

use std::io::Write;

use crate::cli::CompletionsArgs;
use crate::error::Result;

pub fn run(args: CompletionsArgs) -> Result<()> {
    let script = crate::cli::completion_script(args.shell);
    let mut out = std::io::stdout().lock();
    crate::ui::listing_written(out.write_all(&script).and_then(|()| out.flush()))
}
