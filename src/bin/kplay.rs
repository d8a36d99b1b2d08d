//! `kplay`: the headless scenario runner.
fn main() {}
