//! HTTPS from the certificate and key files of the config's `[tls]`: read at
//! start (a bad pair stops the start, with the reason), and again on SIGHUP,
//! when a renewed certificate takes over for every new connection without a
//! restart. A pair that cannot be read then is refused and the one in use
//! kept, so a half-copied renewal never takes the service down.

use std::{
    fmt,
    sync::{Arc, RwLock},
};

use anyhow::Context;
use rustls::{
    pki_types::{pem::PemObject, CertificateDer, PrivateKeyDer},
    server::{ClientHello, ResolvesServerCert},
    sign::CertifiedKey,
    ServerConfig,
};
use tokio_rustls::TlsAcceptor;

use crate::config::Tls;

/// The certificate in use, and where to read its successor.
pub struct Certificates {
    files: Tls,
    current: RwLock<Arc<CertifiedKey>>,
}

impl fmt::Debug for Certificates {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Certificates")
            .field("files", &self.files)
            .finish_non_exhaustive()
    }
}

impl Certificates {
    pub fn load(files: &Tls) -> anyhow::Result<Arc<Certificates>> {
        Ok(Arc::new(Certificates {
            current: RwLock::new(read(files)?),
            files: files.clone(),
        }))
    }

    /// Reads the files again; on any error keeps the certificate in use.
    pub fn reload(&self) -> anyhow::Result<()> {
        let fresh = read(&self.files)?;
        *self.current.write().expect("certificate lock") = fresh;
        Ok(())
    }

    /// What the accept loop wraps each connection in.
    pub fn acceptor(self: &Arc<Self>) -> TlsAcceptor {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let mut config = ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .expect("ring supports the default TLS versions")
            .with_no_client_auth()
            .with_cert_resolver(self.clone());
        // The server speaks HTTP/1.1 only.
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        TlsAcceptor::from(Arc::new(config))
    }
}

impl ResolvesServerCert for Certificates {
    fn resolve(&self, _hello: ClientHello<'_>) -> Option<Arc<CertifiedKey>> {
        Some(self.current.read().expect("certificate lock").clone())
    }
}

/// The chain and its key, checked to belong together.
fn read(files: &Tls) -> anyhow::Result<Arc<CertifiedKey>> {
    let chain = CertificateDer::pem_file_iter(&files.certificate)
        .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
        .with_context(|| {
            format!(
                "cannot read certificates from {}",
                files.certificate.display()
            )
        })?;
    if chain.is_empty() {
        anyhow::bail!("{} holds no certificate", files.certificate.display());
    }
    let key = PrivateKeyDer::from_pem_file(&files.key)
        .with_context(|| format!("cannot read a private key from {}", files.key.display()))?;
    let provider = rustls::crypto::ring::default_provider();
    let certified = CertifiedKey::from_der(chain, key, &provider).with_context(|| {
        format!(
            "the key in {} does not fit the certificate in {}",
            files.key.display(),
            files.certificate.display()
        )
    })?;
    Ok(Arc::new(certified))
}
