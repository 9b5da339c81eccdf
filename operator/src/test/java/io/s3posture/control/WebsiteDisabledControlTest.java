package io.s3posture.control;

import static io.s3posture.control.ControlsSpecBuilder.controls;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WebsiteDisabledControlTest {

  private static final String BUCKET = "b";

  private final WebsiteDisabledControl control = new WebsiteDisabledControl();

  @Test
  void managedWhenNamed() {
    assertThat(control.desired(controls().websiteDisabled(ControlsSpecBuilder.on()).build()))
        .contains(true);
    assertThat(control.desired(controls().build())).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"true, website:DELETE", "false, ''"})
  void diff(boolean websiteConfigured, String drift) {
    assertThat(DriftSummary.of(control.diff(true, websiteConfigured)))
        .isEqualTo(drift.isEmpty() ? List.of() : List.of(drift));
  }

  @Test
  void remediationDeletesTheWebsiteConfigurationOnly() {
    FakeS3Gateway s3 = new FakeS3Gateway();
    s3.bucket(BUCKET).website(true);

    Remediation.apply(control, s3, BUCKET, true, true);

    assertThat(s3.calls()).containsExactly("DeleteBucketWebsite");
    assertThat(s3.bucket(BUCKET).website.get()).isFalse();
    assertThat(control.diff(true, Remediation.observe(control, s3, BUCKET)).isNone()).isTrue();
  }
}
