//! The web entry point: mounts the Yew app on the page's `#app` element.
//!
//! Built natively (as `cargo test` and `cargo clippy` do for every bin), this
//! binary only says where the app runs.

#[cfg(target_arch = "wasm32")]
fn main() {
    // Debug builds (`make serve`) print a panic's message and place on the
    // browser console. The release build has no panic messages: it is built with
    // `-Cpanic=immediate-abort` (scripts/lib.sh), so a panic traps at once and the
    // page throws `RuntimeError: unreachable`, which the browser tests fail on.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    let root = gloo::utils::document()
        .get_element_by_id("app")
        .expect("index.html has an element with id=\"app\" to mount the playground on");
    yew::Renderer::<kafka_playground::ui::App>::with_root(root).render();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    eprintln!(
        "kafka-playground is the browser app: run `make serve` and open \
         http://127.0.0.1:8080 (the command-line runner is `kplay`)."
    );
    std::process::ExitCode::FAILURE
}
