package io.s3posture.operator;

/** Runs the operator. Placeholder until the reconciler lands. */
public final class OperatorCommand {

  private OperatorCommand() {}

  public static void main(String[] args) {
    throw new UnsupportedOperationException("operator: not implemented yet");
  }
}
