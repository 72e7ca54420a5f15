//! The proxy variables, checked before the first request. reqwest (hyper-util underneath) passes
//! over a value it cannot use and connects straight to Stytch; curl stops instead ("Could not
//! resolve proxy"), and so does this tool: a proxy is set for a reason (egress only through an
//! audited gateway), and a typo in it must not send the project secret around it unnoticed.
//!
//! The rules are hyper-util's own (`client::proxy::matcher`): for an `https://` base URL the
//! first of `HTTPS_PROXY`, `https_proxy` that is set; when that is unset or empty, the first of
//! `ALL_PROXY`, `all_proxy`; none at all under CGI (`REQUEST_METHOD` set). An empty value means
//! "no proxy".

use crate::error::{redact_userinfo, Error, ErrorKind, Result};
use crate::sanitize::sanitize;

/// The schemes hyper-util can use for a proxy; no scheme means `http`.
const SCHEMES: [&str; 2] = ["http", "https"];
/// The ones it also knows, which this build (reqwest without its `socks` feature) would send
/// an HTTP `CONNECT` to.
const SOCKS: [&str; 4] = ["socks4", "socks4a", "socks5", "socks5h"];

/// The proxy variable that `https://` requests go by, as hyper-util picks it: the first of
/// `HTTPS_PROXY`, `https_proxy` that is set, unless it is empty; else the first of `ALL_PROXY`,
/// `all_proxy` (so an `ALL_PROXY` meant for other tools does not count when `HTTPS_PROXY` names
/// a proxy). `None` under CGI, or when none names anything.
fn applying(var: &impl Fn(&str) -> Option<String>) -> Option<(&'static str, String)> {
    if var("REQUEST_METHOD").is_some() {
        return None;
    }
    [["HTTPS_PROXY", "https_proxy"], ["ALL_PROXY", "all_proxy"]]
        .into_iter()
        .filter_map(|names| names.into_iter().find_map(|n| var(n).map(|v| (n, v))))
        .find(|(_, value)| !value.is_empty())
}

/// Fails if the proxy variable that applies to `https://` requests is set to something that is
/// not a usable proxy URL. `var` reads the environment (a closure, so tests need not change it).
pub(super) fn check_https_proxy(var: impl Fn(&str) -> Option<String>) -> Result<()> {
    match applying(&var) {
        Some((name, value)) => usable(&value).map_err(|why| unusable(name, &value, why)),
        None => Ok(()),
    }
}

/// Whether hyper-util would use `value` as a proxy, and if not, why.
fn usable(value: &str) -> std::result::Result<(), &'static str> {
    if value.is_empty() {
        return Ok(());
    }
    let uri: http::Uri = value.parse().map_err(|_| "it is not a URL")?;
    if let Some(scheme) = uri.scheme_str() {
        if SOCKS.contains(&scheme) {
            return Err("SOCKS proxies are not supported; use an HTTP proxy (CONNECT)");
        }
        if !SCHEMES.contains(&scheme) {
            return Err("its scheme is not one a proxy can use (http or https)");
        }
    }
    // hyper-util then rebuilds the URL from the host and port alone: an authority that parsed
    // above still parses without its user info.
    uri.authority().map(|_| ()).ok_or("it names no host")
}

/// The proxy that `https://` requests to `dst` go through, chosen as reqwest chooses it
/// (hyper-util's own matcher, `NO_PROXY` included): "the proxy proxy.example:3128 from
/// HTTPS_PROXY", never its user info. `None` when no proxy applies.
pub(super) fn in_use(dst: &url::Url, var: impl Fn(&str) -> Option<String>) -> Option<String> {
    let (name, value) = applying(&var)?;
    let no = ["NO_PROXY", "no_proxy"].into_iter().find_map(&var);
    let matcher = hyper_util::client::proxy::matcher::Matcher::builder()
        .https(value)
        .no(no.unwrap_or_default())
        .build();
    let proxy = matcher.intercept(&dst.as_str().parse().ok()?)?;
    Some(format!(
        "the proxy {} from {name}",
        sanitize(proxy.uri().authority()?.as_str())
    ))
}

fn unusable(name: &str, value: &str, why: &str) -> Error {
    let shown = sanitize(&redact_userinfo(value));
    Error::new(
        ErrorKind::ClientSetupFailed,
        format!(
            "{name} is set to \"{shown}\", which is not a usable proxy: {why}; nothing was sent"
        ),
    )
    .hint(format!(
        "fix {name} (for example http://proxy.example:3128), or unset it to connect directly"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(vars: &[(&str, &str)]) -> Result<()> {
        check_https_proxy(|name| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v).to_owned())
        })
    }

    #[test]
    fn values_hyper_util_can_use_pass() {
        for value in [
            "",
            "http://proxy.example:3128",
            "proxy.example:3128",
            "https://proxy.example",
            "http://bob:pass@proxy.example:3128/",
            "http://[::1]:3128",
        ] {
            assert!(usable(value).is_ok(), "{value}");
            assert!(check(&[("HTTPS_PROXY", value)]).is_ok(), "{value}");
        }
        assert!(check(&[]).is_ok());
    }

    #[test]
    fn values_hyper_util_would_pass_over_are_refused_without_their_password() {
        for (value, why) in [
            ("http://bob:hunter2@[not a url", "not a URL"),
            ("ftp://proxy.example:21", "scheme"),
            (
                "socks5h://bob:hunter2@proxy.example:1080",
                "SOCKS proxies are not supported",
            ),
            ("/just/a/path", "no host"),
            ("http://bob:hunter2@pro xy:3128", "not a URL"),
            ("http://bob:hunter2@", "not a URL"),
        ] {
            let err = check(&[("https_proxy", value)]).expect_err(value);
            assert_eq!(err.kind, ErrorKind::ClientSetupFailed, "{value}");
            assert!(
                err.message.starts_with("https_proxy is set to"),
                "{}",
                err.message
            );
            assert!(err.message.contains(why), "{value}: {}", err.message);
            assert!(!err.message.contains("hunter2"), "{}", err.message);
        }
    }

    #[test]
    fn the_proxy_in_use_is_named_with_its_variable_and_without_its_password() {
        let dst = url::Url::parse("https://test.stytch.com/v1/").unwrap();
        let in_use = |vars: &[(&str, &str)]| {
            in_use(&dst, |name| {
                vars.iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| (*v).to_owned())
            })
        };
        assert_eq!(in_use(&[]), None);
        assert_eq!(
            in_use(&[("HTTPS_PROXY", "http://bob:hunter2@proxy.example:3128")]).as_deref(),
            Some("the proxy proxy.example:3128 from HTTPS_PROXY")
        );
        assert_eq!(
            in_use(&[("https_proxy", ""), ("all_proxy", "proxy.example:8080")]).as_deref(),
            Some("the proxy proxy.example:8080 from all_proxy")
        );
        for no in [
            "test.stytch.com",
            ".stytch.com",
            "*",
            "other.example, stytch.com",
        ] {
            let vars = [("HTTPS_PROXY", "proxy.example:3128"), ("NO_PROXY", no)];
            assert_eq!(in_use(&vars), None, "{no}");
        }
        let vars = [
            ("HTTPS_PROXY", "proxy.example:3128"),
            ("no_proxy", "stytch.example"),
        ];
        assert!(in_use(&vars).is_some());
        let cgi = [
            ("HTTPS_PROXY", "proxy.example:3128"),
            ("REQUEST_METHOD", "GET"),
        ];
        assert_eq!(in_use(&cgi), None);
    }

    #[test]
    fn the_variables_are_read_in_hyper_utils_order() {
        // The upper-case name wins when both are set; ALL_PROXY is checked too.
        assert!(check(&[("HTTPS_PROXY", "http://ok:1"), ("https_proxy", "::")]).is_ok());
        let err = check(&[("HTTPS_PROXY", "::"), ("https_proxy", "http://ok:1")]).unwrap_err();
        assert!(err.message.starts_with("HTTPS_PROXY "), "{}", err.message);
        let err = check(&[("HTTPS_PROXY", ""), ("all_proxy", "::")]).unwrap_err();
        assert!(err.message.starts_with("all_proxy "), "{}", err.message);
        // ALL_PROXY is not read for https when HTTPS_PROXY names a proxy (hyper-util's rule).
        let socks_for_others = [
            ("HTTPS_PROXY", "http://ok:1"),
            ("ALL_PROXY", "socks5://l:1"),
        ];
        assert!(check(&socks_for_others).is_ok());
        // Under CGI no proxy variable is read at all.
        assert!(check(&[("REQUEST_METHOD", "GET"), ("HTTPS_PROXY", "::")]).is_ok());
    }
}
