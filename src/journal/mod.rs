//! The secret-free journal (`journal.jsonl`: what each run did to which client, by last four
//! only) under the state directory, and the per-client locks under one per-account directory.
//! A layer below the commands: it knows nothing of Stytch, keyrings or the command line.
//!
//! A mutating command opens the [`Journal`] (proving it writable) and takes the
//! [`ClientLock`] before it sends anything, then [`Journal::record`]s an `intent` entry before
//! each request and its outcome after. `history` reads with [`read_history`], which never
//! creates anything, and prints with [`render_table`] or [`render_json_lines`].

mod dir;
mod entry;
mod error;
mod history;
mod lock;
mod private;
pub(crate) mod process;
mod render;
mod writer;

pub use dir::{LockDir, StateDir};
#[cfg(test)]
pub(crate) use entry::sample;
pub use entry::{Action, Entry, Event, LastFour, Phase};
pub use error::JournalError;
pub use history::{read_history, History};
pub use lock::{holder_now as lock_holder_now, ClientLock, LockHolder};
pub use private::{dir_problem, file_problem, Role};
pub use render::{render_json_lines, render_table};
pub use writer::Journal;
