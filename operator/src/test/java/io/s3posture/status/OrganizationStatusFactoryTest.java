package io.s3posture.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.s3posture.control.ControlName;
import io.s3posture.control.OutcomeState;
import io.s3posture.fleet.LedgerEntry;
import io.s3posture.fleet.PolicyLedger;
import io.s3posture.fleet.SubjectFacts;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class OrganizationStatusFactoryTest {

  private static final ControlName PUBLIC_ACCESS_BLOCK = ControlName.of("publicAccessBlock");

  private static Optional<PolicyLedger.SubjectRecord> record(LedgerEntry... entries) {
    Map<ControlName, LedgerEntry> notCompliant = new LinkedHashMap<>();
    for (LedgerEntry entry : entries) {
      notCompliant.put(entry.control(), entry);
    }
    return Optional.of(
        new PolicyLedger.SubjectRecord(
            Optional.of(Instant.EPOCH), false, notCompliant, Optional.empty(), SubjectFacts.NONE));
  }

  private static LedgerEntry entry(OutcomeState state) {
    return new LedgerEntry(
        PUBLIC_ACCESS_BLOCK,
        state,
        "AssumeRoleFailed",
        "expected",
        "observed",
        "message",
        Instant.EPOCH,
        state);
  }

  @Test
  void countsEachAccountByItsWorstControl() {
    Map<String, Optional<PolicyLedger.SubjectRecord>> members = new LinkedHashMap<>();
    members.put("111111111111", record());
    members.put("222222222222", record(entry(OutcomeState.DRIFTED)));
    members.put("333333333333", record(entry(OutcomeState.FAILED)));
    members.put("444444444444", Optional.empty());

    OrganizationStatusFactory.Tally tally = OrganizationStatusFactory.tally(members);

    assertThat(tally.compliant()).isEqualTo(1);
    assertThat(tally.notCompliant()).isEqualTo(1);
    assertThat(tally.failed()).isEqualTo(1);
    assertThat(tally.notChecked()).isEqualTo(1);
    assertThat(tally.failing()).containsExactly("333333333333");
  }

  @Test
  void theSummaryNamesTheFirstAccountsAndCountsTheRest() {
    Map<String, Map<ControlName, LedgerEntry>> notCompliant = new TreeMap<>();
    for (int i = 1; i <= 5; i++) {
      notCompliant.put(
          String.valueOf(i).repeat(12), Map.of(PUBLIC_ACCESS_BLOCK, entry(OutcomeState.FAILED)));
    }

    String summary = OrganizationStatusFactory.summary(notCompliant, 9);

    assertThat(summary)
        .startsWith("5 of 9 member account(s) not compliant: 111111111111: ")
        .contains("333333333333")
        .doesNotContain("444444444444")
        .endsWith("; and 2 more");
  }
}
