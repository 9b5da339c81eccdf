package io.s3posture.testing;

/** Names for JUnit resource locks on state that parallel tests share. */
public final class TestLocks {

  /**
   * moto's account-level settings (account public access block; the detection services: trails,
   * Config recorders, GuardDuty detectors, Macie) and {@code /moto-api/reset}.
   */
  public static final String MOTO_ACCOUNT = "moto-account";

  private TestLocks() {}
}
