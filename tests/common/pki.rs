//! A throwaway PKI: a CA and server certificates it signed, for the local Stytch over https.

use std::path::{Path, PathBuf};

/// A throwaway CA and a server certificate it signed, for the local Stytch over https.
pub struct TestPki {
    pub ca_pem: String,
    pub cert_pem: String,
    pub key_pem: String,
}

impl TestPki {
    /// A CA, and a certificate from it for `names` (e.g. "localhost").
    pub fn new(names: &[&str]) -> TestPki {
        Self::issue(names, |_| {})
    }

    /// The same, but the server certificate expired long ago (valid in the year 2000 only).
    pub fn expired(names: &[&str]) -> TestPki {
        Self::issue(names, |params| {
            params.not_before = rcgen::date_time_ymd(2000, 1, 1);
            params.not_after = rcgen::date_time_ymd(2001, 1, 1);
        })
    }

    /// A CA, and a certificate from it for `names` whose parameters `adjust` may change.
    fn issue(names: &[&str], adjust: impl FnOnce(&mut rcgen::CertificateParams)) -> TestPki {
        use rcgen::{
            BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair, KeyUsagePurpose,
        };
        let ca_key = KeyPair::generate().unwrap();
        let mut ca = CertificateParams::new(Vec::<String>::new()).unwrap();
        ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        let name = format!("stytch-m2m test CA {}", stytch_m2m_mock::state::uuid());
        ca.distinguished_name.push(DnType::CommonName, name);
        ca.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        let ca_cert = ca.self_signed(&ca_key).unwrap();
        let issuer = Issuer::new(ca, ca_key);
        let key = KeyPair::generate().unwrap();
        let mut params =
            CertificateParams::new(names.iter().map(|n| n.to_string()).collect::<Vec<_>>())
                .unwrap();
        adjust(&mut params);
        let cert = params.signed_by(&key, &issuer).unwrap();
        TestPki {
            ca_pem: ca_cert.pem(),
            cert_pem: cert.pem(),
            key_pem: key.serialize_pem(),
        }
    }

    pub fn write_ca(&self, dir: &Path) -> PathBuf {
        let path = dir.join("test-ca.pem");
        std::fs::write(&path, &self.ca_pem).unwrap();
        path
    }
}
