//! Record colours (visual language: one accent per producer, or per key when
//! the user colours by key). Colours themselves live in the stylesheet; this
//! picks the class.

use crate::engine::log::Record;

use crate::ui::model::ColorBy;

/// How many distinct accents the stylesheet defines (`.c0` … `.c7`).
const ACCENTS: u32 = 8;

/// The accent of producer number `producer`.
pub fn producer_class(producer: u32) -> String {
    format!("c{}", producer % ACCENTS)
}

/// The accent class of a record cell.
pub fn record_class(record: &Record, color_by: ColorBy) -> String {
    match color_by {
        ColorBy::Producer => producer_class(record.id.producer),
        ColorBy::Key => match &record.key {
            // FNV-1a: a stable accent per key, the same on every replica.
            Some(key) => {
                let hash = key.bytes().fold(0x811c_9dc5_u32, |h, b| {
                    (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
                });
                format!("c{}", hash % ACCENTS)
            }
            None => "c-nokey".to_string(),
        },
    }
}
