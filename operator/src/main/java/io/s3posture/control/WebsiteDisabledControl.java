package io.s3posture.control;

import io.s3posture.api.v1alpha1.ControlsSpec;
import java.util.List;
import java.util.Optional;

/** No static website hosting: the website configuration is deleted, objects are untouched. */
public final class WebsiteDisabledControl implements BucketControl<Boolean, Boolean> {

  public static final ControlInfo INFO =
      ControlInfo.of("websiteDisabled", "PutBucketWebsite", "DeleteBucketWebsite")
          .audited(
              CheckInfo.of(
                      "websiteDisabled",
                      Severity.MEDIUM,
                      "Static website hosting disabled",
                      "Website endpoints are HTTP-only and serve objects to anyone who can read them.")
                  .mitigates(AttackTechnique.DATA_FROM_CLOUD_STORAGE));

  @Override
  public ControlInfo info() {
    return INFO;
  }

  @Override
  public Optional<Declared<Boolean>> declared(ControlsSpec controls) {
    return Optional.ofNullable(controls.websiteDisabled())
        .map(spec -> Declared.of(true, spec.mode()));
  }

  @Override
  public Boolean observe(BucketSubject subject) {
    return subject.s3().hasWebsite(subject.bucket());
  }

  @Override
  public Drift diff(Boolean required, Boolean websiteConfigured) {
    return websiteConfigured
        ? Drift.of(FieldDrift.delete("website", "Disabled", "Enabled"))
        : Drift.NONE;
  }

  @Override
  public List<Write<BucketSubject>> plan(
      BucketSubject subject, Boolean required, Boolean observed) {
    return List.of(
        Write.of(
            "DeleteBucketWebsite",
            "remove the website configuration (objects are untouched)",
            s -> s.s3().deleteWebsite(s.bucket())));
  }

  @Override
  public Optional<Boolean> combine(Boolean a, Boolean b) {
    return Optional.of(true);
  }
}
