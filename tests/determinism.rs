//! The same scenario gives the same report and trace, byte for byte: every
//! scenario file is run twice and compared. (The swarm test's generator is
//! checked the same way, and `scripts/wasm-check.sh` compares native and wasm.)

use kafka_playground::scenario::{self, run::run_to_json};

fn run_twice(text: &str) -> (String, String) {
    let parsed = scenario::parse(text).unwrap_or_else(|e| panic!("invalid scenario: {e:?}"));
    let first = serde_json::to_string(&run_to_json(&parsed, true)).unwrap_or_default();
    let second = serde_json::to_string(&run_to_json(&parsed, true)).unwrap_or_default();
    (first, second)
}

#[test]
fn every_scenario_file_runs_identically_twice() {
    let dir = format!("{}/tests/scenarios", env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort();
    assert!(files.len() >= 10, "the scenario files are found");
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let (first, second) = run_twice(&text);
        assert!(
            first.len() > 1000,
            "{}: a real report with a trace",
            path.display()
        );
        assert!(first == second, "{}: two runs differ", path.display());
    }
}
