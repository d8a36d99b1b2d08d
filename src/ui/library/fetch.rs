//! Fetching a file of the site as text, with the browser's `fetch`.

use yew::Callback;

/// Fetches `url` (relative to the page) and calls `done` with its text, or with
/// why it could not (`HTTP 404 Not Found`, a network error).
#[cfg(target_arch = "wasm32")]
pub fn fetch_text(url: String, done: Callback<Result<String, String>>) {
    wasm_bindgen_futures::spawn_local(async move {
        done.emit(fetch(&url).await);
    });
}

#[cfg(target_arch = "wasm32")]
async fn fetch(url: &str) -> Result<String, String> {
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;

    let describe = |error: JsValue| {
        error
            .dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .or_else(|| error.as_string())
            .unwrap_or_else(|| "the request failed".to_string())
    };
    let response = JsFuture::from(gloo::utils::window().fetch_with_str(url))
        .await
        .map_err(describe)?;
    let response: web_sys::Response = response
        .dyn_into()
        .map_err(|_| "the answer is not an HTTP response".to_string())?;
    if !response.ok() {
        return Err(format!(
            "HTTP {} {}",
            response.status(),
            response.status_text()
        ));
    }
    let text = JsFuture::from(response.text().map_err(describe)?)
        .await
        .map_err(describe)?;
    text.as_string()
        .ok_or_else(|| "the answer is not text".to_string())
}

/// Outside a browser (the native tests) there is nothing to fetch from: the
/// tests hand the guide the files of `static/` themselves.
#[cfg(not(target_arch = "wasm32"))]
pub fn fetch_text(url: String, done: Callback<Result<String, String>>) {
    done.emit(Err(format!("{url}: no network outside a browser")));
}
