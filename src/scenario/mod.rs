//! The scenario and report JSON format, version 1 (`shared/scenario-format.md`).
