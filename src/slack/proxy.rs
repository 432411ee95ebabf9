//! The outbound proxy a hospital network puts between the bot and Slack. `slack.proxy_url`
//! wins; otherwise `HTTPS_PROXY` (or `https_proxy`, then `ALL_PROXY`), with `NO_PROXY`
//! naming hosts to reach directly. Web API calls go through it (reqwest), and so does the
//! Socket Mode WebSocket, through an HTTP `CONNECT` tunnel.

use std::time::Duration;

use anyhow::{Context, anyhow, bail};
use base64::Engine;
use reqwest::Url;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Where outbound connections go.
#[derive(Clone, Debug, Default)]
pub struct Proxy {
    url: Option<Url>,
    no_proxy: Vec<String>,
}

impl Proxy {
    /// From the setting, else the environment.
    pub fn from_settings(proxy_url: &str) -> anyhow::Result<Self> {
        let var = |names: &[&str]| names.iter().find_map(|n| std::env::var(n).ok().filter(|v| !v.trim().is_empty()));
        let chosen = if proxy_url.trim().is_empty() {
            var(&["HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"])
        } else {
            Some(proxy_url.trim().to_string())
        };
        let no_proxy = var(&["NO_PROXY", "no_proxy"]).unwrap_or_default();
        Self::new(chosen.as_deref(), &no_proxy)
    }

    pub fn new(url: Option<&str>, no_proxy: &str) -> anyhow::Result<Self> {
        let url = match url {
            Some(u) => {
                // "proxy.hospital.org:3128" is as often written as the full URL.
                let full = if u.contains("://") { u.to_string() } else { format!("http://{u}") };
                let url =
                    Url::parse(&full).map_err(|_| anyhow!("the proxy address is not a URL like http://proxy:3128"))?;
                if url.scheme() != "http" {
                    bail!("the proxy must be an http:// proxy (it tunnels TLS with CONNECT)");
                }
                Some(url)
            }
            None => None,
        };
        let no_proxy = no_proxy
            .split(',')
            .map(|h| h.trim().trim_start_matches("*.").trim_start_matches('.').to_ascii_lowercase())
            .map(|h| h.split(':').next().unwrap_or_default().to_string())
            .filter(|h| !h.is_empty())
            .collect();
        Ok(Self { url, no_proxy })
    }

    /// The proxy to use for `host`, unless `NO_PROXY` names it (or a domain it is in).
    pub fn for_host(&self, host: &str) -> Option<&Url> {
        let host = host.trim_start_matches('[').trim_end_matches(']').to_ascii_lowercase();
        let direct = self.no_proxy.iter().any(|n| n == "*" || host == *n || host.ends_with(&format!(".{n}")));
        if direct { None } else { self.url.as_ref() }
    }

    /// The reqwest proxy for the Web API client, if any.
    pub fn for_reqwest(&self) -> anyhow::Result<Option<reqwest::Proxy>> {
        let Some(url) = &self.url else { return Ok(None) };
        let proxy =
            reqwest::Proxy::all(url.as_str())?.no_proxy(reqwest::NoProxy::from_string(&self.no_proxy.join(",")));
        Ok(Some(proxy))
    }

    /// A TCP stream to `host:port`: direct, or a tunnel through the proxy.
    pub async fn connect(&self, host: &str, port: u16) -> anyhow::Result<TcpStream> {
        let Some(proxy) = self.for_host(host) else {
            return Ok(TcpStream::connect((host, port)).await?);
        };
        let proxy_host = proxy.host_str().ok_or_else(|| anyhow!("the proxy URL has no host"))?;
        let proxy_port = proxy.port_or_known_default().unwrap_or(3128);
        let mut stream = TcpStream::connect((proxy_host, proxy_port)).await.context("connecting to the proxy")?;
        let target = if host.contains(':') { format!("[{host}]:{port}") } else { format!("{host}:{port}") };
        let mut request = format!("CONNECT {target} HTTP/1.1\r\nHost: {target}\r\n");
        if !proxy.username().is_empty() {
            let credentials = format!("{}:{}", proxy.username(), proxy.password().unwrap_or_default());
            let encoded = base64::engine::general_purpose::STANDARD.encode(credentials);
            request.push_str(&format!("Proxy-Authorization: Basic {encoded}\r\n"));
        }
        request.push_str("\r\n");
        stream.write_all(request.as_bytes()).await?;
        // The proxy's answer ends with an empty line; nothing of the tunnel follows it yet.
        let mut answer = Vec::with_capacity(256);
        let mut byte = [0u8; 1];
        let read = async {
            while !answer.ends_with(b"\r\n\r\n") {
                if answer.len() > 8192 || stream.read(&mut byte).await? == 0 {
                    bail!("the proxy closed the connection or answered too much");
                }
                answer.push(byte[0]);
            }
            Ok(())
        };
        tokio::time::timeout(Duration::from_secs(5), read).await.map_err(|_| anyhow!("the proxy did not answer"))??;
        let status = String::from_utf8_lossy(&answer);
        let code = status.split_whitespace().nth(1).unwrap_or_default();
        if code != "200" {
            bail!("the proxy refused the tunnel (HTTP {code})");
        }
        Ok(stream)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_proxy_names_hosts_and_domains_to_reach_directly() {
        let proxy = Proxy::new(Some("proxy.hospital.org:3128"), "localhost, .internal.org,127.0.0.1:9000").unwrap();
        assert!(proxy.for_host("wss-primary.slack.com").is_some());
        assert_eq!(proxy.for_host("slack.com").unwrap().as_str(), "http://proxy.hospital.org:3128/");
        assert!(proxy.for_host("localhost").is_none());
        assert!(proxy.for_host("api.internal.org").is_none());
        assert!(proxy.for_host("internal.org").is_none());
        assert!(proxy.for_host("127.0.0.1").is_none());
        assert!(proxy.for_host("notinternal.org").is_some());
        let everything = Proxy::new(Some("http://p:8080"), "*").unwrap();
        assert!(everything.for_host("slack.com").is_none());
        assert!(Proxy::new(None, "").unwrap().for_host("slack.com").is_none());
        assert!(Proxy::new(Some("socks5://p:1080"), "").is_err());
    }
}
