//! Trust for HTTPS: the platform's CA certificates (honouring SSL_CERT_FILE and SSL_CERT_DIR),
//! plus `--ca-cert` for TLS-inspecting proxies and private fronts, with Mozilla's roots as the
//! fallback on a machine that has no CA bundle at all. There is no way to turn verification off.
//!
//! Roots are loaded only when the base URL is https: a run against a local Stytch over
//! loopback http pays nothing for them.

use std::path::Path;
use std::sync::Arc;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::CertificateDer;
use rustls::RootCertStore;

use crate::error::{Error, ErrorKind, Result};
use crate::sanitize::sanitize;

/// Where the trusted roots came from, for `doctor`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RootSource {
    /// Not loaded: plain http to loopback.
    NotNeeded,
    /// The platform's store, or the file and directory named by SSL_CERT_FILE / SSL_CERT_DIR.
    Platform { certs: usize },
    /// No CA bundle on this machine: Mozilla's roots, built in.
    BuiltIn { certs: usize },
}

pub struct Trust {
    pub config: rustls::ClientConfig,
    pub roots: RootSource,
    pub extra: usize,
}

/// Builds the TLS client configuration.
pub fn trust(https: bool, extra_ca: Option<&Path>) -> Result<Trust> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut roots = RootCertStore::empty();
    let mut source = RootSource::NotNeeded;
    if https {
        source = platform_roots(&mut roots)?;
    }
    let mut extra = 0;
    if let Some(path) = extra_ca {
        extra = add_pem(&mut roots, path)?;
    }
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::internal(format!("TLS set-up: {e}")))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(Trust {
        config,
        roots: source,
        extra,
    })
}

fn platform_roots(roots: &mut RootCertStore) -> Result<RootSource> {
    let named = ["SSL_CERT_FILE", "SSL_CERT_DIR"]
        .into_iter()
        .filter_map(|k| {
            std::env::var_os(k)
                .filter(|v| !v.is_empty())
                .map(|v| (k, v))
        })
        .collect::<Vec<_>>();
    let found = rustls_native_certs::load_native_certs();
    let (added, _ignored) = roots.add_parsable_certificates(found.certs);
    if added > 0 {
        return Ok(RootSource::Platform { certs: added });
    }
    if let Some((name, value)) = named.first() {
        // The user pointed at a bundle and it gave nothing: say so rather than fall back.
        let why = found
            .errors
            .first()
            .map(|e| sanitize(&e.to_string()))
            .unwrap_or_else(|| "it holds no PEM certificates".into());
        return Err(Error::new(
            ErrorKind::InvalidCaBundle,
            format!(
                "{name}={} gave no CA certificates: {why}",
                sanitize(&value.to_string_lossy())
            ),
        )
        .hint(format!(
            "point {name} at a PEM bundle (e.g. /etc/ssl/certs/ca-certificates.crt), or unset it"
        )));
    }
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    Ok(RootSource::BuiltIn { certs: roots.len() })
}

fn add_pem(roots: &mut RootCertStore, path: &Path) -> Result<usize> {
    let shown = sanitize(&path.display().to_string());
    let invalid = |why: String| {
        Error::new(
            ErrorKind::InvalidCaCert,
            format!("--ca-cert {shown}: {why}"),
        )
        .hint("give a PEM file holding one or more CA certificates (-----BEGIN CERTIFICATE-----)")
    };
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(path)
        .map_err(|e| invalid(sanitize(&e.to_string())))?
        .collect::<std::result::Result<_, _>>()
        .map_err(|e| invalid(sanitize(&e.to_string())))?;
    if certs.is_empty() {
        return Err(invalid("no certificate in it".into()));
    }
    let n = certs.len();
    for cert in certs {
        roots.add(cert).map_err(|e| {
            invalid(format!(
                "not a usable CA certificate ({})",
                sanitize(&e.to_string())
            ))
        })?;
    }
    Ok(n)
}

/// A hint for a TLS failure, from the cause rustls gave.
pub fn hint_for(cause: &str) -> &'static str {
    if cause.contains("UnknownIssuer")
        || cause.contains("BadSignature")
        || cause.contains("unknown issuer")
    {
        "the server's certificate is not signed by a CA this machine trusts; nothing was sent. \
         Behind a TLS-inspecting proxy or with a private front, add its CA with --ca-cert PATH (or STYTCH_CA_CERT, SSL_CERT_FILE)"
    } else if cause.contains("NotValidForName") || cause.contains("not valid for name") {
        "the server's certificate is for another host name; nothing was sent. Check --base-url / STYTCH_BASE_URL"
    } else if cause.contains("Expired") || cause.contains("expired") {
        "the server's certificate has expired (or this machine's clock is wrong); nothing was sent"
    } else {
        "the TLS handshake failed; nothing was sent. Check --base-url, the proxy settings and --ca-cert"
    }
}

/// An https URL whose server answered in plain text (rustls: "received corrupt message of type
/// InvalidContentType"): it does not speak TLS on that port.
pub fn not_tls(url: &reqwest::Url, local: bool) -> Error {
    let host = match url.port() {
        Some(port) => format!("{}:{port}", url.host_str().unwrap_or("?")),
        None => url.host_str().unwrap_or("?").to_owned(),
    };
    let err = Error::new(
        ErrorKind::TlsFailed,
        format!("the server at {host} does not speak TLS (https) on that port: it answered in plain text; nothing was sent"),
    );
    if local {
        let mut http = url.clone();
        let _ = http.set_scheme("http");
        err.hint(format!(
            "for a local Stytch over plain http, use {}",
            http.as_str().trim_end_matches('/')
        ))
    } else {
        err.hint("check the port in --base-url / STYTCH_BASE_URL: it must be the server's https port (plain http is allowed only to this machine)")
    }
}

pub fn tls_failure(host: &str, cause: &str) -> Error {
    // "client error (Connect): invalid peer certificate: …": only the certificate part helps.
    let cause = cause
        .find("invalid peer certificate")
        .map_or(cause, |i| &cause[i..]);
    Error::new(
        ErrorKind::TlsFailed,
        format!("could not make a verified HTTPS connection to {host}: {cause}"),
    )
    .hint(hint_for(cause))
}

#[cfg(test)]
mod tests {
    #[test]
    fn not_tls_suggests_http_only_for_this_machine() {
        let local = reqwest::Url::parse("https://127.0.0.1:36315").unwrap();
        let err = super::not_tls(&local, true);
        assert!(
            err.message.contains("127.0.0.1:36315 does not speak TLS"),
            "{}",
            err.message
        );
        assert!(err.hint.unwrap().contains("use http://127.0.0.1:36315"));
        let remote = reqwest::Url::parse("https://stytch.example.com:8080").unwrap();
        let hint = super::not_tls(&remote, false).hint.unwrap();
        assert!(!hint.contains("http://"), "{hint}");
        assert!(hint.contains("https port"), "{hint}");
    }
}
