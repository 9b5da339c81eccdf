package io.s3posture.localstack;

/** A local stack component could not be found or started. The message names the tool and why. */
public class StackStartupException extends RuntimeException {

  private final String tool;

  public StackStartupException(String tool, String reason) {
    super(tool + ": " + reason);
    this.tool = tool;
  }

  public StackStartupException(String tool, String reason, Throwable cause) {
    super(tool + ": " + reason, cause);
    this.tool = tool;
  }

  public String tool() {
    return tool;
  }
}
