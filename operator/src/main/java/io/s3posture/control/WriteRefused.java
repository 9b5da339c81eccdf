package io.s3posture.control;

/**
 * Thrown by {@link Control#plan} when the write that would remove the drift is one the operator
 * must not make (for example a statement that would lock the operator itself out of the bucket).
 * The outcome says why; nothing is written and nothing is retried until the inputs change.
 */
public final class WriteRefused extends RuntimeException {

  public WriteRefused(String why) {
    super(why);
  }
}
