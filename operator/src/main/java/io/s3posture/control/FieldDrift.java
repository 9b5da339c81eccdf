package io.s3posture.control;

/** One setting that differs from what the policy requires. */
public record FieldDrift(String field, String expected, String observed, Remedy remedy) {

  public static FieldDrift put(String field, Object expected, Object observed) {
    return new FieldDrift(field, String.valueOf(expected), String.valueOf(observed), Remedy.PUT);
  }

  public static FieldDrift delete(String field, Object expected, Object observed) {
    return new FieldDrift(field, String.valueOf(expected), String.valueOf(observed), Remedy.DELETE);
  }

  public static FieldDrift notRemediable(String field, Object expected, Object observed) {
    return new FieldDrift(
        field, String.valueOf(expected), String.valueOf(observed), Remedy.NOT_REMEDIABLE);
  }
}
