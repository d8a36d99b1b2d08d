//! The engine compiled to wasm and run in headless Chromium
//! (`scripts/wasm-check.sh`): the throughput benchmark's workload, timed, so its
//! speed can be compared with the native run of `benches/throughput.rs`.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

use kafka_playground::scenario::{self, run::start};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn load_benchmark() {
    let parsed = scenario::parse(include_str!("../benches/load.json"))
        .expect("the benchmark scenario is valid");
    let started = js_sys::Date::now();
    let mut cluster = start(&parsed, false);
    while cluster
        .next_event_ms()
        .is_some_and(|t| t <= parsed.run_until_ms)
    {
        cluster.step();
    }
    let elapsed_ms = js_sys::Date::now() - started;
    let records = cluster.ledger().len();
    assert_eq!(records, 1_000_000);
    assert!(cluster.violations().is_empty());
    web_sys::console::log_1(
        &format!("WASM-BENCH records={records} wall_ms={elapsed_ms:.0}").into(),
    );
}
