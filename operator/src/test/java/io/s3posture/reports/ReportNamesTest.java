package io.s3posture.reports;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReportNamesTest {

  private static final String DNS_SUBDOMAIN =
      "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
  private static final String LABEL_VALUE = "[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?";

  @Test
  void aShortNameIsKept() {
    assertThat(ReportNames.reportName("baseline")).isEqualTo("s3posture-baseline");
    assertThat(ReportNames.labelValue("baseline")).isEqualTo("baseline");
  }

  @Test
  void aLongNameIsCutToAValidNameEndingWithItsHash() {
    String policy = "a".repeat(60) + "." + "b".repeat(192); // 253 characters, a valid name
    String name = ReportNames.reportName(policy);
    String label = ReportNames.labelValue(policy);

    assertThat(name).hasSize(253).matches(DNS_SUBDOMAIN).startsWith("s3posture-aaa");
    assertThat(label).hasSizeLessThanOrEqualTo(63).matches(LABEL_VALUE);
  }

  @Test
  void aCutNeverEndsInAHyphenOrDotBeforeTheHash() {
    String policy = "a".repeat(51) + "-.-" + "c".repeat(40);
    assertThat(ReportNames.labelValue(policy)).matches(LABEL_VALUE).doesNotContain("--");
  }

  @Test
  void twoLongNamesWithTheSamePrefixGetDifferentReports() {
    String prefix = "x".repeat(250);
    assertThat(ReportNames.reportName(prefix + "-a"))
        .isNotEqualTo(ReportNames.reportName(prefix + "-b"));
    assertThat(ReportNames.labelValue(prefix + "-a"))
        .isNotEqualTo(ReportNames.labelValue(prefix + "-b"));
  }
}
