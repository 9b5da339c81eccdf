package io.s3posture.testing;

/** Names for JUnit resource locks on state that parallel tests share. */
public final class TestLocks {

  /**
   * moto's account-level settings (account public access block; the detection services: trails,
   * Config recorders, GuardDuty detectors, Macie) and {@code /moto-api/reset}.
   */
  public static final String MOTO_ACCOUNT = "moto-account";

  /**
   * moto's default EventBridge bus: PutEvents reaches every rule on it, so tests that publish
   * change events and count what their queue receives must not overlap.
   */
  public static final String EVENTBRIDGE_DEFAULT_BUS = "eventbridge-default-bus";

  /**
   * The cluster-wide openreports.io Report CRD: a test that needs it absent, installs it or deletes
   * it must not overlap with another that relies on it.
   */
  public static final String OPENREPORTS_CRD = "openreports-crd";

  private TestLocks() {}
}
