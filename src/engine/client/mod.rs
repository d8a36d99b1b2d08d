//! Kafka clients: the producer, and the metadata view and partitioner it uses.

pub mod consumer;
pub mod metadata;
pub mod partitioner;
pub mod producer;
