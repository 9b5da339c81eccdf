package io.s3posture.aws;

import java.util.Optional;

/** Object lock: enabled or not, and the default retention of new object versions. */
public record ObjectLockState(boolean enabled, Optional<Retention> defaultRetention) {

  public static final ObjectLockState OFF = new ObjectLockState(false, Optional.empty());

  /**
   * Default retention: exactly one of days or years is set.
   *
   * @param mode GOVERNANCE or COMPLIANCE
   */
  public record Retention(String mode, Integer days, Integer years) {

    /** Normalises the unset one of days/years (some servers report it as 0) to null. */
    public static Retention of(String mode, Integer days, Integer years) {
      return new Retention(mode, positiveOrNull(days), positiveOrNull(years));
    }

    private static Integer positiveOrNull(Integer value) {
      return value == null || value <= 0 ? null : value;
    }

    @Override
    public String toString() {
      return mode + " " + (days != null ? days + " days" : years + " years");
    }
  }
}
