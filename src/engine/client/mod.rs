//! Kafka clients: the producer, and the metadata view and partitioner it uses.

pub mod metadata;
pub mod partitioner;
pub mod producer;
