//! The allowed origin of `postMessage` commands. An author who sets `origin=` in
//! the iframe's URL gets a playground that obeys only their page: a message from
//! any other origin (another frame, an ad, an extension) is ignored. Without it,
//! any page that embeds the playground may drive it, which is safe because a
//! command only ever runs the simulation.

/// `text` as an origin (`scheme://host[:port]`, lowercased, no trailing slash), or
/// why it is not one. Only `http` and `https` origins: `null`, `file:` and
/// `javascript:` are not.
pub fn parse_origin(text: &str) -> Result<String, &'static str> {
    let lower = text.trim().to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
        .ok_or("an origin starts with http:// or https://")?;
    let rest = rest.strip_suffix('/').unwrap_or(rest);
    let (host, port) = match rest.rsplit_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (rest, None),
    };
    let host_ok = !host.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-.".contains(&b));
    if !host_ok {
        return Err("an origin has a host name and nothing after it (no path, no user)");
    }
    if port.is_some_and(|p| p.parse::<u16>().is_err()) {
        return Err("an origin's port is a number from 0 to 65535");
    }
    Ok(lower.trim_end_matches('/').to_string())
}

/// Whether a message from `sender` (the event's `origin`) is obeyed.
pub fn origin_allowed(allowed: Option<&str>, sender: &str) -> bool {
    match allowed {
        None => true,
        Some(allowed) => parse_origin(sender).is_ok_and(|sender| sender == allowed),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_http_and_https_origins() {
        assert_eq!(
            parse_origin("https://Blog.Example/"),
            Ok("https://blog.example".into())
        );
        assert_eq!(
            parse_origin("http://127.0.0.1:8080"),
            Ok("http://127.0.0.1:8080".into())
        );
    }

    #[test]
    fn refuses_what_is_not_an_origin() {
        for text in [
            "",
            "null",
            "blog.example",
            "javascript:alert(1)",
            "file:///etc/passwd",
            "https://",
            "https://blog.example/post",
            "https://user@blog.example",
            "https://blog.example:99999",
        ] {
            assert!(parse_origin(text).is_err(), "{text:?}");
        }
    }

    #[test]
    fn only_the_allowed_origin_is_obeyed_when_one_is_set() {
        assert!(origin_allowed(None, "https://anyone.example"));
        assert!(origin_allowed(None, "null"));
        let allowed = Some("https://blog.example");
        assert!(origin_allowed(allowed, "https://blog.example"));
        assert!(origin_allowed(allowed, "https://BLOG.example"));
        assert!(!origin_allowed(allowed, "http://blog.example"));
        assert!(!origin_allowed(allowed, "https://blog.example:444"));
        assert!(!origin_allowed(allowed, "https://evil.example"));
        assert!(!origin_allowed(allowed, "null"));
    }
}
