package io.s3posture.control;

import io.s3posture.api.v1alpha1.BasicControlSpec;
import io.s3posture.api.v1alpha1.ControlsSpec;
import io.s3posture.api.v1alpha1.EncryptionSpec;
import io.s3posture.api.v1alpha1.Mode;
import io.s3posture.api.v1alpha1.PublicAccessBlockSpec;
import io.s3posture.api.v1alpha1.TlsOnlySpec;
import io.s3posture.api.v1alpha1.VersioningSpec;

/** Shorthands for tests that build a {@link ControlsSpec} ({@link ControlsSpec#builder()}). */
public final class ControlsSpecBuilder {

  private ControlsSpecBuilder() {}

  public static ControlsSpec.Builder controls() {
    return ControlsSpec.builder();
  }

  public static BasicControlSpec on() {
    return new BasicControlSpec(null);
  }

  public static BasicControlSpec on(Mode mode) {
    return new BasicControlSpec(mode);
  }

  public static TlsOnlySpec tls() {
    return new TlsOnlySpec(null);
  }

  public static TlsOnlySpec tls(Mode mode) {
    return new TlsOnlySpec(mode);
  }

  public static PublicAccessBlockSpec allFlags() {
    return new PublicAccessBlockSpec(true, true, true, true, null);
  }

  public static EncryptionSpec sseS3() {
    return new EncryptionSpec(null, null, null, null, null);
  }

  public static VersioningSpec versioningEnabled() {
    return new VersioningSpec(VersioningSpec.Status.Enabled, null, null);
  }
}
