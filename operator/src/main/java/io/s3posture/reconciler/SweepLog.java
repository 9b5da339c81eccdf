package io.s3posture.reconciler;

import io.s3posture.control.OutcomeState;
import io.s3posture.fleet.GovernedBuckets;
import io.s3posture.fleet.LedgerEntry;
import io.s3posture.fleet.PolicyLedger;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One log line per policy per sweep, whatever fails and however often: a WARN with counts by reason
 * when reads or corrections failed, DEBUG otherwise. Each failure is logged at DEBUG where it
 * happens (logger {@code io.s3posture.control}); status, events (on transitions) and metrics (every
 * failure) carry the detail, so persistent failures cost a line per sweep, not one per call.
 */
final class SweepLog {

  private static final Logger LOG = LoggerFactory.getLogger(SweepLog.class);

  private SweepLog() {}

  static void completed(GovernedBuckets policy, PolicyLedger ledger) {
    if (!LOG.isWarnEnabled()) {
      return;
    }
    PolicyLedger.Counts counts = ledger.counts();
    int failed = counts.in(OutcomeState.FAILED);
    if (failed == 0 && !LOG.isDebugEnabled()) {
      return;
    }
    Map<String, String> context = MDC.getCopyOfContextMap();
    MDC.remove("bucket");
    MDC.put("namespace", policy.ref().namespace());
    MDC.put("policy", policy.ref().name());
    try {
      String summary =
          "check of "
              + counts.governed()
              + " bucket(s) done: "
              + counts.compliant()
              + " compliant, "
              + counts.in(OutcomeState.DRIFTED)
              + " drifted, "
              + counts.in(OutcomeState.NEEDS_HUMAN)
              + " need a person, "
              + counts.in(OutcomeState.CONFLICT)
              + " in conflict, "
              + failed
              + " failed";
      if (failed == 0) {
        LOG.debug(summary);
        return;
      }
      LOG.warn(
          "{} (failed bucket controls by reason: {}; details in status, events, metrics, and at"
              + " DEBUG)",
          summary,
          failuresByReason(ledger));
    } finally {
      MDC.setContextMap(context == null ? Map.of() : context);
    }
  }

  private static Map<String, Long> failuresByReason(PolicyLedger ledger) {
    return ledger.notCompliant().values().stream()
        .flatMap(controls -> controls.values().stream())
        .filter(entry -> entry.state() == OutcomeState.FAILED)
        .collect(Collectors.groupingBy(LedgerEntry::reason, TreeMap::new, Collectors.counting()));
  }
}
