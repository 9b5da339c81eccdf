package io.s3posture.control;

import io.s3posture.api.v1alpha1.ControlsSpec;
import io.s3posture.aws.S3Gateway;
import java.util.Optional;

/** No static website hosting: the website configuration is deleted, objects are untouched. */
public final class WebsiteDisabledControl implements Control<Boolean, Boolean> {

  @Override
  public ControlName name() {
    return ControlName.WEBSITE_DISABLED;
  }

  @Override
  public Optional<Boolean> desired(ControlsSpec controls) {
    return Optional.ofNullable(controls.websiteDisabled()).map(spec -> true);
  }

  @Override
  public Boolean observe(S3Gateway gateway, String bucket) {
    return gateway.hasWebsite(bucket);
  }

  @Override
  public Drift diff(Boolean required, Boolean websiteConfigured) {
    return websiteConfigured
        ? Drift.of(FieldDrift.delete("website", "Disabled", "Enabled"))
        : Drift.NONE;
  }

  @Override
  public void remediate(S3Gateway gateway, String bucket, Boolean required, Boolean observed) {
    gateway.deleteWebsite(bucket);
  }
}
