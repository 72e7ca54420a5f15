//! Shared test support, one module per concern: the harness (a local Stytch and the real binary),
//! the custody invariant, printed recovery run as printed, a real terminal, keyring sessions, a throwaway
//! PKI, a forward proxy, and the README's figures.
//! Everything is re-exported here, so a test file says `use common::*;` and names `Harness`,
//! `CLIENT_ID`, …

// Each test binary compiles all of `common` but uses only a part of it, and dead-code analysis
// runs per binary: without these allows, every binary would warn about the helpers only the
// others use (and about re-exports it does not import). The allows cover the support modules
// and their re-exports only, never a test file.
#[allow(dead_code)]
mod custody;
#[allow(dead_code)]
mod figures;
#[allow(dead_code)]
mod harness;
#[allow(dead_code)]
mod keyring;
#[allow(dead_code)]
mod pki;
#[allow(dead_code)]
mod proxy;
#[allow(dead_code)]
mod recovery;
#[allow(dead_code)]
mod terminal;

#[allow(unused_imports)]
pub use custody::*;
#[allow(unused_imports)]
pub use figures::*;
#[allow(unused_imports)]
pub use harness::*;
#[allow(unused_imports)]
pub use keyring::*;
#[allow(unused_imports)]
pub use pki::*;
#[allow(unused_imports)]
pub use proxy::*;
#[allow(unused_imports)]
pub use recovery::*;
#[allow(unused_imports)]
pub use stytch_m2m_mock::{ClientRecord, Fault, FaultKind, MockServer, RecordedRequest, Route};
#[allow(unused_imports)]
pub use terminal::*;
