//! The async runtime every command runs on: one thread, created per command. Below every
//! other module, so that any of them (the keyring read of `config`, say) can block on a future.

use std::future::Future;

use crate::error::{Error, Result};

pub fn block_on<T>(fut: impl Future<Output = Result<T>>) -> Result<T> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::internal(format!("could not start the async runtime: {e}")))?;
    let result = rt.block_on(fut);
    rt.shutdown_background();
    result
}
