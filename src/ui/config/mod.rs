//! Configuring the scenario with Kafka's config names: one form each for the
//! cluster (brokers and `server.properties`), topics, producers and consumers.
//! Each shows Kafka's default beside a field and the scenario format's own
//! validation message beside an invalid one; only a valid scenario is applied.

mod alter;
mod cluster;
mod consumers;
mod draft;
mod form;
pub(crate) mod messages;
mod producers;
mod topics;

pub use cluster::ClusterForm;
pub use consumers::ConsumersForm;
pub use form::FormProps;
pub use producers::ProducersForm;
pub use topics::TopicsForm;

#[cfg(test)]
mod tests;
