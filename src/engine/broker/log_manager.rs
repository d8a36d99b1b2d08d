//! The broker's log manager (`LogManager`, `LogCleaner`): when retention and
//! compaction run, and what they tell the trace.
//!
//! - R-RET-2: the `kafka-log-retention` task first runs
//!   `log.initial.task.delay.ms` after the broker starts, then every
//!   `log.retention.check.interval.ms`, over the logs whose `cleanup.policy` does
//!   not include `compact`. That interval is a read-only broker config in Kafka:
//!   it is read when the broker starts, and changing it takes a restart.
//! - R-COMPACT-1: one cleaner thread (`log.cleaner.threads=1`) starts with the
//!   broker. Each round it cleans the filthiest compacted log that qualifies
//!   (ties go to the first partition in topic-partition order), then runs
//!   retention over every compacted log (for `compact,delete` that is the whole
//!   of R-RET-3; for `compact` only the log-start rule). After a cleaning it
//!   starts the next round at once; when nothing qualified it sleeps
//!   `log.cleaner.backoff.ms` (a dynamic config: the next sleep uses the new
//!   value). Simplified: a cleaning takes no simulated time, and each log is
//!   cleaned at most once per wake-up (it could only qualify again with new data).
//! - Followers run both tasks on their own replicas, with their own HW (R-RET-8);
//!   segments below a log start offset taken from the leader (R-LOG-3) go at the
//!   next pass by the log-start rule.
//! - Topic configs are read at every pass, so `alter_config` of `retention.*`,
//!   `cleanup.policy`, `min.cleanable.dirty.ratio`, `delete.retention.ms` or the
//!   compaction lags takes effect at the next pass, as in Kafka; segment configs
//!   take effect at the next append's roll check.

use super::replica::Replica;
use super::{Broker, BrokerOut, BrokerTimer};
use crate::engine::config::LogConfig;
use crate::engine::event::EventKind;
use crate::engine::ids::Tp;
use crate::engine::log::{mix, LogToClean, RetentionOutcome};

impl Broker {
    /// Seeds this broker's `segment.jitter.ms` draws from the run's seed.
    pub fn with_log_seed(mut self, seed: u64) -> Self {
        self.log_seed = mix(seed ^ mix(u64::from(self.id)));
        self
    }

    /// A new, empty replica of `tp` on this broker.
    pub fn new_replica(&self, tp: Tp, config: LogConfig, now_ms: u64) -> Replica {
        let mut replica = Replica::new(config, now_ms);
        let salt = (u64::from(tp.topic) << 32) | u64::from(tp.partition);
        replica
            .log
            .set_roll_jitter_seed(mix(self.log_seed ^ mix(salt)));
        replica
    }

    /// Arms the retention task and the cleaner thread at broker start.
    pub fn start_log_tasks(&self, out: &mut BrokerOut) {
        let period_ms = self.config.retention_check_interval_ms;
        out.timer_in(
            self.config.initial_task_delay_ms,
            BrokerTimer::LogRetention { period_ms },
        );
        out.timer_in(0, BrokerTimer::LogCleaner);
    }

    /// `LogManager.cleanupLogs` (R-RET-2): retention over non-compacted logs.
    pub fn run_log_retention(&mut self, period_ms: u64, out: &mut BrokerOut) {
        let tps: Vec<Tp> = self
            .replicas
            .iter()
            .filter(|(_, r)| !r.config.cleanup_compact)
            .map(|(tp, _)| *tp)
            .collect();
        for tp in tps {
            self.apply_retention(tp, out);
        }
        out.timer_in(period_ms, BrokerTimer::LogRetention { period_ms });
    }

    /// One wake-up of the cleaner thread (`CleanerThread.doWork`, R-COMPACT-1).
    pub fn run_log_cleaner(&mut self, out: &mut BrokerOut) {
        let mut cleaned: Vec<Tp> = Vec::new();
        loop {
            let filthiest = self.filthiest_log(&cleaned, out.now_ms);
            if let Some((tp, to_clean)) = filthiest {
                cleaned.push(tp);
                self.clean_log(tp, &to_clean, out);
            }
            let compacted: Vec<Tp> = self
                .replicas
                .iter()
                .filter(|(_, r)| r.config.cleanup_compact)
                .map(|(tp, _)| *tp)
                .collect();
            for tp in compacted {
                self.apply_retention(tp, out);
            }
            if filthiest.is_none() {
                break;
            }
        }
        out.timer_in(self.config.cleaner_backoff_ms, BrokerTimer::LogCleaner);
    }

    /// `grabFilthiestCompactedLog`: the qualifying compacted log with the
    /// highest dirty ratio, skipping those cleaned in this wake-up.
    fn filthiest_log(&self, skip: &[Tp], now_ms: u64) -> Option<(Tp, LogToClean)> {
        let mut best: Option<(Tp, LogToClean)> = None;
        for (tp, replica) in &self.replicas {
            if !replica.config.cleanup_compact || skip.contains(tp) {
                continue;
            }
            let Some(to_clean) = replica.log.cleanable(&replica.config, now_ms) else {
                continue;
            };
            if !to_clean.qualifies(replica.config.min_cleanable_dirty_ratio_ppm) {
                continue;
            }
            if best.is_none_or(|(_, b)| to_clean.dirtier_than(&b)) {
                best = Some((*tp, to_clean));
            }
        }
        best
    }

    fn clean_log(&mut self, tp: Tp, to_clean: &LogToClean, out: &mut BrokerOut) {
        let me = self.id;
        let Some(replica) = self.replicas.get_mut(&tp) else {
            return;
        };
        let outcome = replica.log.clean(to_clean, &replica.config, out.now_ms);
        let dirty_ratio_ppm = to_clean.ratio_ppm();
        out.event(|| EventKind::LogCleaned {
            broker: me,
            tp,
            dirty_ratio_ppm,
            outcome: Box::new(outcome),
        });
    }

    /// `UnifiedLog.deleteOldSegments` on one replica, told to the trace.
    fn apply_retention(&mut self, tp: Tp, out: &mut BrokerOut) {
        let me = self.id;
        let Some(replica) = self.replicas.get_mut(&tp) else {
            return;
        };
        let RetentionOutcome {
            roll,
            deleted,
            log_start_moved,
        } = replica.log.delete_old_segments(&replica.config, out.now_ms);
        if let Some(roll) = roll {
            out.event(|| EventKind::SegmentRolled {
                broker: me,
                tp,
                base_offset: roll.new_base_offset,
                reason: roll.reason.name(),
            });
        }
        for segment in deleted {
            out.event(|| EventKind::SegmentDeleted {
                broker: me,
                tp,
                segment,
            });
        }
        if let Some((from, to)) = log_start_moved {
            out.event(|| EventKind::LogStartOffsetAdvanced {
                broker: me,
                tp,
                from,
                to,
            });
        }
    }
}
