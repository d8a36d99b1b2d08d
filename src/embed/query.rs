//! URL query strings (`?a=1&b&c=x%20y`): split into name/value pairs and
//! percent-decoded as browsers encode them (`application/x-www-form-urlencoded`:
//! `+` is a space). Written here rather than taken from a crate: a few lines.

/// The parameters of `query` (with or without the leading `?`), in order. A
/// parameter without `=` has the empty value. Bad percent escapes are kept as
/// written; bytes that are not UTF-8 become U+FFFD.
pub fn pairs(query: &str) -> Vec<(String, String)> {
    let query = query.strip_prefix('?').unwrap_or(query);
    query
        .split('&')
        .filter(|part| !part.is_empty())
        .map(|part| {
            let (name, value) = part.split_once('=').unwrap_or((part, ""));
            (decode(name), decode(value))
        })
        .collect()
}

/// Percent-encodes `text` for a query value: everything but `A-Z a-z 0-9 - . _ ~`.
pub fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => match bytes.get(i + 1..i + 3).and_then(hex_byte) {
                Some(byte) => {
                    out.push(byte);
                    i += 2;
                }
                None => out.push(b'%'),
            },
            byte => out.push(byte),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex_byte(digits: &[u8]) -> Option<u8> {
    let text = std::str::from_utf8(digits).ok()?;
    u8::from_str_radix(text, 16).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(name: &str, value: &str) -> (String, String) {
        (name.to_string(), value.to_string())
    }

    #[test]
    fn splits_names_and_values_and_decodes_them() {
        assert_eq!(
            pairs("?embed&lesson=hw-and-leo&origin=https%3A%2F%2Fblog.example&t=a+b"),
            vec![
                pair("embed", ""),
                pair("lesson", "hw-and-leo"),
                pair("origin", "https://blog.example"),
                pair("t", "a b"),
            ]
        );
        assert_eq!(pairs(""), vec![]);
        assert_eq!(pairs("?&&a=1&"), vec![pair("a", "1")]);
    }

    #[test]
    fn keeps_bad_escapes_and_replaces_bad_utf8() {
        assert_eq!(pairs("a=%zz%4"), vec![pair("a", "%zz%4")]);
        assert_eq!(pairs("a=%ff"), vec![pair("a", "\u{fffd}")]);
    }

    #[test]
    fn encoding_round_trips() {
        for text in ["https://blog.example:8443", "t-0", "a b&c=d", "ünï"] {
            let query = format!("x={}", encode(text));
            assert_eq!(pairs(&query), vec![pair("x", text)]);
        }
        assert_eq!(encode("https://a.b"), "https%3A%2F%2Fa.b");
    }
}
